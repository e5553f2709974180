package io.snclr.method;

import io.snclr.augment.BatchAugmenter;
import io.snclr.data.BatchPlan;
import io.snclr.data.EpochSampler;
import io.snclr.data.ImageSet;
import io.snclr.dist.Collective;
import io.snclr.engine.Device;
import io.snclr.engine.Precision;
import io.snclr.model.Encoder;
import io.snclr.model.EncoderSpec;

/**
 * What a method factory may build its method from: the encoder to instantiate, the heads, where tensors live, the
 * other ranks, the training images and their views, and how batches are cut.
 *
 * @param precision of the networks' forward passes
 * @param batchSize images per step of this process
 */
public record MethodContext(EncoderSpec encoder, HeadConfig heads, Device device, Precision precision,
                            Collective collective, ImageSet train, BatchAugmenter augmenter, int batchSize, long seed) {
    public Encoder newEncoder() {
        return encoder.create();
    }

    /** Plain seeded shuffling, sharded by rank: the batches of every method but SPCL. */
    public BatchPlan shuffled() {
        return new EpochSampler(train.size(), batchSize, seed, collective.rank(), collective.worldSize());
    }
}
