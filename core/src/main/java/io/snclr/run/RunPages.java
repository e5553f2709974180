package io.snclr.run;

import io.snclr.method.MetricSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Pages for people that a finished run writes beside its files: the command line's report.html with its charts. The
 * library writes none by default, so a service that trains needs no charting library.
 */
@FunctionalInterface
public interface RunPages {
    RunPages NONE = (dir, metrics) -> {};

    /** Writes the pages of the finished run in {@code dir}, whose method logged {@code metrics}. */
    void write(Path dir, List<MetricSpec> metrics);
}
