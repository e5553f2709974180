package io.snclr.engine;

/**
 * Where and how the engine runs.
 *
 * @param threads intra-op threads, 0 = all cores
 * @param seed seed of weights, data order and augmentation
 * @param precision of the networks' forward passes: fp32, or bf16 autocast (parameters, optimiser state, losses and
 *                  queues stay fp32)
 */
public record EngineConfig(Device device, int threads, long seed, Precision precision) {
    public static final EngineConfig DEFAULT = new EngineConfig(Device.CPU, 0, 0, Precision.FP32);

    public EngineConfig {
        if (device == null) throw new IllegalArgumentException("--device: expected cpu, cuda or cuda:N");
        if (threads < 0) throw new IllegalArgumentException("--threads must be >= 0, got " + threads);
        if (precision == null) throw new IllegalArgumentException("--precision: expected fp32 or bf16");
    }

    public EngineConfig withDevice(Device d) {
        return new EngineConfig(d, threads, seed, precision);
    }

    /** Starts libtorch on this device with these threads and seeds its global generator. */
    public Engine start() {
        Engine engine = Engine.start(device, threads);
        Engine.seed(seed);
        return engine;
    }
}
