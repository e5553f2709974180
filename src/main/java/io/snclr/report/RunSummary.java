package io.snclr.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** The outcome of a run as {@code summary.json} (machine-readable) and {@code report.md} (for people). */
public final class RunSummary {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunSummary() {}

    public static void write(Path runDir, Map<String, Object> summary) {
        try {
            atomically(runDir.resolve("summary.json"), JSON.writeValueAsString(summary));
            StringBuilder md = new StringBuilder("# snclr run: ").append(runDir.getFileName()).append("\n\n");
            md.append("| key | value |\n|---|---|\n");
            for (var e : summary.entrySet()) md.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
            md.append("\nPer-step metrics: `metrics.jsonl`; configuration: `config.yaml`; encoder: `encoder.pt` + "
                    + "`encoder.json`; full training state: `checkpoint.pt`.\n");
            atomically(runDir.resolve("report.md"), md.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(runDir + ": cannot write the run summary", e);
        }
    }

    private static void atomically(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
