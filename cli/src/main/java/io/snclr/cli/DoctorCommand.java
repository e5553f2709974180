package io.snclr.cli;

import io.snclr.config.RunConfig;
import io.snclr.engine.EngineInfo;
import io.snclr.run.Doctor;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snclr doctor}: what this machine offers, and a few training steps on each device, compared. */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        showDefaultValues = true,
        description =
                "Check this machine: devices and CPU extensions, then a few SNCLR steps of a small network on the "
                        + "CPU (twice: they must repeat bit for bit), with bf16 where the CPU has AVX-512 BF16, and on every "
                        + "CUDA device, each compared with the CPU's losses and timed. Exit 1 names what is wrong.")
public final class DoctorCommand implements Callable<Integer>, RunSettings {
    @Spec
    CommandSpec spec;

    @Option(names = "--steps", defaultValue = "5", description = "steps per device")
    int steps;

    @Override
    public String[] sections() {
        return new String[] {"data", "engine"};
    }

    @Override
    public Integer call() throws Exception {
        if (steps < 1) throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
        PrintWriter out = spec.commandLine().getOut();
        out.println("snclr " + VersionInfo.version());
        EngineInfo info = EngineInfo.probe();
        info.lines().forEach(out::println);
        out.println(EngineInfo.nativesLine());
        out.println(EngineInfo.allocatorLine());
        out.println(EngineInfo.blasLine());
        out.flush();
        RunConfig cfg = RunOptions.resolve(spec, RunConfig.DEFAULT, null);
        List<Doctor.Check> checks = Doctor.run(cfg, steps, info, c -> {
            out.printf(
                    "%-9s %s  loss %.4f -> %.4f, %.3f s/step%n",
                    c.name() + ":",
                    c.problem() == null ? "ok     " : "PROBLEM",
                    c.losses().get(0),
                    c.losses().get(c.losses().size() - 1),
                    c.secondsPerStep());
            if (c.problem() != null) out.println("          " + c.problem());
            out.flush();
        });
        long problems = checks.stream().filter(c -> c.problem() != null).count();
        out.println(
                problems == 0
                        ? "all " + checks.size() + " checks passed (CPU losses repeat exactly; bf16 within "
                                + percent(Doctor.BF16_TOLERANCE) + ", CUDA within " + percent(Doctor.CUDA_TOLERANCE)
                                + ")"
                        : problems + " of " + checks.size() + " checks failed");
        return problems == 0 ? 0 : 1;
    }

    private static String percent(double fraction) {
        return String.format("%.0f %%", 100 * fraction);
    }
}
