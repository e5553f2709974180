package io.snclr.method.snclr;

import io.snclr.engine.Device;
import io.snclr.engine.Tensors;
import org.bytedeco.pytorch.Tensor;

/**
 * The SNCLR loss of one direction (Eq. 2). The keep-set holds, for every sample n of the global batch, its key and
 * its K neighbours: [k_n, NN(k_n)_1..K], M = N_global·(K+1) rows. Query n's positives are its own block (weight 1
 * for the key, w_i for the neighbours); every other row is a negative. Multiplied by 2T as in MoCo v3, so that
 * with K = 0 it is exactly MoCo v3's loss.
 */
public final class SoftNeighborLoss {
    /** Masked logits: large enough to vanish under exp, finite so that 0·logit stays 0. */
    private static final double MASKED = -1e9;

    private final double temperature;
    private final LossForm form;
    private final NeighborSide side;

    public SoftNeighborLoss(double temperature, LossForm form, NeighborSide side) {
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        this.temperature = temperature;
        this.form = form;
        this.side = side;
    }

    /**
     * @param queries N×D predictor outputs z (any norm; normalised here)
     * @param keys N_g×D unit momentum keys of the global batch
     * @param neighbors N_g×K×D unit neighbours of every key (K may be 0: then pass null)
     * @param weights N×K positiveness of the local samples' own neighbours (null when K = 0)
     * @param offset index of the first local sample in the global batch (rank·N)
     * @return the scalar loss
     */
    public Tensor loss(Tensor queries, Tensor keys, Tensor neighbors, Tensor weights, long offset) {
        long n = queries.size(0), ng = keys.size(0), d = keys.size(1);
        long k = neighbors == null ? 0 : neighbors.size(1);
        Tensor keepSet = k == 0
                ? keys
                : Tensors.cat(1, keys.unsqueeze(1), neighbors).view(ng * (k + 1), d); // [k_n, NN(k_n)_1..K]
        Tensor logits = Tensors.l2normalize(queries).matmul(keepSet.t()).div(Tensors.scalar(temperature));

        Tensor own = ownBlock(n, ng, offset, keys); // N×N_g one-hot of the own sample
        Tensor rowWeights = k == 0
                ? Tensors.ones(Device.CPU, n, 1).to(keys)
                : Tensors.cat(1, Tensors.ones(Device.CPU, n, 1).to(keys), weights); // [w0 = 1, w_1..K]
        if (k > 0 && side == NeighborSide.NEGATIVE) rowWeights = rowWeights.mul(keyOnly(n, k, keys));
        Tensor target = own.unsqueeze(2).mul(rowWeights.unsqueeze(1)).view(n, ng * (k + 1));

        Tensor excluded = excludedColumns(own, n, ng, k, keys);
        if (excluded != null) logits = logits.masked_fill(excluded, Tensors.scalar(MASKED));

        Tensor perSample = form == LossForm.PAPER
                ? Tensors.logsumexp(logits, 1).sub(Tensors.logsumexp(logits.add(logOfWeights(target)), 1))
                : Tensors.logSoftmax(logits, 1).mul(target).neg().sum(new long[] {1});
        return perSample.mean().mul(Tensors.scalar(2 * temperature));
    }

    /**
     * log w where w > 0, and a large negative constant where w = 0 (other samples' columns): log(0) would be −∞ in
     * the forward pass and 0·∞ = NaN in the gradient that flows through the positiveness.
     */
    private static Tensor logOfWeights(Tensor w) {
        Tensor positive = w.gt(Tensors.scalar(0));
        return Tensors.where(
                positive,
                w.clamp_min(Tensors.scalar(1e-30)).log(),
                Tensors.zeros(Device.CPU, 1).to(w).add(Tensors.scalar(MASKED)));
    }

    private static Tensor ownBlock(long n, long ng, long offset, Tensor like) {
        Tensor rows = Tensors.arange(Device.CPU, n).add(Tensors.scalar(offset)).to(like);
        Tensor cols = Tensors.arange(Device.CPU, ng).to(like);
        return Tensors.toFloat(rows.unsqueeze(1).eq(cols.unsqueeze(0))).to(like);
    }

    /** 1×(K+1) row that keeps the key and drops the neighbours. */
    private static Tensor keyOnly(long n, long k, Tensor like) {
        float[] m = new float[(int) (k + 1)];
        m[0] = 1f;
        return Tensors.floats(m, 1, k + 1).to(like);
    }

    /** Columns a query must not see at all, by ablation side; null when none. */
    private Tensor excludedColumns(Tensor own, long n, long ng, long k, Tensor like) {
        if (k == 0 || side == NeighborSide.BOTH) return null;
        Tensor isNeighbor = keyOnly(n, k, like).neg().add(Tensors.scalar(1)).view(1, 1, k + 1); // 0 key, 1 neighbour
        Tensor block = own.unsqueeze(2); // N×N_g×1
        Tensor drop = side == NeighborSide.POSITIVE
                ? block.neg().add(Tensors.scalar(1)).mul(isNeighbor) // others' neighbours
                : block.mul(isNeighbor); // own neighbours
        return drop.view(n, ng * (k + 1)).gt(Tensors.scalar(0.5));
    }
}
