package io.snclr.method.simclr;

import io.snclr.augment.ViewPreset;
import io.snclr.augment.ViewRecipe;
import io.snclr.method.MethodAssembly;
import io.snclr.method.MethodContext;
import io.snclr.method.MethodFactory;
import io.snclr.method.OnlineNetworks;
import java.util.Map;

/** SimCLR: one network with a projector, no predictor. */
public final class SimClrFactory {
    public static final MethodFactory<SimClrConfig> FACTORY = new MethodFactory<>(
            "simclr",
            SimClrConfig.class,
            SimClrConfig.DEFAULT,
            SimClrFactory::create,
            Map.of("temperature", "NT-Xent temperature τ"),
            ViewRecipe.of(ViewPreset.SIMCLR));

    private SimClrFactory() {}

    static MethodAssembly create(SimClrConfig options, MethodContext c) {
        OnlineNetworks nets = new OnlineNetworks(c.newEncoder(), c.heads(), false, c.device(), c.precision());
        return new MethodAssembly(new SimClr(nets, options.temperature(), c.collective()), c.shuffled());
    }
}
