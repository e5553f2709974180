package io.snclr.method.spcl;

import io.snclr.method.MethodOptions;

/**
 * SPCL's settings (docs/design.md).
 *
 * @param prototypes P, the number of k-means clusters per epoch
 * @param anchorFraction share of each batch drawn from the batch's anchor prototype
 * @param temperature τ of the NT-Xent contrastive loss
 * @param lambdaCon λ_c; @param lambdaMetric λ_m; @param lambdaProto λ_p
 * @param symmetricCe α·CE + β·RCE instead of CE in the prototypical loss
 * @param contrastiveSum sum NT-Xent over the 2N views (SPCL's Eq. 2) instead of averaging it: with the metric and
 *                       prototype losses still means, that weighs L_con 2N times as much as λ_c says
 */
public record SpclConfig(
        int prototypes,
        double anchorFraction,
        double temperature,
        double lambdaCon,
        double lambdaMetric,
        double lambdaProto,
        boolean symmetricCe,
        double sceAlpha,
        double sceBeta,
        boolean contrastiveSum)
        implements MethodOptions {
    public static final SpclConfig DEFAULT = new SpclConfig(50, 0.5, 0.2, 1, 1, 1, false, 1, 1, false);

    public SpclConfig {
        if (prototypes < 2) throw new IllegalArgumentException("--prototypes must be >= 2, got " + prototypes);
        if (!(anchorFraction > 0 && anchorFraction <= 1)) {
            throw new IllegalArgumentException("--anchor-fraction must be in (0, 1], got " + anchorFraction);
        }
        if (!(temperature > 0)) throw new IllegalArgumentException("--temperature must be > 0, got " + temperature);
        for (double w : new double[] {lambdaCon, lambdaMetric, lambdaProto, sceAlpha, sceBeta}) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("SPCL loss weights must be finite and >= 0, got " + w);
            }
        }
    }
}
