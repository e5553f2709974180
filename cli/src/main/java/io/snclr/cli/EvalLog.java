package io.snclr.cli;

import io.snclr.rundir.PretrainSummary;
import io.snclr.rundir.TensorBoardLog;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Results of the evaluation commands added to the run's TensorBoard files, beside its training curves. */
final class EvalLog {
    private static final Logger LOG = LoggerFactory.getLogger(EvalLog.class);

    private EvalLog() {}

    /** {@code values} under {@code eval/} at the run's last step; a run directory that cannot be written is said once. */
    static void add(Path run, Map<String, ?> values) {
        PretrainSummary summary = PretrainSummary.read(run);
        long step = summary == null ? 0 : summary.steps();
        try {
            TensorBoardLog.evaluation(run, step, values);
        } catch (UncheckedIOException e) {
            LOG.warn("{}: the results are not added to its TensorBoard files ({})", run, e.getMessage());
        }
    }
}
