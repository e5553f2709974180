package io.snclr.engine;

import java.io.IOException;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.global.torch;

/**
 * Starts libtorch once per process and carries the run's device.
 *
 * <p>The natives are unpacked before {@code libtorch.so} is loaded: on an empty JavaCPP cache, loading it first
 * crashes in pthread_mutex_lock.
 */
public final class Engine {
    private static final Object LOAD_LOCK = new Object();
    private static volatile boolean loaded;

    private final Device device;
    private final int threads;

    private Engine(Device device, int threads) {
        this.device = device;
        this.threads = threads;
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
