package io.snclr.experiments;

import io.snclr.config.RunConfigs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A budget and the tables run at it: one YAML file of {@code configs/experiments/} (bundled in the jar), or a file
 * of the user's. {@code snclr ablate --experiment NAME} runs what is missing and writes its page.
 *
 * @param recipe the run configuration every cell starts from: a recipe name or a YAML file (null: the defaults)
 * @param set settings over the recipe, by flag name (the budget: images, epochs, width, batch; the cells' linear
 *     probe, e.g. {@code linear-mode: fast})
 * @param everyMethod method settings applied to every method that has them (queue length, K)
 * @param seeds the seeds of the tables that repeat over seeds (the first is the seed of the others)
 * @param methods the compared methods
 * @param reference the method every other is paired with (null: the last of {@code methods})
 * @param tables table ids ({@link PaperTables})
 * @param benchSteps timed steps of each queue-overhead benchmark
 * @param records where the cells' result records are kept (commit them)
 * @param page the Markdown page written from the records; its CSV and PNG files go beside it
 * @param cells where the cells' run directories go
 */
public record Experiment(
        String description,
        String recipe,
        Map<String, Object> set,
        Map<String, Object> everyMethod,
        List<Long> seeds,
        List<String> methods,
        String reference,
        List<String> tables,
        int benchSteps,
        Path records,
        Path page,
        Path cells) {
    /** The experiment {@code snclr ablate} runs when none is named. */
    public static final String DEFAULT = "fm5k";

    public Experiment {
        set = set == null ? Map.of() : Map.copyOf(set);
        everyMethod = everyMethod == null ? Map.of() : Map.copyOf(everyMethod);
        if (seeds == null || seeds.isEmpty()) throw new IllegalArgumentException("seeds: at least one seed");
        if (methods == null || methods.isEmpty()) throw new IllegalArgumentException("methods: at least one method");
        if (reference == null) reference = methods.get(methods.size() - 1);
        if (!methods.contains(reference)) {
            throw new IllegalArgumentException("reference: " + reference + " is not one of the methods " + methods);
        }
        if (tables == null || tables.isEmpty()) throw new IllegalArgumentException("tables: at least one table");
        tables.forEach(PaperTables::byId);
        if (benchSteps < 1) throw new IllegalArgumentException("bench-steps: at least 1");
        if (records == null || page == null) throw new IllegalArgumentException("records and page: both needed");
        if (cells == null) cells = Path.of("runs", "ablate");
    }

    /**
     * The experiment named {@code nameOrFile}: a YAML file, or one bundled under {@code configs/experiments/}.
     */
    public static Experiment load(String nameOrFile) {
        Path file = Path.of(nameOrFile);
        if (Files.isRegularFile(file)) return RunConfigs.readYaml(file, null, Experiment.class, "an experiment");
        String resource = "/configs/experiments/" + nameOrFile + ".yaml";
        try (InputStream in = Experiment.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("--experiment " + nameOrFile
                        + ": no such file, and no bundled experiment of that name (configs/experiments/)");
            }
            return RunConfigs.readYaml(Path.of(resource), in, Experiment.class, "an experiment");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This experiment with what the command line changed. */
    public Experiment with(
            Map<String, Object> moreSet,
            Map<String, Object> moreEveryMethod,
            List<Long> newSeeds,
            List<String> newMethods,
            List<String> newTables,
            Path newRecords,
            Path newPage,
            Path newCells,
            Integer newBenchSteps) {
        Map<String, Object> s = new java.util.LinkedHashMap<>(set);
        s.putAll(moreSet);
        Map<String, Object> e = new java.util.LinkedHashMap<>(everyMethod);
        e.putAll(moreEveryMethod);
        List<String> m = newMethods != null ? newMethods : methods;
        return new Experiment(
                description,
                recipe,
                s,
                e,
                newSeeds != null ? newSeeds : seeds,
                m,
                m.contains(reference) ? reference : null,
                newTables != null ? newTables : tables,
                newBenchSteps != null ? newBenchSteps : benchSteps,
                newRecords != null ? newRecords : records,
                newPage != null ? newPage : page,
                newCells != null ? newCells : cells);
    }
}
