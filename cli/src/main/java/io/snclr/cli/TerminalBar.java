package io.snclr.cli;

import io.snclr.train.TerminalProgress;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The command line's progress bar (rate and ETA), registered for the training loop as a service. */
public final class TerminalBar implements TerminalProgress {
    @Override
    public Bar open(String task, long firstStep, long total) {
        ProgressBar bar = bar(task, firstStep, total);
        return new Bar() {
            @Override
            public void show(long stepsDone, String message) {
                bar.stepTo(stepsDone);
                bar.setExtraMessage(message);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    /** The bar every command draws: task name, count, rate and ETA, redrawn twice a second. */
    static ProgressBar bar(String task, long firstStep, long total) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUpdateIntervalMillis(500)
                .showSpeed()
                .startsFrom(firstStep, Duration.ZERO)
                .build();
    }
}
