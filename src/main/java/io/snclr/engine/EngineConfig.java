package io.snclr.engine;

/**
 * Where and how the engine runs.
 *
 * @param threads intra-op threads, 0 = all cores
 * @param seed seed of weights, data order and augmentation
 */
public record EngineConfig(Device device, int threads, long seed) {
    public static final EngineConfig DEFAULT = new EngineConfig(Device.CPU, 0, 0);

    public EngineConfig {
        if (device == null) throw new IllegalArgumentException("--device: expected cpu, cuda or cuda:N");
        if (threads < 0) throw new IllegalArgumentException("--threads must be >= 0, got " + threads);
    }

    /** Starts libtorch on this device with these threads and seeds its global generator. */
    public Engine start() {
        Engine engine = Engine.start(device, threads);
        Engine.seed(seed);
        return engine;
    }
}
