package io.snclr.cli;

import io.snclr.config.Recipes;
import io.snclr.config.RunConfig;
import io.snclr.config.RunConfigs;
import io.snclr.experiments.Ablation;
import io.snclr.experiments.Experiment;
import io.snclr.experiments.PaperTables;
import io.snclr.method.Methods;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snclr ablate}: an experiment of {@code configs/experiments/} (the papers' comparison and ablation tables at
 * one budget), run in this process. Every cell is an ordinary run directory and leaves a result record; cells with a
 * record are not run again, interrupted ones resume, and the page is written from the records alone.
 */
@Command(
        name = "ablate",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Run an experiment (the method comparison and the papers' ablation tables at one budget) and "
                + "write its results page from the result records; resumable. Run settings given as flags change "
                + "the experiment's budget (then name new --records).")
public final class AblateCommand implements Callable<Integer>, RunSettings {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--experiment",
            defaultValue = Experiment.DEFAULT,
            description =
                    "a bundled experiment (configs/experiments/NAME.yaml) or a YAML file (default: ${DEFAULT-VALUE})")
    String experiment;

    @Option(
            names = "--config",
            description = "a recipe (snclr recipes lists them) or a YAML file of settings (sections as in a run's "
                    + "config.yaml, or flat flag names); flags win")
    String config;

    @Option(
            names = "--tables",
            split = ",",
            description = "tables to run instead of the experiment's: one of "
                    + "compare, tab4, tab5, tab6, tab7, investigate, similarity, spcl-tab2, spcl-prototypes, "
                    + "select-temperature, compare-tuned, tab4-seeds, neighbour-curves")
    List<String> tables;

    @Option(names = "--methods", split = ",", description = "the compared methods, instead of the experiment's")
    List<String> methods;

    @Option(names = "--seeds", split = ",", description = "seeds, instead of the experiment's")
    List<Long> seeds;

    @Option(names = "--records", description = "directory of the result records, instead of the experiment's")
    Path records;

    @Option(names = "--results", description = "the page to write, instead of the experiment's")
    Path results;

    @Option(names = "--out", description = "directory of the cells' run directories (default: runs/ablate)")
    Path out;

    @Option(names = "--bench-steps", description = "timed steps of each queue-overhead benchmark")
    Integer benchSteps;

    @Override
    public String[] sections() {
        return RunOptions.TRAINING.toArray(String[]::new);
    }

    @Override
    public Integer call() {
        if (tables != null) tables.forEach(PaperTables::byId);
        if (methods != null) methods.forEach(Methods::byName);
        Map<String, Object> set = new LinkedHashMap<>(), everyMethod = new LinkedHashMap<>();
        RunOptions.given(spec).forEach((flag, value) -> {
            boolean method = RunConfigs.keys().stream().anyMatch(k -> k.flag().equals(flag) && k.isMethodKey());
            (method ? everyMethod : set).put(flag, value);
        });
        Experiment e = Experiment.load(experiment);
        if ((!set.isEmpty() || !everyMethod.isEmpty() || config != null) && records == null) {
            throw new IllegalArgumentException("--records: required when run settings or --config change the "
                    + "experiment's budget (its records are of that budget)");
        }
        e = e.with(set, everyMethod, seeds, methods, tables, records, results, out, benchSteps);
        String recipeName = config != null ? config : e.recipe();
        RunConfig recipe = recipeName != null ? Recipes.load(recipeName) : RunConfig.DEFAULT;
        Path written = Ablation.run(e, recipe);
        spec.commandLine().getOut().println("results: " + written);
        return 0;
    }
}
