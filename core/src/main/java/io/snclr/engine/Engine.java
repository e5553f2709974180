package io.snclr.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.global.torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts libtorch once per process and carries the run's device.
 *
 * <p>The natives are unpacked before {@code libtorch.so} is loaded: on an empty JavaCPP cache, loading it first
 * crashes in pthread_mutex_lock.
 */
public final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private static final Object LOAD_LOCK = new Object();
    private static volatile boolean loaded;

    private final Device device;
    private final int threads;

    private Engine(Device device, int threads) {
        this.device = device;
        this.threads = threads;
    }

    static {
        configureJavaCpp();
    }

    /**
     * Settings JavaCPP reads once, when its first class loads, so this runs before any class of the presets does; a
     * value the application set itself is kept.
     *
     * <p>JavaCPP's messages go to the application's SLF4J backend instead of stderr. The presets' version check warns
     * that openblas and opencv 1.5.13 sit beside javacpp 1.5.14 — the combination this build pins and tests, since
     * Maven Central has no 1.5.14 build of either — so for slf4j-simple its logger is kept to errors.
     *
     * <p>JavaCPP's memory ceilings ({@code maxBytes}, {@code maxPhysicalBytes}) are off: with them, every tensor an
     * op returns asks the operating system for the process's resident memory, about half of what issuing a small op
     * costs, and a tensor's Java object does not know the size of its storage anyway. Every step runs in a
     * {@link Scope} that frees its tensors; one that escapes is still freed by the garbage collector.
     */
    public static void configureJavaCpp() {
        setUnlessSet("org.bytedeco.javacpp.logger", "slf4j");
        setUnlessSet("org.slf4j.simpleLogger.log.org.bytedeco.javacpp.Loader", "error");
        setUnlessSet("org.bytedeco.javacpp.maxBytes", "0");
        setUnlessSet("org.bytedeco.javacpp.maxPhysicalBytes", "0");
    }

    private static void setUnlessSet(String key, String value) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (System.getProperty(key) == null && System.getProperty(lower) == null) System.setProperty(key, value);
    }

    /** @param threads intra-op threads, 0 = all cores */
    public static Engine start(Device device, int threads) {
        loadNatives();
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        torch.set_num_threads(n);
        if (device.isCuda() && !torch.cuda_is_available()) {
            throw new IllegalArgumentException("--device " + device
                    + ": CUDA is not available (the CPU build of the natives is on the class path)");
        }
        return new Engine(device, n);
    }

    /** Loads libtorch without configuring threads (tests, tools). */
    public static void loadNatives() {
        if (loaded) return;
        synchronized (LOAD_LOCK) {
            if (loaded) return;
            Path cache = NativeCache.dir();
            if (!NativeCache.holdsLibtorch(cache)) {
                LOG.info(
                        "unpacking the natives (libtorch, OpenBLAS, OpenCV: about 435 MB) into {}, once; "
                                + "SNCLR_NATIVE_CACHE or -Dorg.bytedeco.javacpp.cachedir=DIR puts them elsewhere",
                        cache);
            }
            try {
                Loader.cacheResources(torch.class, "/org/bytedeco/pytorch/" + Loader.getPlatform() + "/");
            } catch (IOException e) {
                throw new IllegalStateException("cannot unpack the libtorch natives: " + e.getMessage(), e);
            }
            Loader.load(torch.class);
            loaded = true;
        }
    }

    public Device device() {
        return device;
    }

    public int threads() {
        return threads;
    }

    public static void seed(long seed) {
        torch.manual_seed(seed);
    }
}
