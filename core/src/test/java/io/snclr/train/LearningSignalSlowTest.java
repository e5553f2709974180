package io.snclr.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.config.RunConfigs;
import io.snclr.eval.SupervisedConfig;
import io.snclr.eval.SupervisedEvaluation;
import io.snclr.run.PretrainRun;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end recipe over three seeds (about 5 minutes on 2 cores, so in the slow group: {@code mvn -Pslow test}):
 * every seed's linear probe must beat its own untrained network's.
 */
@Tag("slow")
class LearningSignalSlowTest extends TorchTest {
    @Test
    void everySeedLearns(@TempDir Path tmp) throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            PretrainRun run = TinyRun.assemble(
                    RunConfigs.override(TinyRun.snclr(2000, seed, 10, 1), Map.of("test-limit", 1000), ""),
                    tmp.resolve("seed" + seed),
                    8,
                    64,
                    "adamw",
                    2e-3,
                    0);
            double before = linear(run, seed);
            run.train(false);
            double after = linear(run, seed);
            System.out.printf("seed %d: linear top-1 %.3f -> %.3f%n", seed, before, after);
            assertTrue(after > before + 0.02, "seed " + seed + ": linear " + before + " -> " + after);
        }
    }

    private static double linear(PretrainRun run, long seed) {
        return new SupervisedEvaluation(
                        run.method().backbone(),
                        run.augmenter(),
                        run.config().engine().device())
                .linearFast(run.trainImages(), run.testImages(), new SupervisedConfig(30, 256, 0.1, 0, seed))
                .top1();
    }
}
