package io.snclr.rundir;

import io.snclr.data.ImageSet;
import io.snclr.data.StreamedImages;
import io.snclr.files.AtomicFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The run's account of unusable training images: counts for summary.json, the list with reasons beside it. */
public final class SkippedImages {
    private SkippedImages() {}

    /** Writes {@code skipped-images.txt} when there are any; returns the counts for the summary. */
    public static Map<String, Object> write(Path dir, ImageSet train) {
        StreamedImages streamed = train.streamed();
        Map<String, String> failed = streamed == null ? Map.of() : streamed.failures();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("images_skipped", train.skipped().size());
        if (streamed != null) counts.put(Metric.IMAGES_FAILED, failed.size());
        if (train.skipped().isEmpty() && failed.isEmpty()) return counts;
        List<String> lines = new ArrayList<>();
        for (String s : train.skipped()) lines.add("left out\t" + s);
        failed.forEach((file, why) -> lines.add("replaced\t" + file + " (" + why + ")"));
        AtomicFile.write(dir.resolve(RunFiles.SKIPPED_IMAGES), tmp -> Files.write(tmp, lines));
        return counts;
    }
}
