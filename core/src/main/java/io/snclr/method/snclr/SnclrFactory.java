package io.snclr.method.snclr;

import io.snclr.augment.ViewPreset;
import io.snclr.augment.ViewRecipe;
import io.snclr.method.MethodAssembly;
import io.snclr.method.MethodContext;
import io.snclr.method.MethodFactory;
import io.snclr.method.MomentumNetworks;
import java.util.Map;

/** SNCLR from {@link SnclrConfig}: MoCo v3 with the candidate queue, positiveness and the soft-neighbour loss. */
public final class SnclrFactory {
    public static final MethodFactory<SnclrConfig> FACTORY = new MethodFactory<>(
            "snclr",
            SnclrConfig.class,
            SnclrConfig.DEFAULT,
            SnclrFactory::create,
            Map.ofEntries(
                    Map.entry("neighbors", "K neighbours per key"),
                    Map.entry("queue", "candidate queue (support set) length L"),
                    Map.entry("temperature", "loss temperature T"),
                    Map.entry("gamma", "γ of Eq. 4: positiveness = softmax(...) / γ"),
                    Map.entry(
                            "positiveness-temperature",
                            "softmax temperature of the positiveness; < 1 sharpens (not in the paper)"),
                    Map.entry(
                            "detach-positiveness",
                            "stop the gradient through the soft targets (the reference code keeps it)"),
                    Map.entry("exclude-self", "leave an image's own earlier keys out of its neighbours"),
                    Map.entry("threshold", "zero positiveness below 1/K"),
                    Map.entry("loss", "soft (reference code) or paper (Eq. 2)"),
                    Map.entry("positiveness", "soft (Eq. 4) or binary (w = 1)"),
                    Map.entry("neighbor-side", "both, positive or negative (Tab. 7)"),
                    Map.entry("neighbor-warmup-epochs", "epochs without neighbours while the queue fills"),
                    Map.entry(
                            "queue-scope",
                            "with several processes: process (each queues its own keys, the official code) or global "
                                    + "(every process queues the whole batch's keys, ours)")),
            new ViewRecipe(ViewPreset.BYOL, 0.2, 0.08));

    private SnclrFactory() {}

    static MethodAssembly create(SnclrConfig options, MethodContext c) {
        MomentumNetworks nets =
                new MomentumNetworks(c.newEncoder(), c.encoder().create(), c.heads(), c.device(), c.precision());
        return new MethodAssembly(new Snclr(options, nets, c.heads().dim(), c.device(), c.collective()), c.shuffled());
    }
}
