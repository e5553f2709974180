package io.snclr.cli;

import io.snclr.engine.Engine;
import picocli.CommandLine.Option;

/** Device, threads and seed: shared by every command that runs the engine. */
final class EngineOptions {
    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--threads", defaultValue = "0", description = "intra-op threads; 0 = all cores")
    int threads;

    @Option(names = "--seed", defaultValue = "0", description = "seed of weights, data order and augmentation")
    long seed;

    Engine start() {
        if (threads < 0) throw new IllegalArgumentException("--threads must be >= 0, got " + threads);
        Engine engine = Engine.start(device, threads);
        Engine.seed(seed);
        return engine;
    }
}
