package io.snclr.method.snclr;

import io.snclr.method.MethodAssembly;
import io.snclr.method.MethodContext;
import io.snclr.method.MethodFactory;
import io.snclr.method.MomentumNetworks;

/** SNCLR from {@link SnclrConfig}: MoCo v3's networks, the candidate queue, positiveness and the soft-neighbour loss. */
public final class SnclrFactory {
    public static final MethodFactory<SnclrConfig> FACTORY =
            new MethodFactory<>("snclr", SnclrConfig.class, SnclrConfig.DEFAULT, SnclrFactory::create);

    private SnclrFactory() {}

    static MethodAssembly create(SnclrConfig options, MethodContext c) {
        MomentumNetworks nets =
                new MomentumNetworks(c.newEncoder(), c.encoder().create(), c.heads(), c.device(), c.precision());
        return new MethodAssembly(
                new Snclr("snclr", options, nets, c.heads().dim(), c.device(), c.collective()), c.shuffled());
    }
}
