package io.snclr.method.spcl;

import io.snclr.data.BatchPlan;
import io.snclr.data.PrototypeSampler;
import io.snclr.data.RankSlice;
import io.snclr.method.MethodAssembly;
import io.snclr.method.MethodContext;
import io.snclr.method.MethodFactory;
import io.snclr.method.OnlineNetworks;

/** SPCL: online networks, metric and prototype heads, per-epoch prototypes and the batches built around them. */
public final class SpclFactory {
    public static final MethodFactory<SpclConfig> FACTORY =
            new MethodFactory<>("spcl", SpclConfig.class, SpclConfig.DEFAULT, SpclFactory::create);

    private SpclFactory() {}

    static MethodAssembly create(SpclConfig options, MethodContext c) {
        SpclNetworks nets = new SpclNetworks(
                new OnlineNetworks(c.newEncoder(), c.heads(), false, c.device(), c.precision()),
                options.prototypes(),
                c.device());
        Prototypes prototypes = new Prototypes(c.train(), c.augmenter(), options.prototypes(), 256, c.seed());
        int world = c.collective().worldSize();
        // every rank plans the same global batches around the same prototypes and trains on its slice of them
        PrototypeSampler sampler =
                new PrototypeSampler(c.train().size(), c.batchSize() * world, options.anchorFraction(), c.seed());
        BatchPlan plan =
                world == 1 ? sampler : new RankSlice(sampler, c.collective().rank(), world);
        return new MethodAssembly(new Spcl(options, nets, prototypes, sampler, c.seed(), c.collective()), plan);
    }
}
