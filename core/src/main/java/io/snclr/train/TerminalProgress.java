package io.snclr.train;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A progress bar drawn on a terminal. The command line provides one (registered as a {@link ServiceLoader} service);
 * without it, training reports progress as log lines, so the library needs no terminal library.
 */
public interface TerminalProgress {
    /** A bar over {@code total} steps, starting at {@code firstStep} (a resumed run). */
    Bar open(String task, long firstStep, long total);

    /** One bar; closed when the loop ends. */
    interface Bar extends AutoCloseable {
        void show(long stepsDone, String message);

        @Override
        void close();
    }

    /** The bar on the class path, if any. */
    static Optional<TerminalProgress> installed() {
        return ServiceLoader.load(TerminalProgress.class).findFirst();
    }
}
