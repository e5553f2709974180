package io.snclr.eval;

import io.snclr.engine.Device;
import io.snclr.engine.Engine;
import io.snclr.engine.ModuleState;
import io.snclr.engine.Scope;
import io.snclr.engine.Tensors;
import org.bytedeco.pytorch.Tensor;

/**
 * Exact t-SNE (van der Maaten and Hinton 2008) as dense tensor ops, for the few thousand points of an embedding plot:
 * per-point Gaussian bandwidths found by bisection to the target perplexity, symmetrised affinities, early
 * exaggeration ×12 for the first 250 iterations, gradient descent with momentum 0.5 → 0.8 and adaptive gains.
 * Cost O(N²) per iteration: keep N to a few thousand.
 */
public final class Tsne {
    private static final int EXAGGERATION_ITERATIONS = 250;

    private final double perplexity;
    private final int iterations;
    private final long seed;

    public Tsne(double perplexity, int iterations, long seed) {
        if (!(perplexity >= 2)) throw new IllegalArgumentException("--perplexity must be >= 2, got " + perplexity);
        if (iterations < 1) throw new IllegalArgumentException("--iterations must be >= 1, got " + iterations);
        this.perplexity = perplexity;
        this.iterations = iterations;
        this.seed = seed;
    }

    /** 2-D coordinates (N×2, row-major) of the rows of {@code x} (N×D, CPU). */
    public float[] embed(Tensor x) {
        int n = (int) x.size(0);
        if (n <= 3 * perplexity) {
            throw new IllegalArgumentException("t-SNE with perplexity " + perplexity + " needs more than "
                    + (int) (3 * perplexity) + " points, got " + n);
        }
        return ModuleState.noGrad(() -> {
            try (Scope s = Scope.open()) {
                Tensor p = affinities(x);
                return Tensors.toFloats(optimise(p, n));
            }
        });
    }

    /** P_ij = (p_j|i + p_i|j) / 2N, each conditional row at the target perplexity. */
    private Tensor affinities(Tensor x) {
        long n = x.size(0);
        Tensor sq = Tensors.sumKeep(x.mul(x), 1);
        Tensor d2 = Tensors.relu(sq.add(sq.t()).sub(x.matmul(x.t()).mul(Tensors.scalar(2.0))));
        d2 = d2.div(Tensors.scalar(Tensors.item(d2.mean()))); // scale-free bandwidth search
        Tensor offDiagonal = Tensors.eye(n).lt(Tensors.scalar(0.5));
        Tensor beta = Tensors.ones(Device.CPU, n, 1),
                lo = Tensors.zeros(Device.CPU, n, 1),
                hi = Tensors.ones(Device.CPU, n, 1).mul(Tensors.scalar(1e6));
        double target = Math.log(perplexity);
        Tensor cond = null;
        for (int it = 0; it < 60; it++) {
            Tensor w = d2.mul(beta).neg().exp().mul(Tensors.toFloat(offDiagonal));
            Tensor sum = Tensors.sumKeep(w, 1).clamp_min(Tensors.scalar(1e-12));
            cond = w.div(sum);
            Tensor entropy = sum.log().add(beta.mul(Tensors.sumKeep(d2.mul(cond), 1))); // H = log Σ + β·E[d²]
            Tensor tooFlat = entropy.gt(Tensors.scalar(target)); // too wide: raise β
            lo = Tensors.where(tooFlat, beta, lo);
            hi = Tensors.where(tooFlat, hi, beta);
            beta = Tensors.where(
                    hi.ge(Tensors.scalar(1e6)),
                    beta.mul(Tensors.scalar(2.0)),
                    lo.add(hi).div(Tensors.scalar(2.0)));
        }
        return cond.add(cond.t()).div(Tensors.scalar(2.0 * n)).clamp_min(Tensors.scalar(1e-12));
    }

    private Tensor optimise(Tensor p, int n) {
        Engine.seed(seed); // the initial map is the only randomness
        Tensor y = Tensors.randn(Device.CPU, n, 2).mul(Tensors.scalar(1e-4));
        Tensor velocity = Tensors.zeros(Device.CPU, n, 2), gains = Tensors.ones(Device.CPU, n, 2);
        double lr = Math.max(n / 12.0, 50.0);
        Tensor offDiagonal = Tensors.toFloat(Tensors.eye(n).lt(Tensors.scalar(0.5)));
        for (int it = 0; it < iterations; it++) {
            try (Scope step = Scope.open()) {
                Tensor target = it < EXAGGERATION_ITERATIONS ? p.mul(Tensors.scalar(12.0)) : p;
                Tensor sq = Tensors.sumKeep(y.mul(y), 1);
                Tensor num = sq.add(sq.t())
                        .sub(y.matmul(y.t()).mul(Tensors.scalar(2.0)))
                        .add(Tensors.scalar(1.0))
                        .reciprocal()
                        .mul(offDiagonal); // (1 + |y_i − y_j|²)⁻¹
                Tensor q = num.div(Tensors.scalar(Tensors.item(num.sum()))).clamp_min(Tensors.scalar(1e-12));
                Tensor m = target.sub(q).mul(num);
                Tensor grad = Tensors.sumKeep(m, 1).mul(y).sub(m.matmul(y)).mul(Tensors.scalar(4.0));
                Tensor sameSign = grad.gt(Tensors.scalar(0)).eq(velocity.gt(Tensors.scalar(0)));
                Tensor g = Tensors.where(sameSign, gains.mul(Tensors.scalar(0.8)), gains.add(Tensors.scalar(0.2)))
                        .clamp_min(Tensors.scalar(0.01));
                double momentum = it < EXAGGERATION_ITERATIONS ? 0.5 : 0.8;
                Tensor v =
                        velocity.mul(Tensors.scalar(momentum)).sub(g.mul(grad).mul(Tensors.scalar(lr)));
                Tensor next = y.add(v);
                y.copy_(next.sub(Tensors.meanKeep(next, 0))); // in place: the state outlives the step's scope
                velocity.copy_(v);
                gains.copy_(g);
            }
        }
        return y;
    }
}
