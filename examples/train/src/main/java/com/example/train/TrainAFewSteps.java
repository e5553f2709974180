package com.example.train;

import io.snclr.config.Recipes;
import io.snclr.config.RunConfig;
import io.snclr.config.RunConfigs;
import io.snclr.run.PretrainJob;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Pre-trains SNCLR on 512 Fashion-MNIST images for one epoch, as `snclr pretrain` would, into the folder args[0]. */
public final class TrainAFewSteps {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        // the embedded default recipe, made small: a width-1/4 ResNet-18 and a short queue
        RunConfig config = RunConfigs.override(
                Recipes.load("cpu-fashion-mnist"),
                Map.of("limit", 512, "test-limit", 1000, "epochs", 1, "batch-size", 64, "width", 0.25, "queue", 2048),
                "");
        // locks the folder, writes config.yaml, checkpoints, encoder.pt and summary.json: `snclr knn --run`,
        // `snclr pretrain --resume` and Embedder.open read it as they read a run of the command line
        PretrainJob.Outcome outcome = new PretrainJob(config, out, false, List.of()).alone();
        System.out.printf(
                "trained %d steps into %s; kNN top-1 on 1,000 test images: %s%n",
                outcome.totalSteps(), outcome.dir(), outcome.summary().knnTop1());
    }
}
