package io.snclr.method;

import io.snclr.engine.Device;
import io.snclr.engine.ModuleState;
import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;
import io.snclr.engine.Tensors;
import org.bytedeco.pytorch.Tensor;

/**
 * The candidate neighbour set C: a FIFO of past momentum projections (unit rows), with the labels of their images
 * when known (for the neighbour-precision metric only; training never reads them). Starts as random unit vectors.
 */
public final class CandidateQueue {
    private final Tensor features; // L×D
    private final Tensor labels;   // L, int64, -1 = unknown
    private long pointer;

    public CandidateQueue(long length, long dim, Device device) {
        if (length < 1) throw new IllegalArgumentException("queue length must be >= 1, got " + length);
        this.features = Tensors.l2normalize(Tensors.randn(device, length, dim));
        this.labels = Tensors.to(Tensors.longs(filled(length, -1), length), device);
        this.pointer = 0;
    }

    /** Eq. 3: NN(k) = top-K of cos(k, c) over c ∈ C; {@code keys} are unit rows (N×D). */
    public Neighbors nearest(Tensor keys, int k) {
        if (k > length()) throw new IllegalArgumentException("K = " + k + " exceeds the queue length " + length());
        return ModuleState.noGrad(() -> {
            Tensor sim = keys.matmul(features.t());
            Tensor[] top = Tensors.topk(sim, k);
            Tensor flat = top[1].flatten();
            long n = keys.size(0), d = features.size(1);
            Tensor nn = features.index_select(0, flat).view(n, k, d);
            Tensor nnLabels = labels.index_select(0, flat).view(n, k);
            return new Neighbors(nn, nnLabels, top[1], top[0]);
        });
    }

    /** First in, first out: overwrite the oldest rows with {@code keys} (B×D), wrapping around the end. */
    public void enqueue(Tensor keys, Tensor keyLabels) {
        long b = keys.size(0), length = length();
        if (b > length) {
            throw new IllegalArgumentException("cannot enqueue " + b + " keys into a queue of length " + length
                    + " (the queue must hold at least one global batch)");
        }
        ModuleState.noGrad(() -> {
            long head = Math.min(b, length - pointer);
            features.narrow(0, pointer, head).copy_(keys.narrow(0, 0, head));
            labels.narrow(0, pointer, head).copy_(keyLabels.narrow(0, 0, head));
            if (head < b) {
                features.narrow(0, 0, b - head).copy_(keys.narrow(0, head, b - head));
                labels.narrow(0, 0, b - head).copy_(keyLabels.narrow(0, head, b - head));
            }
        });
        pointer = (pointer + b) % length;
    }

    public long length() {
        return features.size(0);
    }

    public long pointer() {
        return pointer;
    }

    public Tensor features() {
        return features;
    }

    public Tensor labels() {
        return labels;
    }

    /** Writes the queue into a checkpoint ({@code queue.features}, {@code queue.labels}, {@code queue.pointer}). */
    public void save(StateWriter out) {
        out.put("queue.features", features).put("queue.labels", labels).putLong("queue.pointer", pointer);
    }

    /** Restores the queue written by {@link #save}. */
    public void load(StateReader in) {
        in.into("queue.features", features);
        in.into("queue.labels", labels);
        pointer = in.getLong("queue.pointer");
    }

    private static long[] filled(long n, long v) {
        long[] a = new long[(int) n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
