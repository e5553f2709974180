package io.snclr.cli;

import io.snclr.augment.BatchAugmenter;
import io.snclr.augment.Normalization;
import io.snclr.augment.ViewConfig;
import io.snclr.data.DataSpec;
import io.snclr.data.ImageSet;
import io.snclr.dist.SingleProcess;
import io.snclr.engine.Engine;
import io.snclr.engine.StateReader;
import io.snclr.eval.NeighborDisplay;
import io.snclr.method.PretrainMethod;
import io.snclr.method.snclr.Snclr;
import io.snclr.train.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snclr neighbors}: query images with their top-K candidates ranked by positiveness, as a PNG grid and an HTML
 * page. The run's config.yaml supplies the defaults (method, encoder, data, --limit, K), so the networks and the
 * training images are the run's own.
 */
@Command(name = "neighbors", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show query images with their top-K candidates and positiveness scores (PNG grid + HTML page).")
public final class NeighborsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin EngineOptions engine = new EngineOptions();
    @Mixin DataOptions dataOptions = new DataOptions();
    @Mixin MethodOptions methodOptions = new MethodOptions();

    @Option(names = "--run", required = true, description = "an snclr or mocov3 run directory (checkpoint.pt, config.yaml)")
    Path run;
    @Option(names = "--queries", defaultValue = "8", description = "number of random query images") int queries;
    @Option(names = "--indices", split = ",", description = "query images by index (instead of random ones)")
    List<Integer> indices;
    @Option(names = "--split", defaultValue = "test", description = "where the queries come from: test or train")
    String split;
    @Option(names = "--k", description = "candidates per query (default: the run's --neighbors)") Integer k;
    @Option(names = "--show", defaultValue = "8", description = "neighbours shown per query, most positive first")
    int show;
    @Option(names = "--out", description = "directory for neighbors.png and neighbors.html (default: the run)") Path out;

    @Override
    public Integer call() {
        Path checkpoint = run.resolve(Checkpoints.FILE);
        if (!Files.isRegularFile(checkpoint)) throw new IllegalArgumentException("--run " + run + ": no " + Checkpoints.FILE);
        if (!split.equals("test") && !split.equals("train")) {
            throw new IllegalArgumentException("--split: expected test or train, got '" + split + "'");
        }
        Engine eng = engine.start();
        methodOptions.validate();
        DataSpec data = dataOptions.spec(engine.seed);
        ImageSet train = data.train();
        ImageSet from = split.equals("train") ? train : data.test();
        if (from == null) throw new IllegalArgumentException("--split test: the data has no test split; use --split train");
        BatchAugmenter transform = new BatchAugmenter(ViewConfig.cropFlip(0.2), ViewConfig.cropFlip(0.2),
                Normalization.of(train), engine.seed, eng.deviceName());
        PretrainMethod method = methodOptions.build(methodOptions.encoderSpec(train), eng.deviceName(), new SingleProcess(),
                train, transform, engine.seed);
        if (!(method instanceof Snclr snclr)) {
            throw new IllegalArgumentException("--run " + run + ": neighbours need an snclr or mocov3 run (momentum keys), this is "
                    + method.name());
        }
        method.load(new StateReader(checkpoint));
        int[] q = indices != null ? indices.stream().mapToInt(Integer::intValue).toArray()
                : new SplittableRandom(engine.seed).ints(queries, 0, from.size()).toArray();
        for (int i : q) {
            if (i < 0 || i >= from.size()) {
                throw new IllegalArgumentException("--indices: " + i + " is outside the " + from.size() + " " + split + " images");
            }
        }
        int kk = k != null ? k : Math.max(1, methodOptions.neighbors);
        List<NeighborDisplay.Row> rows = NeighborDisplay.rank(snclr, train, from, q, transform, eng.deviceName(), kk, show);
        Path dir = out != null ? out : run;
        NeighborDisplay.write(dir, train, from, rows);
        spec.commandLine().getOut().println("neighbours: " + dir.resolve("neighbors.png") + ", " + dir.resolve("neighbors.html"));
        return 0;
    }
}
