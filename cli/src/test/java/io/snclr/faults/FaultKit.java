package io.snclr.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snclr.cli.Args;
import io.snclr.cli.CliCapture;
import io.snclr.cli.CliCapture.Outcome;
import io.snclr.data.TestImages;
import io.snclr.rundir.RunFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What the fault tests share: tiny real runs (256 Fashion-MNIST images, 8 steps an epoch) and ways to damage files. */
final class FaultKit {
    private FaultKit() {}

    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] TINY = {
        "--limit",
        "256",
        "--test-limit",
        "200",
        "--batch-size",
        "32",
        "--width",
        "0.0625",
        "--queue",
        "256",
        "--neighbors",
        "5",
        "--proj-hidden",
        "64",
        "--pred-hidden",
        "64",
        "--dim",
        "32",
        "--knn-k",
        "20",
        "--progress",
        "off",
        "--threads",
        "1",
        "--neighbor-warmup-epochs",
        "0"
    };

    static Outcome run(String... args) {
        return CliCapture.run(args);
    }

    static String[] pretrain(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("pretrain", "--out", out.toString()));
        a.addAll(Arrays.asList(TINY));
        a.addAll(Arrays.asList(more));
        return a.toArray(String[]::new);
    }

    /** A two-class ImageFolder tree ({@code a/}, {@code b/}) of {@code n} photos of w×h in {@code format}. */
    static Path photoFolder(Path dir, int n, int w, int h, String format) throws IOException {
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve(i % 2 == 0 ? "a" : "b").resolve(i + "." + format);
            Files.createDirectories(f.getParent());
            Files.write(f, TestImages.encode(TestImages.photo(w, h, i), format));
        }
        return dir;
    }

    /** A run of no steps on a folder of images (16 px, width 1/16, batch 4): indexes the folder, writes the run. */
    static Outcome indexRun(Path images, Path run, String... more) {
        return run(Args.untrainedOn(images, run, more));
    }

    /** step → loss of a run's metrics.jsonl; every step must appear once. */
    static TreeMap<Long, Double> losses(Path run) throws Exception {
        TreeMap<Long, Double> out = new TreeMap<>();
        for (String line : Files.readAllLines(run.resolve(RunFiles.METRICS))) {
            JsonNode r = JSON.readTree(line);
            if (!r.has("step")) continue;
            assertEquals(null, out.put(r.get("step").asLong(), r.get("loss").asDouble()), "step logged twice: " + line);
        }
        return out;
    }

    static void assertSameLosses(TreeMap<Long, Double> expected, TreeMap<Long, Double> got) {
        assertEquals(expected.keySet(), got.keySet());
        for (var e : expected.entrySet()) {
            assertEquals(e.getValue(), got.get(e.getKey()), 1e-4 * Math.abs(e.getValue()), "step " + e.getKey());
        }
    }

    static void flipBytes(Path file, long at, int count) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            for (int i = 0; i < count; i++) {
                f.seek(at + i);
                int b = f.read();
                f.seek(at + i);
                f.write(b ^ 0x5a);
            }
        }
    }

    static List<Path> temporaries(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
