package io.snclr.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * Issuing ops without JavaCPP's per-tensor memory check: a million results freed by scopes leave resident memory and
 * the registered tensors flat, and results made outside every scope are still freed, by the garbage collector.
 */
class OpMemoryTest extends TorchTest {
    private static final int OPS = 1_000_000;
    private static final int PER_SCOPE = 1_000;

    @Test
    void noMemoryCeilingIsCheckedPerTensor() {
        assertEquals(0, Pointer.maxPhysicalBytes(), "JavaCPP reads the resident memory at every tensor made");
        assertEquals(0, Pointer.maxBytes());
    }

    @Test
    void aMillionOpsInScopesLeaveNativeMemoryFlat() {
        long warm = 0, peak = 0, registeredAtWarm = 0, registeredPeak = 0;
        try (Scope keep = Scope.open()) {
            Tensor a = torch.ones(1024), b = torch.ones(1024); // each result holds 4 KB: 4 GB if none were freed
            for (int done = 0; done < OPS; done += PER_SCOPE) {
                try (Scope s = Scope.open()) {
                    for (int i = 0; i < PER_SCOPE; i++) a.add(b);
                }
                if (done == OPS / 10) {
                    warm = nativeBytes();
                    registeredAtWarm = Pointer.totalCount();
                } else if (done > OPS / 10) {
                    peak = Math.max(peak, nativeBytes());
                    registeredPeak = Math.max(registeredPeak, Pointer.totalCount());
                }
            }
        }
        System.out.println(
                "rss " + warm + " -> " + peak + ", registered " + registeredAtWarm + " -> " + registeredPeak);
        assertTrue(peak - warm < 64L << 20, "native memory grew " + ((peak - warm) >> 20) + " MB after warm-up");
        assertTrue(
                registeredPeak - registeredAtWarm < 10,
                "tensors still registered grew by " + (registeredPeak - registeredAtWarm));
    }

    /** Resident memory less the Java heap, which grows with the garbage of a million results' Java objects. */
    private static long nativeBytes() {
        return ResidentMemory.bytes() - Runtime.getRuntime().totalMemory();
    }

    @Test
    void tensorsMadeOutsideEveryScopeAreFreedByTheCollector() throws Exception {
        int tensors = 2_000;
        AtomicLong before = new AtomicLong();
        Thread unscoped = new Thread(
                () -> { // a thread of its own: no scope of the test is open on it
                    before.set(Pointer.totalCount());
                    for (int i = 0; i < tensors; i++) torch.ones(25_600).add_(torch.ones(1)); // 100 KB each, none kept
                });
        unscoped.start();
        unscoped.join();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (Pointer.totalCount() > before.get() + tensors / 10 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
        }
        assertTrue(
                Pointer.totalCount() <= before.get() + tensors / 10,
                (Pointer.totalCount() - before.get()) + " of " + 2 * tensors + " unscoped tensors still registered");
    }
}
