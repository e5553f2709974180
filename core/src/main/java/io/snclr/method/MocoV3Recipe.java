package io.snclr.method;

/**
 * What MoCo v3's recipe sets by backbone and SNCLR inherits (SNCLR is MoCo v3 with soft neighbours): the loss
 * temperature, 1.0 for ResNets and 0.2 for ViTs (facebookresearch/moco-v3, main_moco.py {@code --moco-t} default 1.0;
 * CONFIG.md's ViT commands {@code --moco-t=.2}; SNCLR's start.sh {@code --snclr-t=.2}).
 */
public final class MocoV3Recipe {
    public static final double RESNET_TEMPERATURE = 1.0;
    public static final double VIT_TEMPERATURE = 0.2;

    private MocoV3Recipe() {}

    public static double temperature(boolean transformer) {
        return transformer ? VIT_TEMPERATURE : RESNET_TEMPERATURE;
    }
}
