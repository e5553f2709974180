package io.snclr.cli;

import io.snclr.config.RunConfig;
import io.snclr.config.RunConfigs;
import io.snclr.method.Methods;
import io.snclr.run.ablate.AblationTables;
import io.snclr.run.ablate.Grid;
import io.snclr.train.LoopConfig;
import io.snclr.train.Progress;
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
 * {@code snclr ablate}: the paper's comparison and ablation tables at one equal CPU budget, run in this process. Every
 * cell is an ordinary run directory under {@code --out} and leaves a result record under {@code --records}; cells with
 * a record are not run again, interrupted ones resume, and the results page is regenerated from the records alone.
 */
@Command(
        name = "ablate",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Run the method comparison and the paper's ablations (Tab. 4-7) at an equal budget; resumable.")
public final class AblateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", description = "YAML file of the base recipe (run settings) every cell starts from")
    Path config;

    @Option(names = "--out", defaultValue = "runs/ablate", description = "directory of the cells' run directories")
    Path out;

    @Option(names = "--records", description = "directory of the result records (default: docs/results/<budget>)")
    Path records;

    @Option(names = "--results", defaultValue = "docs/results.md", description = "the generated results page")
    Path results;

    @Option(
            names = "--tables",
            defaultValue = "compare,tab4,tab5,tab6,tab7,similarity,spcl-tab2,spcl-prototypes",
            split = ",",
            description = "which tables: " + AblationTables.NAMES_TEXT)
    List<String> tables;

    @Option(
            names = "--methods",
            defaultValue = "snclr,mocov3,byol,nnclr,simclr,spcl",
            split = ",",
            description = "methods of the comparison table")
    List<String> methods;

    @Option(names = "--seeds", defaultValue = "0,1", split = ",", description = "seeds of the method comparison")
    List<Long> seeds;

    @Option(names = "--limit", defaultValue = "5000", description = "training images (class-balanced)")
    int limit;

    @Option(names = "--epochs", defaultValue = "4")
    int epochs;

    @Option(names = "--width", defaultValue = "0.25")
    double width;

    @Option(names = "--batch-size", defaultValue = "128")
    int batchSize;

    @Option(names = "--queue", defaultValue = "4096")
    int queue;

    @Option(names = "--neighbors", defaultValue = "30")
    int neighbors;

    @Option(names = "--linear-epochs", defaultValue = "30")
    int linearEpochs;

    @Option(names = "--bench-steps", defaultValue = "5")
    int benchSteps;

    @Option(names = "--threads", defaultValue = "0")
    int threads;

    @Override
    public Integer call() {
        AblationTables.requireKnown(tables);
        for (String m : methods) Methods.byName(m);
        RunConfig base = config != null ? RunConfigs.read(config) : RunConfig.DEFAULT;
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("limit", limit);
        budget.put("epochs", epochs);
        budget.put("width", width);
        budget.put("batch-size", batchSize);
        budget.put("threads", threads);
        base = RunConfigs.override(base, budget, "");
        base = base.withLoop(new LoopConfig(
                0, 1, 20, Progress.OFF, base.loop().prefetch(), base.loop().checkpointMinutes()));
        Path recordDir = records != null
                ? records
                : Path.of(
                        "docs",
                        "results",
                        String.format("fm%d-ep%d-w%s-b%d-q%d-k%d", limit, epochs, width, batchSize, queue, neighbors));
        Grid grid = new Grid(base, Map.of("queue", queue, "neighbors", neighbors), out, recordDir, linearEpochs);
        AblationTables page =
                new AblationTables(grid, methods, seeds, queue, neighbors, benchSteps, out.resolve("bench"));
        Path written = page.write(
                tables,
                results,
                String.format(
                        "Budget per cell: Fashion-MNIST, %d class-balanced "
                                + "training images, %s, batch %d, %d epochs, queue %d, K = %d, AdamW lr 2e-3 per 256, neighbour warm-up "
                                + "1 epoch; kNN k = 200, T = 0.07 and a %d-epoch fast linear probe, both on the full 10,000-image test set. "
                                + "SPCL: P = 50 prototypes (k-means on one augmented view per image each epoch), half of each batch from "
                                + "its anchor prototype, λ_c = λ_m = λ_p = 1, plain CE, NT-Xent T = 0.2. Seeds %s; \"a ± s (b-c)\" is the mean, "
                                + "the sample standard deviation and the range over seeds; paired rows are per-seed differences in points. "
                                + "Forward passes in %s. Records: `%s`; cells: `%s`.",
                        limit,
                        base.encoder().describe(),
                        batchSize,
                        epochs,
                        queue,
                        neighbors,
                        linearEpochs,
                        seeds,
                        base.engine().precision().name().toLowerCase(),
                        recordDir,
                        out));
        spec.commandLine().getOut().println("results: " + written);
        return 0;
    }
}
