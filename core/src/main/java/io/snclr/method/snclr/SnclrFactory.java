package io.snclr.method.snclr;

import io.snclr.augment.ViewPreset;
import io.snclr.augment.ViewRecipe;
import io.snclr.method.MethodAssembly;
import io.snclr.method.MethodContext;
import io.snclr.method.MethodFactory;
import io.snclr.method.MomentumNetworks;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SNCLR from {@link SnclrConfig}: MoCo v3 with the candidate queue, positiveness and the soft-neighbour loss. */
public final class SnclrFactory {
    private static final Logger LOG = LoggerFactory.getLogger(SnclrFactory.class);

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

    /** Said once: a queue longer than the data holds several epochs of keys, an image's own among them. */
    private static void noteQueueLargerThanData(int queue, long dim, int images) {
        if (queue <= images) return;
        long mb = queue * (dim * 4 + 16) >> 20; // unit features, labels and image ids
        LOG.info(
                "the candidate queue of {} keys ({} MB, in every checkpoint) is longer than the {} training images: it"
                        + " holds {} epochs of keys, an image's own earlier keys among them (--exclude-self leaves them"
                        + " out; --queue {} holds one epoch)",
                queue,
                mb,
                images,
                String.format(java.util.Locale.ROOT, "%.1f", queue / (double) images),
                images);
    }

    static MethodAssembly create(SnclrConfig options, MethodContext c) {
        noteQueueLargerThanData(options.queue(), c.heads().dim(), c.train().size());
        MomentumNetworks nets =
                new MomentumNetworks(c.newEncoder(), c.encoder().create(), c.heads(), c.device(), c.precision());
        return new MethodAssembly(new Snclr(options, nets, c.heads().dim(), c.device(), c.collective()), c.shuffled());
    }
}
