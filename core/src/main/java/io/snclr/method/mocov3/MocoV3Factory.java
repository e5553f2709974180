package io.snclr.method.mocov3;

import io.snclr.augment.ViewPreset;
import io.snclr.augment.ViewRecipe;
import io.snclr.method.MethodAssembly;
import io.snclr.method.MethodContext;
import io.snclr.method.MethodFactory;
import io.snclr.method.MomentumNetworks;
import java.util.Map;

/** MoCo v3 (Chen, Xie and He 2021) from {@link MocoV3Config}: the base that SNCLR builds on. */
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
        MomentumNetworks nets =
                new MomentumNetworks(c.newEncoder(), c.encoder().create(), c.heads(), c.device(), c.precision());
        double t = options.resolvedFor(nets.backbone().isTransformer()).temperature();
        return new MethodAssembly(new MocoV3<Void>("mocov3", nets, c.heads().dim(), t, c.collective()), c.shuffled());
    }
}
