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
    final Snclr method;

    TinyRun(int images, long seed, int neighbors, int warmupEpochs) {
        ImageSet all = FashionMnist.load(FashionMnist.DEFAULT_DIR, FashionMnist.Split.TRAIN);
        train = all.subset(Subsets.classBalanced(all.labels(), 10, images, seed));
        augmenter = new BatchAugmenter(ViewConfig.byolFirst(0.2), ViewConfig.byolSecond(0.2), Normalization.of(train),
                seed, "cpu");
        Engine.seed(seed);
        MomentumNetworks nets = new MomentumNetworks(ENCODER::create, new HeadConfig(256, 64, 256), "cpu");
        method = new Snclr(new SnclrConfig(neighbors, 1024, 0.2, 1.0, false, LossForm.SOFT_TARGET, Positiveness.SOFT,
                NeighborSide.BOTH, warmupEpochs), nets, 64, "cpu", new SingleProcess());
    }

    TrainResult train(Path dir, int epochs, int batch, String optimizer, double lr, long maxSteps, boolean resume)
            throws InterruptedException {
        TrainConfig cfg = new TrainConfig(epochs, batch, optimizer, lr, optimizer.equals("lars") ? 1e-6 : 1e-4, 1,
                0.99, maxSteps, 1, 50, 11, false, 2);
        return new Trainer(cfg, method, train, augmenter, new SingleProcess(), dir, EpochHook.NONE).run(resume);
    }
}
