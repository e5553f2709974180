package io.snclr.method.nnclr;

import io.snclr.augment.ViewPreset;
import io.snclr.augment.ViewRecipe;
import io.snclr.method.CandidateQueue;
import io.snclr.method.MethodAssembly;
import io.snclr.method.MethodContext;
import io.snclr.method.MethodFactory;
import io.snclr.method.OnlineNetworks;
import java.util.Map;

/** NNCLR: online networks with a predictor and a support set of past projections. */
public final class NnclrFactory {
    public static final MethodFactory<NnclrConfig> FACTORY = new MethodFactory<>(
            "nnclr",
            NnclrConfig.class,
            NnclrConfig.DEFAULT,
            NnclrFactory::create,
            Map.of("queue", "support set length", "temperature", "loss temperature τ"),
            ViewRecipe.of(ViewPreset.BYOL));

    private NnclrFactory() {}

    static MethodAssembly create(NnclrConfig options, MethodContext c) {
        OnlineNetworks nets = new OnlineNetworks(c.newEncoder(), c.heads(), true, c.device(), c.precision());
        return new MethodAssembly(
                new Nnclr(
                        nets,
                        new CandidateQueue(options.queue(), c.heads().dim(), c.device()),
                        options.temperature(),
                        c.collective()),
                c.shuffled());
    }
}
