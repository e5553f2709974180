package io.snclr.train;

import io.snclr.engine.Optim;
import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;
import io.snclr.method.PretrainMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Full training state in one file: online and momentum networks, method state (queue), optimiser state, the next
 * step and the seed. Randomness is a pure function of (seed, step), so the step is the RNG state.
 */
public final class Checkpoints {
    private Checkpoints() {}

    public static void save(Path file, PretrainMethod method, Optim optim, long nextStep, long seed) {
        StateWriter w = new StateWriter();
        method.save(w);
        optim.save(w);
        w.putLong("train.next_step", nextStep).putLong("train.seed", seed);
        try {
            w.writeAtomically(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write checkpoint", e);
        }
    }

    /** @return the next step to run */
    public static long load(Path file, PretrainMethod method, Optim optim, long expectedSeed) {
        StateReader r = new StateReader(file);
        long seed = r.getLong("train.seed");
        if (seed != expectedSeed) {
            throw new IllegalArgumentException(file + ": checkpoint was trained with --seed " + seed + ", not "
                    + expectedSeed);
        }
        method.load(r);
        optim.load(r);
        return r.getLong("train.next_step");
    }
}
