package io.snclr.method;

import io.snclr.engine.Device;
import io.snclr.engine.ModuleState;
import io.snclr.engine.Scope;
import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;
import io.snclr.engine.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * The candidate neighbour set C: a FIFO of past momentum projections (unit rows), with the data-set index of the
 * image each came from (so that an image's own earlier keys can be left out of its neighbours) and its label when
 * known (for the neighbour-precision metric only; training never reads labels). Starts as random unit vectors.
 */
public final class CandidateQueue {
    private final Tensor features; // L×D
    private final Tensor labels; // L, int64, -1 = unknown
    private final Tensor ids; // L, int64 data-set index, -1 = none (the random start)
    /** {@link #ids} on the host, so that a query's own entries are found without an N×L comparison on the device. */
    private final long[] hostIds;

    private long pointer;

    public CandidateQueue(long length, long dim, Device device) {
        if (length < 1) throw new IllegalArgumentException("queue length must be >= 1, got " + length);
        this.features = Tensors.l2normalize(Tensors.randn(device, length, dim));
        this.labels = Tensors.to(Tensors.longs(filled(length, -1), length), device);
        this.ids = Tensors.to(Tensors.longs(filled(length, -1), length), device);
        this.hostIds = filled(length, -1);
        this.pointer = 0;
    }

    /** Eq. 3: NN(k) = top-K of cos(k, c) over c ∈ C; {@code keys} are unit rows (N×D). */
    public Neighbors nearest(Tensor keys, int k) {
        return nearest(keys, k, null);
    }

    /**
     * Eq. 3 without the query image's own entries: when the queue holds more than one epoch of keys (small data
     * sets), an image's earlier keys would otherwise be its nearest "neighbours".
     *
     * @param queryIds N int64 data-set indices of the queries, or null to exclude nothing
     */
    public Neighbors nearest(Tensor keys, int k, Tensor queryIds) {
        if (k > length()) throw new IllegalArgumentException("K = " + k + " exceeds the queue length " + length());
        // the N×L similarities are freed on return, not kept (as a step's other tensors are) until the step ends
        return Scope.layer(
                () -> ModuleState.noGrad(() -> {
                    Tensor sim = keys.matmul(features.t());
                    Tensor selfHits = null;
                    Tensor[] top;
                    if (queryIds == null) {
                        top = Tensors.topk(sim, k);
                    } else {
                        // the query's own entries as flat positions row·L + column: a few per query, found on the host
                        long[] own = ownEntries(Tensors.toLongs(queryIds));
                        if (own.length == 0) {
                            top = Tensors.topk(sim, k);
                            selfHits = Tensors.onDeviceOf(Tensors.floats(new float[] {0f}, 1), sim)
                                    .sum();
                        } else {
                            long[] ownRows = new long[own.length];
                            for (int i = 0; i < own.length; i++) ownRows[i] = own[i] / length();
                            Tensor flatOwn = Tensors.onDeviceOf(Tensors.longs(own, own.length), sim);
                            Tensor rows = Tensors.onDeviceOf(Tensors.longs(ownRows, ownRows.length), sim);
                            Tensor ownSim = sim.view(-1).index_select(0, flatOwn);
                            sim.view(-1).index_fill_(0, flatOwn, Tensors.scalar(Double.NEGATIVE_INFINITY));
                            top = Tensors.topk(sim, k);
                            // own entries that would have outranked the K-th neighbour kept: how often the exclusion
                            // mattered
                            Tensor kth = top[0].narrow(1, k - 1, 1).view(-1).index_select(0, rows);
                            selfHits = Tensors.toFloat(ownSim.gt(kth)).sum();
                        }
                    }
                    Tensor flat = top[1].flatten();
                    long n = keys.size(0), d = features.size(1);
                    Tensor nn = features.index_select(0, flat).view(n, k, d);
                    Tensor nnLabels = labels.index_select(0, flat).view(n, k);
                    return new Neighbors(nn, nnLabels, top[1], top[0], selfHits);
                }),
                Neighbors::tensors);
    }

    /** The queued keys at {@code indices} (N×K queue positions, e.g. gathered from every rank): N×K×D. */
    public Tensor rows(Tensor indices) {
        return ModuleState.noGrad(() ->
                features.index_select(0, indices.flatten()).view(indices.size(0), indices.size(1), features.size(1)));
    }

    /** Flat positions (query row · L + queue column) of the queue entries that hold one of the queries' images. */
    private long[] ownEntries(long[] queries) {
        Map<Long, List<Integer>> rowsOf = new HashMap<>();
        for (int r = 0; r < queries.length; r++) {
            if (queries[r] >= 0)
                rowsOf.computeIfAbsent(queries[r], q -> new ArrayList<>(1)).add(r);
        }
        long length = length();
        List<Long> out = new ArrayList<>();
        for (int c = 0; c < hostIds.length; c++) {
            List<Integer> rows = hostIds[c] < 0 ? null : rowsOf.get(hostIds[c]);
            if (rows != null) for (int r : rows) out.add(r * length + c);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** First in, first out: overwrite the oldest rows with {@code keys} (B×D), wrapping around the end. */
    public void enqueue(Tensor keys, Tensor keyLabels, Tensor keyIds) {
        long b = keys.size(0), length = length();
        if (b > length) {
            throw new IllegalArgumentException("cannot enqueue " + b + " keys into a queue of length " + length
                    + " (the queue must hold at least one global batch)");
        }
        ModuleState.noGrad(() -> {
            long head = Math.min(b, length - pointer);
            long[] newIds = Tensors.toLongs(keyIds);
            for (int j = 0; j < b; j++) hostIds[(int) ((pointer + j) % length)] = newIds[j];
            for (Tensor[] pair : new Tensor[][] {{features, keys}, {labels, keyLabels}, {ids, keyIds}}) {
                pair[0].narrow(0, pointer, head).copy_(pair[1].narrow(0, 0, head));
                if (head < b) pair[0].narrow(0, 0, b - head).copy_(pair[1].narrow(0, head, b - head));
            }
        });
        pointer = (pointer + b) % length;
    }

    /** {@link #enqueue(Tensor, Tensor, Tensor)} of keys from no particular image (never excluded). */
    public void enqueue(Tensor keys, Tensor keyLabels) {
        enqueue(keys, keyLabels, Tensors.onDeviceOf(Tensors.longs(filled(keys.size(0), -1), keys.size(0)), keys));
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

    public Tensor ids() {
        return ids;
    }

    /** Writes the queue into a checkpoint ({@code queue.features}, {@code .labels}, {@code .ids}, {@code .pointer}). */
    public void save(StateWriter out) {
        out.put("queue.features", features)
                .put("queue.labels", labels)
                .put("queue.ids", ids)
                .putLong("queue.pointer", pointer);
    }

    /** Restores the queue written by {@link #save}. */
    public void load(StateReader in) {
        in.into("queue.features", features);
        in.into("queue.labels", labels);
        in.into("queue.ids", ids);
        System.arraycopy(Tensors.toLongs(ids), 0, hostIds, 0, hostIds.length);
        pointer = in.getLong("queue.pointer");
    }

    private static long[] filled(long n, long v) {
        long[] a = new long[(int) n];
        Arrays.fill(a, v);
        return a;
    }
}
