package io.snclr.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.global.torch;

/** What the engine runs on: libtorch's version and kernels, the CPU's vector extensions, CUDA. */
public record EngineInfo(
        String libtorch,
        String cpuKernels,
        List<String> cpuExtensions,
        boolean cudaBuild,
        boolean cuda,
        int cudaDevices) {
    private static final String BLAS_TIMEOUT = "OPENBLAS_THREAD_TIMEOUT";

    /** The extensions that decide speed here, as /proc/cpuinfo names them. */
    private static final List<String> WATCHED = List.of("avx2", "fma", "avx512f", "avx512_bf16", "amx_bf16");

    /** Loads the natives if needed and asks them. */
    public static EngineInfo probe() {
        Engine.loadNatives();
        String preset;
        try {
            preset = Loader.getVersion("org.bytedeco", "pytorch", torch.class);
        } catch (IOException | RuntimeException e) {
            preset = null;
        }
        String version = preset == null ? "unknown" : preset.substring(0, preset.lastIndexOf('-'));
        boolean cuda = torch.cuda_is_available();
        return new EngineInfo(
                "libtorch " + version + (preset == null ? "" : " (org.bytedeco:pytorch " + preset + ")"),
                torch.get_cpu_capability().getString(),
                readCpuExtensions(),
                torch.hasCUDA(),
                cuda,
                cuda ? torch.cuda_device_count() : 0);
    }

    /** The watched extensions this CPU has, from /proc/cpuinfo (empty where there is none). */
    static List<String> readCpuExtensions() {
        Set<String> flags = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    for (String f : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) flags.add(f);
                    break;
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String w : WATCHED)
            if (flags.contains(w)) out.add(w.toUpperCase(Locale.ROOT).replace('_', '-'));
        return out;
    }

    /** Where JavaCPP unpacked the natives and their size, for doctor. */
    public static String nativesLine() {
        Path dir = NativeCache.dir();
        return "natives: " + dir + " (" + NativeCache.megabytes(dir) + " MB; SNCLR_NATIVE_CACHE or "
                + "-Dorg.bytedeco.javacpp.cachedir=DIR moves them)";
    }

    /**
     * Which malloc this process runs with (the launchers preload jemalloc when it is installed), from the libraries
     * mapped into it, and the environment that sets it up.
     */
    public static String allocatorLine() {
        String jemalloc = null;
        try {
            jemalloc = mapped("libjemalloc").orElse(null);
        } catch (IOException | RuntimeException e) {
            return "allocator: unknown (" + e.getMessage() + ")";
        }
        if (jemalloc != null) {
            String conf = System.getenv("MALLOC_CONF");
            return "allocator: jemalloc (" + jemalloc
                    + (conf == null ? ", its default settings" : ", MALLOC_CONF=" + conf) + ")";
        }
        String tunables = System.getenv("GLIBC_TUNABLES");
        return "allocator: glibc malloc (" + (tunables == null ? "one arena per thread, its default" : tunables)
                + "; bin/snclr preloads jemalloc when Debian's libjemalloc2 is installed)";
    }

    /**
     * How long OpenBLAS's worker threads spin after a matrix product before they sleep: with its default (2^28
     * cycles, about 0.1 s) they take a core from the convolutions that follow, which on 2 cores made ResNet-50's step
     * 1.25× longer. The launchers set {@code OPENBLAS_THREAD_TIMEOUT=4}; it is read when the library loads.
     */
    public static String blasLine() {
        String timeout = System.getenv(BLAS_TIMEOUT);
        String library;
        try {
            library = mapped("openblas-pthread/libopenblas")
                    .map(path -> "Debian's " + path + ", preloaded (SNCLR_BLAS=system)")
                    .orElse("the bundled build");
        } catch (IOException | RuntimeException e) {
            library = "the bundled build";
        }
        return timeout == null
                ? "BLAS: OpenBLAS, " + library + "; its threads spin ~0.1 s after each product (" + BLAS_TIMEOUT
                        + " unset; " + BLAS_TIMEOUT + "=4 lets them sleep at once, as bin/snclr does)"
                : "BLAS: OpenBLAS, " + library + ", " + BLAS_TIMEOUT + "=" + timeout;
    }

    /** The path of the first library mapped into this process whose path contains {@code part}. */
    private static Optional<String> mapped(String part) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(l -> l.contains(part))
                .map(l -> l.substring(l.indexOf('/')))
                .findFirst();
    }

    /** Whether the CPU computes bfloat16 in hardware (AVX-512 BF16 or AMX), so bf16 autocast can be faster than fp32. */
    public boolean nativeBf16() {
        return !bf16Extensions().isEmpty();
    }

    private List<String> bf16Extensions() {
        return cpuExtensions.stream().filter(e -> e.contains("BF16")).toList();
    }

    /** For --version and doctor: one fact per line. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(libtorch + ", CPU kernels " + cpuKernels);
        out.add("CPU: " + Runtime.getRuntime().availableProcessors() + " cores"
                + (cpuExtensions.isEmpty() ? "" : ", " + String.join(", ", cpuExtensions)));
        out.add(
                nativeBf16()
                        ? "bf16 on the CPU: native (" + String.join(", ", bf16Extensions())
                                + "): --precision bf16 is worth trying"
                        : "bf16 on the CPU: emulated (no AVX-512 BF16 or AMX): slower than fp32, keep --precision fp32");
        out.add(
                cuda
                        ? "CUDA: usable, " + cudaDevices + " device(s)"
                        : "CUDA: not usable ("
                                + (cudaBuild ? "no device found" : "the CPU build of libtorch; build with -Pcuda")
                                + ")");
        return out;
    }
}
