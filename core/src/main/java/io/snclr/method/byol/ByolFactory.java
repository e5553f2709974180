package io.snclr.method.byol;

import io.snclr.augment.ViewPreset;
import io.snclr.augment.ViewRecipe;
import io.snclr.method.MethodAssembly;
import io.snclr.method.MethodContext;
import io.snclr.method.MethodFactory;
import io.snclr.method.MomentumNetworks;
import java.util.Map;

/** BYOL on the shared momentum networks. */
public final class ByolFactory {
    public static final MethodFactory<ByolConfig> FACTORY = new MethodFactory<>(
            "byol",
            ByolConfig.class,
            ByolConfig.DEFAULT,
            ByolFactory::create,
            Map.of(),
            ViewRecipe.of(ViewPreset.BYOL));

    private ByolFactory() {}

    static MethodAssembly create(ByolConfig options, MethodContext c) {
        return new MethodAssembly(
                new Byol(new MomentumNetworks(
                        c.newEncoder(), c.encoder().create(), c.heads(), c.device(), c.precision())),
                c.shuffled());
    }
}
