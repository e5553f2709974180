package io.snclr.cli;

import io.snclr.config.RunConfig;
import io.snclr.data.ImageSet;
import io.snclr.data.Subsets;
import io.snclr.engine.Engine;
import io.snclr.engine.Scope;
import io.snclr.eval.FeatureExtractor;
import io.snclr.eval.Tsne;
import io.snclr.report.ScatterChart;
import io.snclr.run.SavedRun;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snclr tsne}: a 2-D t-SNE map of test-set embeddings coloured by label, as PNG. */
@Command(
        name = "tsne",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "2-D t-SNE map of a pre-trained encoder's test-set embeddings, coloured by label (PNG).")
public final class TsneCommand implements Callable<Integer>, RunSettings {
    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, description = "run directory with encoder.pt and encoder.json")
    Path run;

    @Option(
            names = "--points",
            defaultValue = "1000",
            description = "test images to map, class-balanced (t-SNE is O(N^2))")
    int points;

    @Option(names = "--perplexity", defaultValue = "30")
    double perplexity;

    @Option(names = "--iterations", defaultValue = "1000")
    int iterations;

    @Option(names = "--out", description = "PNG file (default: RUN/tsne.png)")
    Path out;

    @Override
    public String[] sections() {
        return new String[] {"data", "engine"};
    }

    @Override
    public Integer call() {
        RunConfig cfg = RunOptions.forSavedRun(spec, run);
        if (points < 10) throw new IllegalArgumentException("--points must be >= 10, got " + points);
        Engine eng = cfg.engine().start();
        SavedRun saved = SavedRun.open(run, cfg.data(), eng, cfg.seed());
        ImageSet test = saved.test();
        if (points < test.size()) {
            test = test.hasLabels()
                    ? test.subset(Subsets.classBalanced(test.labels(), test.numClasses(), points, cfg.seed()))
                    : test.subset(Arrays.copyOf(Subsets.identity(test.size()), points));
        }
        float[] xy;
        try (Scope s = Scope.open()) {
            xy = new Tsne(perplexity, iterations, cfg.seed())
                    .embed(new FeatureExtractor(saved.encoder(), saved.transform(), 512).extract(test));
        }
        Path png = out != null ? out : run.resolve("tsne.png");
        ScatterChart.writePng(
                png,
                "t-SNE of " + test.size() + " test embeddings (" + run.getFileName() + ")",
                xy,
                test.labels(),
                test.classNames(),
                900);
        spec.commandLine().getOut().println("t-SNE map: " + png);
        return 0;
    }
}
