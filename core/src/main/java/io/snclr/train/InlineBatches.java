package io.snclr.train;

import io.snclr.augment.BatchAugmenter;
import io.snclr.data.ImageSet;
import io.snclr.data.RankSlice;
import io.snclr.engine.Scope;

/** Prepares each batch on the training thread when asked: the step then pays for augmentation, measurably. */
final class InlineBatches implements BatchSource {
    private final ImageSet data;
    private final RankSlice sampler;
    private final BatchAugmenter augmenter;
    private long step;

    InlineBatches(ImageSet data, RankSlice sampler, BatchAugmenter augmenter, long firstStep) {
        this.data = data;
        this.sampler = sampler;
        this.augmenter = augmenter;
        this.step = firstStep;
    }

    @Override
    public Batch next(Scope scope) {
        return Prefetcher.prepare(data, sampler, augmenter, step++);
    }

    @Override
    public void close() {
        // nothing runs in the background
    }
}
