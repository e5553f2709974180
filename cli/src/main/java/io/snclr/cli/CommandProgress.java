package io.snclr.cli;

import io.snclr.train.Throttled;
import java.util.function.IntConsumer;
import me.tongfei.progressbar.ProgressBar;
import org.slf4j.Logger;

/**
 * Progress of a long command (a selection, a near-duplicate search, a kNN evaluation): a bar with rate and ETA on a
 * terminal, else a log line at most every ten seconds, so that a log file is not flooded.
 */
final class CommandProgress implements IntConsumer, AutoCloseable {
    private final ProgressBar bar;
    private final IntConsumer lines;

    private CommandProgress(ProgressBar bar, IntConsumer lines) {
        this.bar = bar;
        this.lines = lines;
    }

    /** @param what what is counted, for the log line ({@code "images searched"}) */
    static CommandProgress open(String task, long total, String what, Logger log) {
        if (System.console() != null) {
            return new CommandProgress(TerminalBar.bar(task, 0, total), null);
        }
        return new CommandProgress(null, new Throttled(done -> log.info("{}: {} of {} {}", task, done, total, what)));
    }

    @Override
    public void accept(int done) {
        if (bar != null) bar.stepTo(done);
        else lines.accept(done);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
