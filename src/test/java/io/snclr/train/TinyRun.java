package io.snclr.train;

import io.snclr.augment.BatchAugmenter;
import io.snclr.augment.Normalization;
import io.snclr.augment.ViewConfig;
import io.snclr.data.FashionMnist;
import io.snclr.data.ImageSet;
import io.snclr.data.Subsets;
import io.snclr.dist.SingleProcess;
import io.snclr.engine.Engine;
import io.snclr.method.HeadConfig;
import io.snclr.method.MomentumNetworks;
import io.snclr.method.OnlineNetworks;
import io.snclr.method.PretrainMethod;
import io.snclr.method.spcl.Prototypes;
import io.snclr.method.spcl.Spcl;
import io.snclr.method.spcl.SpclConfig;
import io.snclr.method.spcl.SpclNetworks;
import io.snclr.method.snclr.LossForm;
import io.snclr.method.snclr.NeighborSide;
import io.snclr.method.snclr.Positiveness;
import io.snclr.method.snclr.Snclr;
import io.snclr.method.snclr.SnclrConfig;
import io.snclr.model.EncoderSpec;
import java.nio.file.Path;

/** A CPU-sized SNCLR run on real Fashion-MNIST images, for the end-to-end, resume and memory tests. */
final class TinyRun {
    static final EncoderSpec ENCODER = new EncoderSpec("resnet18", 0.125, true, 1, 28);

    final ImageSet train;
    final BatchAugmenter augmenter;
    final PretrainMethod method;

    /** SNCLR with K neighbours after {@code warmupEpochs}. */
    TinyRun(int images, long seed, int neighbors, int warmupEpochs) {
        train = images(images, seed);
        augmenter = augmenter(train, seed);
        Engine.seed(seed);
        MomentumNetworks nets = new MomentumNetworks(ENCODER::create, new HeadConfig(256, 64, 256), "cpu");
        method = new Snclr(new SnclrConfig(neighbors, 1024, 0.2, 1.0, false, LossForm.SOFT_TARGET, Positiveness.SOFT,
                NeighborSide.BOTH, warmupEpochs), nets, 64, "cpu", new SingleProcess());
    }

    /** SPCL with P prototypes. */
    TinyRun(int images, long seed, int prototypes) {
        train = images(images, seed);
        augmenter = augmenter(train, seed);
        Engine.seed(seed);
        SpclNetworks nets = new SpclNetworks(new OnlineNetworks(ENCODER.create(), new HeadConfig(256, 64, 256), false,
                "cpu"), prototypes, "cpu");
        method = new Spcl(new SpclConfig(prototypes, 0.5, 0.2, 1, 1, 1, true, 1, 1), nets,
                new Prototypes(train, augmenter, prototypes, 128, seed), seed);
    }

    private static ImageSet images(int images, long seed) {
        ImageSet all = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TRAIN);
        return all.subset(Subsets.classBalanced(all.labels(), 10, images, seed));
    }

    private static BatchAugmenter augmenter(ImageSet train, long seed) {
        return new BatchAugmenter(ViewConfig.byolFirst(0.2), ViewConfig.byolSecond(0.2), Normalization.of(train), seed,
                "cpu");
    }

    TrainResult train(Path dir, int epochs, int batch, String optimizer, double lr, long maxSteps, boolean resume)
            throws InterruptedException {
        TrainConfig cfg = new TrainConfig(epochs, batch, optimizer, lr, optimizer.equals("lars") ? 1e-6 : 1e-4, 1,
                0.99, maxSteps, 1, 50, 11, false, 2);
        return new Trainer(cfg, method, train, augmenter, new SingleProcess(), dir, EpochHook.NONE).run(resume);
    }
}
