package io.snclr.rundir;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.snclr.files.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a finished pre-training run ended with: {@code summary.json}, written once when the run finishes and read by
 * the command line, the report and the experiments. Its keys are the components' names in snake case
 * ({@code knn_top1}, {@code train_seconds_this_session}); what a run did not measure is left out.
 *
 * @param trainSecondsThisSession wall time of the session that finished the run
 * @param imagesFailed streamed sets only: images that failed to decode during training and were replaced
 * @param finalLoss the last step's loss (null when the session ran no step)
 * @param collapsed when the representations collapsed, in words (null: they did not)
 * @param knnTop1 kNN on the test split (the rest of the kNN fields are null without one)
 * @param snclrVersion the version that wrote it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PretrainSummary(
        String method,
        String encoder,
        int trainImages,
        int epochs,
        int batchSize,
        long steps,
        long trainSecondsThisSession,
        int imagesSkipped,
        Integer imagesFailed,
        Double finalLoss,
        String collapsed,
        Double knnTop1,
        Double knnTop5,
        Integer knnK,
        Double knnTemperature,
        Integer testImages,
        String snclrVersion) {

    /** Writes summary.json and report.md into the run directory. */
    public void write(Path runDir) {
        RunSummary.write(runDir, asMap());
    }

    /** The summary as summary.json holds it, key by key in order. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> asMap() {
        return Json.MAPPER.convertValue(this, LinkedHashMap.class);
    }

    /** The run directory's summary, or null when the run has not finished. */
    public static PretrainSummary read(Path runDir) {
        Path file = runDir.resolve(RunFiles.SUMMARY);
        if (!Files.isRegularFile(file)) return null;
        try {
            return Json.MAPPER.readValue(file.toFile(), PretrainSummary.class);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": not a summary of a pre-training run: " + e.getMessage(), e);
        }
    }
}
