package io.snclr.train;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows progress: a bar with rate and ETA on a terminal, or a log line every few steps when the output is a file
 * or CI log (where a redrawn bar would be noise), or when no {@link TerminalProgress} is installed.
 */
final class StepReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StepReporter.class);

    private final TerminalProgress.Bar bar;
    private final long total;
    private final int logEvery;
    private final long start = System.nanoTime();
    private final long firstStep;

    StepReporter(boolean showBar, long firstStep, long total, int logEvery) {
        this.total = total;
        this.firstStep = firstStep;
        this.logEvery = Math.max(1, logEvery);
        this.bar = showBar
                ? TerminalProgress.installed()
                        .map(p -> p.open("pretrain", firstStep, total))
                        .orElse(null)
                : null;
    }

    void step(long step, int epoch, double loss, Map<String, Double> metrics) {
        if (bar != null) {
            // a leading space: the bar's rate (".2/s") runs straight into the message otherwise
            bar.show(step + 1, String.format(java.util.Locale.ROOT, " epoch %d, loss %.3f", epoch, loss));
            return;
        }
        long done = step + 1;
        if (done % logEvery == 0 || done == total) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            double perStep = elapsed / Math.max(1, done - firstStep);
            LOG.info(String.format(
                    "step %d/%d epoch %d loss %.4f lr %.3g %.2f s/step ETA %.0f s",
                    done,
                    total,
                    epoch,
                    loss,
                    metrics.getOrDefault("lr", Double.NaN),
                    perStep,
                    perStep * (total - done)));
        }
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
