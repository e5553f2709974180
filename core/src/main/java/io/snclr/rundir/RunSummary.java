package io.snclr.rundir;

import io.snclr.files.AtomicFile;
import io.snclr.files.Json;
import java.nio.file.Path;
import java.util.Map;

/**
 * The outcome of a run as {@code summary.json} (machine-readable) and {@code report.md} (for people): a pre-training
 * run's is a {@link PretrainSummary}, a fine-tuning's its own few numbers.
 */
public final class RunSummary {
    private RunSummary() {}

    public static void write(Path runDir, Map<String, Object> summary) {
        Json.write(runDir.resolve(RunFiles.SUMMARY), summary);
        StringBuilder md =
                new StringBuilder("# snclr run: ").append(runDir.getFileName()).append("\n\n");
        md.append("| key | value |\n|---|---|\n");
        for (var e : summary.entrySet())
            md.append("| ")
                    .append(e.getKey())
                    .append(" | ")
                    .append(e.getValue())
                    .append(" |\n");
        md.append("\nPer-step metrics: `metrics.jsonl`; configuration: `config.yaml`; encoder: `encoder.pt` + "
                + "`encoder.json`; full training state: `checkpoint.pt`.\n");
        AtomicFile.writeString(runDir.resolve(RunFiles.REPORT_MD), md.toString());
    }
}
