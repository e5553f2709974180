package io.snclr.cli;

import io.snclr.config.RunConfig;
import io.snclr.config.RunConfigFile;
import io.snclr.data.ImageSet;
import io.snclr.data.Split;
import io.snclr.engine.Engine;
import io.snclr.eval.NeighborDisplay;
import io.snclr.method.NeighborRanking;
import io.snclr.run.TrainedMethod;
import io.snclr.rundir.RunDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snclr neighbors}: query images with their top-K candidates ranked by positiveness, as a PNG grid and an HTML
 * page. The run is rebuilt from its own config.yaml, so the networks and the training images are the run's own.
 */
@Command(
        name = "neighbors",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Show query images with their top-K candidates and positiveness scores (PNG grid + HTML page).")
public final class NeighborsCommand implements Callable<Integer>, RunSettings {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--run",
            required = true,
            description = "an snclr or mocov3 run directory (checkpoint.pt, config.yaml)")
    Path run;

    @Option(names = "--queries", defaultValue = "8", description = "number of random query images")
    int queries;

    @Option(names = "--indices", split = ",", description = "query images by index (instead of random ones)")
    List<Integer> indices;

    @Option(names = "--split", defaultValue = "test", description = "where the queries come from: test or train")
    Split split;

    @Option(names = "--k", description = "candidates per query (default: the run's --neighbors)")
    Integer k;

    @Option(names = "--show", defaultValue = "8", description = "neighbours shown per query, most positive first")
    int show;

    @Option(names = "--out", description = "directory for neighbors.png and neighbors.html (default: the run)")
    Path out;

    @Override
    public String[] sections() {
        return new String[] {"engine"};
    }

    @Override
    public Integer call() {
        RunDirectory.requireCheckpoint(run, "--run");
        RunConfig cfg = RunOptions.resolve(spec, RunConfigFile.read(run, "--run"), null);
        Engine engine = cfg.engine().start();
        TrainedMethod trained = TrainedMethod.open(run, cfg, engine);
        NeighborRanking ranking = trained.method()
                .neighborRanking()
                .orElseThrow(() -> new IllegalArgumentException("--run " + run + ": neighbours need a method that "
                        + "ranks them (snclr, or mocov3 with its momentum keys); this is "
                        + trained.method().name()));
        ImageSet train = trained.train();
        ImageSet from = split == Split.TRAIN ? train : trained.test();
        if (from == null) {
            throw new IllegalArgumentException("--split test: the data has no test split; use --split train");
        }
        int[] q = indices != null
                ? indices.stream().mapToInt(Integer::intValue).toArray()
                : new SplittableRandom(cfg.seed()).ints(queries, 0, from.size()).toArray();
        for (int i : q) {
            if (i < 0 || i >= from.size()) {
                throw new IllegalArgumentException(
                        "--indices: " + i + " is outside the " + from.size() + " " + split + " images");
            }
        }
        int kk = k != null ? k : ranking.displayNeighbors();
        List<NeighborDisplay.Row> rows =
                NeighborDisplay.rank(ranking, train, from, q, trained.augmenter(), engine.device(), kk, show);
        Path dir = out != null ? out : run;
        NeighborDisplay.write(dir, train, from, rows);
        spec.commandLine()
                .getOut()
                .println("neighbours: " + dir.resolve("neighbors.png") + ", " + dir.resolve("neighbors.html"));
        return 0;
    }
}
