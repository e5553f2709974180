package io.snclr.method.spcl;

import io.snclr.augment.ViewPreset;
import io.snclr.augment.ViewRecipe;
import io.snclr.data.PrototypeSampler;
import io.snclr.method.MethodAssembly;
import io.snclr.method.MethodContext;
import io.snclr.method.MethodFactory;
import io.snclr.method.OnlineNetworks;
import java.util.Map;

/** SPCL: online networks, metric and prototype heads, per-epoch prototypes and the batches built around them. */
public final class SpclFactory {
    public static final MethodFactory<SpclConfig> FACTORY = new MethodFactory<>(
            "spcl",
            SpclConfig.class,
            SpclConfig.DEFAULT,
            SpclFactory::create,
            Map.ofEntries(
                    Map.entry("prototypes", "SPCL: k-means prototypes P per epoch"),
                    Map.entry("anchor-fraction", "SPCL: share of a batch from its anchor prototype"),
                    Map.entry("temperature", "NT-Xent temperature τ"),
                    Map.entry("lambda-con", "SPCL: weight of the NT-Xent loss"),
                    Map.entry("lambda-metric", "SPCL: weight of the Siamese metric loss"),
                    Map.entry("lambda-proto", "SPCL: weight of the prototypical CE"),
                    Map.entry("symmetric-ce", "SPCL: alpha*CE + beta*reverse CE"),
                    Map.entry("sce-alpha", "SPCL: alpha of the symmetric CE"),
                    Map.entry("sce-beta", "SPCL: beta of the symmetric CE"),
                    Map.entry(
                            "contrastive-sum",
                            "SPCL: NT-Xent summed over the 2N views (its Eq. 2) instead of averaged")),
            ViewRecipe.of(ViewPreset.SIMCLR));

    private SpclFactory() {}

    static MethodAssembly create(SpclConfig options, MethodContext c) {
        SpclNetworks nets = new SpclNetworks(
                new OnlineNetworks(c.newEncoder(), c.heads(), false, c.device(), c.precision()),
                options.prototypes(),
                c.device());
        Prototypes prototypes = new Prototypes(c.train(), c.augmenter(), options.prototypes(), 256, c.seed());
        // every rank plans the same global batches around the same prototypes and trains on its slice of them
        PrototypeSampler sampler =
                new PrototypeSampler(c.train().size(), c.batchSize(), options.anchorFraction(), c.seed());
        return new MethodAssembly(new Spcl(options, nets, prototypes, sampler, c.seed(), c.collective()), sampler);
    }
}
