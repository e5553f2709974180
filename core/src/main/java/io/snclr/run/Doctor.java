package io.snclr.run;

import io.snclr.config.RunConfig;
import io.snclr.config.RunConfigs;
import io.snclr.engine.Device;
import io.snclr.engine.EngineConfig;
import io.snclr.engine.EngineInfo;
import io.snclr.engine.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A self-check to run first on a new machine: a few SNCLR steps of a small network on every device this process can
 * use, at one seed. On the CPU the steps run twice and must repeat bit for bit; every other device (and bf16 where
 * the CPU has AVX-512 BF16) must reach the CPU's losses within a stated tolerance. Each device is timed.
 */
public final class Doctor {
    /** How far another device's (or precision's) losses may be from the CPU's fp32 ones, relatively. */
    public static final double CUDA_TOLERANCE = 1e-2;

    public static final double BF16_TOLERANCE = 5e-2;

    /** One device's run: what it was, its losses and time per step, and what is wrong (null: nothing). */
    public record Check(String name, List<Double> losses, double secondsPerStep, String problem) {}

    private Doctor() {}

    /**
     * @param base the configuration to shrink (its data source is used: Fashion-MNIST by default)
     * @param steps steps per device
     * @param report told each check as it finishes
     */
    public static List<Check> run(RunConfig base, int steps, EngineInfo info, Consumer<Check> report)
            throws InterruptedException {
        RunConfig small = RunConfigs.overrideWhereApplicable(
                base,
                Map.of(
                        "limit", 512,
                        "test-limit", 0,
                        "width", 0.125,
                        "batch-size", 64,
                        "queue", 4096,
                        "knn-every", 0,
                        "seed", 0));
        List<Check> checks = new ArrayList<>();
        Benchmark.Result cpu = on(small, Device.CPU, Precision.FP32, steps);
        Benchmark.Result again = on(small, Device.CPU, Precision.FP32, steps);
        Check first = new Check(
                "cpu",
                cpu.losses(),
                cpu.secondsPerStep(),
                cpu.losses().equals(again.losses())
                        ? null
                        : "the CPU's losses differ between two runs at the same seed: " + cpu.losses() + " vs "
                                + again.losses());
        checks.add(first);
        report.accept(first);
        if (info.nativeBf16()) {
            checks.add(compared("cpu bf16", on(small, Device.CPU, Precision.BF16, steps), cpu, BF16_TOLERANCE));
            report.accept(checks.get(checks.size() - 1));
        }
        for (int d = 0; d < info.cudaDevices(); d++) {
            Device cuda = Device.parse("cuda:" + d);
            checks.add(compared(cuda.toString(), on(small, cuda, Precision.FP32, steps), cpu, CUDA_TOLERANCE));
            report.accept(checks.get(checks.size() - 1));
        }
        return checks;
    }

    private static Benchmark.Result on(RunConfig small, Device device, Precision precision, int steps)
            throws InterruptedException {
        EngineConfig e = small.engine();
        RunConfig c = small.withEngine(new EngineConfig(device, e.threads(), e.seed(), precision));
        return Benchmark.run(c, 1, steps);
    }

    private static Check compared(String name, Benchmark.Result r, Benchmark.Result cpu, double tolerance) {
        double worst = 0;
        for (int i = 0; i < cpu.losses().size(); i++) {
            double a = cpu.losses().get(i), b = r.losses().get(i);
            worst = Math.max(worst, Math.abs(a - b) / Math.max(1e-12, Math.abs(a)));
        }
        String problem = worst <= tolerance
                ? null
                : String.format(
                        "its losses differ from the CPU's by up to %.2f %% (allowed %.1f %%): %s vs %s",
                        100 * worst, 100 * tolerance, r.losses(), cpu.losses());
        return new Check(name, r.losses(), r.secondsPerStep(), problem);
    }
}
