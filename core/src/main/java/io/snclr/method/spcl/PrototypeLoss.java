package io.snclr.method.spcl;

import io.snclr.engine.Tensors;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;

/**
 * SPCL's prototypical loss: a linear head maps the representation to P logits, cross-entropy with the pseudo-label.
 * Symmetric option (Wang et al. 2019, robust to noisy pseudo-labels): α·CE + β·RCE, where the reverse CE
 * −Σ_k p_k·log q_k against the one-hot label clipped at 1e-4 equals −log(1e-4)·(1 − p_y).
 */
public final class PrototypeLoss {
    private static final double LOG_CLIP = -Math.log(1e-4);

    private final LinearImpl head;
    private final boolean symmetric;
    private final double alpha;
    private final double beta;

    public PrototypeLoss(LinearImpl head, boolean symmetric, double alpha, double beta) {
        this.head = head;
        this.symmetric = symmetric;
        this.alpha = alpha;
        this.beta = beta;
    }

    public Tensor logits(Tensor representation) {
        return head.forward(representation);
    }

    /** Loss of the representations (N×C) against the int64 pseudo-labels (N). */
    public Tensor loss(Tensor representation, Tensor pseudoLabels) {
        return of(logits(representation), pseudoLabels);
    }

    /** CE, or α·CE + β·RCE with symmetric CE, of logits (N×P) against pseudo-labels. */
    public Tensor of(Tensor logits, Tensor pseudoLabels) {
        Tensor ce = Tensors.crossEntropy(logits, pseudoLabels);
        if (!symmetric) return ce;
        Tensor py =
                Tensors.softmax(logits, 1).gather(1, pseudoLabels.view(-1, 1)).view(-1);
        Tensor rce = py.neg().add(Tensors.scalar(1.0)).mean().mul(Tensors.scalar(LOG_CLIP));
        return ce.mul(Tensors.scalar(alpha)).add(rce.mul(Tensors.scalar(beta)));
    }
}
