package io.snclr.model;

/** How a ViT is initialised and where its positions come from. */
public enum VitRecipe {
    /** MoCo v3: fixed 2-D sin-cos position embedding, xavier-uniform linear layers (qkv as three matrices). */
    MOCOV3,
    /** timm/DeiT: learned position embedding, truncated-normal (std 0.02) linear layers. */
    TIMM
}
