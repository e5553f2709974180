package io.snclr.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The host-side cost of issuing one small op from Java, which decides the speed of small models on a GPU: microseconds
 * per call, over many calls, for an add of 1-element tensors, a 64×64 matrix product and a tiny convolution. Each is
 * timed three ways, to tell the parts apart: results freed by a memory scope per 1,000 ops (as training does), each
 * result closed at once (no scope bookkeeping), and an in-place add (the binding's call and its result wrapper, no new
 * tensor).
 */
public final class OpOverhead {
    private static final int PER_SCOPE = 1000;

    private OpOverhead() {}

    /** Microseconds per op, by name, after a warm-up of a tenth of the calls. */
    public static Map<String, Double> measure(int calls) {
        Engine.loadNatives();
        Map<String, Double> out = new LinkedHashMap<>();
        try (PointerScope keep = new PointerScope()) {
            Tensor one = torch.ones(1), other = torch.ones(1);
            Tensor m = torch.randn(64, 64), n = torch.randn(64, 64);
            Tensor image = torch.randn(1, 8, 16, 16), kernel = torch.randn(8, 8, 3, 3);
            out.put("add 1-element, scope per 1000", scoped(calls, () -> one.add(other)));
            out.put("add 1-element, each closed", closed(calls, () -> one.add(other)));
            out.put("add_ 1-element in place", scoped(calls, () -> one.add_(other)));
            out.put("mm 64x64, scope per 1000", scoped(calls, () -> m.mm(n)));
            out.put("mm 64x64, each closed", closed(calls, () -> m.mm(n)));
            out.put("conv 8ch 16x16 3x3, scope per 1000", scoped(calls / 4, () -> torch.conv2d(image, kernel)));
            out.put("conv 8ch 16x16 3x3, each closed", closed(calls / 4, () -> torch.conv2d(image, kernel)));
        }
        return out;
    }

    private static double scoped(int calls, Supplier<Tensor> op) {
        run(calls / 10, op, true);
        long t0 = System.nanoTime();
        run(calls, op, true);
        return (System.nanoTime() - t0) / 1e3 / calls;
    }

    private static double closed(int calls, Supplier<Tensor> op) {
        run(calls / 10, op, false);
        long t0 = System.nanoTime();
        run(calls, op, false);
        return (System.nanoTime() - t0) / 1e3 / calls;
    }

    private static void run(int calls, Supplier<Tensor> op, boolean scoped) {
        for (int done = 0; done < calls; done += PER_SCOPE) {
            int n = Math.min(PER_SCOPE, calls - done);
            if (scoped) {
                try (PointerScope s = new PointerScope()) {
                    for (int i = 0; i < n; i++) op.get();
                }
            } else {
                for (int i = 0; i < n; i++) op.get().close();
            }
        }
    }
}
