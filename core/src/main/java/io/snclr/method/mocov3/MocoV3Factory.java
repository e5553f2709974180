package io.snclr.method.mocov3;

import io.snclr.augment.ViewPreset;
import io.snclr.augment.ViewRecipe;
import io.snclr.method.MethodAssembly;
import io.snclr.method.MethodContext;
import io.snclr.method.MethodFactory;
import io.snclr.method.MomentumNetworks;
import io.snclr.method.snclr.Snclr;
import io.snclr.method.snclr.SnclrConfig;
import java.util.Map;

/**
 * MoCo v3 (Chen, Xie and He 2021). SNCLR with K = 0 is exactly MoCo v3's loss (docs/design.md; tested), so it runs on
 * SNCLR's code without a candidate queue.
 */
public final class MocoV3Factory {
    public static final MethodFactory<MocoV3Config> FACTORY = new MethodFactory<>(
            "mocov3",
            MocoV3Config.class,
            MocoV3Config.DEFAULT,
            MocoV3Factory::create,
            Map.of("temperature", "loss temperature T"),
            new ViewRecipe(ViewPreset.BYOL, 0.2, 0.08));

    private MocoV3Factory() {}

    static MethodAssembly create(MocoV3Config options, MethodContext c) {
        SnclrConfig noNeighbors = SnclrConfig.DEFAULT.withNeighbors(0, 1, 0).withTemperature(options.temperature());
        MomentumNetworks nets =
                new MomentumNetworks(c.newEncoder(), c.encoder().create(), c.heads(), c.device(), c.precision());
        return new MethodAssembly(
                new Snclr("mocov3", noNeighbors, nets, c.heads().dim(), c.device(), c.collective()), c.shuffled());
    }
}
