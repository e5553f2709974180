package io.snclr.train;

/** How the EMA momentum moves over training. */
public enum MomentumShape {
    /** Fixed at its base value: the SNCLR paper's ResNet recipe (m = 0.99). */
    CONSTANT,
    /** From its base to 1 by a half-cosine: BYOL, and MoCo v3's ViT recipe. */
    COSINE
}
