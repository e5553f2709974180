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
import io.snclr.model.PretrainedWeights;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a method factory may build its method from: the encoder to instantiate, the heads, where tensors live, the
 * other ranks, the training images and their views, and how batches are cut.
 *
 * @param initFrom a state_dict file every new backbone starts from (null: random initialisation)
 * @param precision of the networks' forward passes
 * @param batchSize images per global step (all processes together); batch plans are global
 */
public record MethodContext(
        EncoderSpec encoder,
        Path initFrom,
        HeadConfig heads,
        Device device,
        Precision precision,
        Collective collective,
        ImageSet train,
        BatchAugmenter augmenter,
        int batchSize,
        long seed) {
    private static final Logger LOG = LoggerFactory.getLogger(MethodContext.class);

    /** The backbone to train, with its starting weights (read from {@link #initFrom} when given). */
    public Encoder newEncoder() {
        Encoder e = encoder.create();
        if (initFrom != null) {
            PretrainedWeights.Loaded w = PretrainedWeights.load(initFrom, e, encoder.describe());
            LOG.debug(
                    "backbone from {}: {} tensors under prefix '{}', {} entries ignored",
                    w.file(),
                    w.tensors(),
                    w.prefix(),
                    w.ignored().size());
        }
        return e;
    }

    /** Plain seeded shuffling of global batches: the batches of every method but SPCL. */
    public BatchPlan shuffled() {
        return new EpochSampler(train.size(), batchSize, seed, train::epochOrder);
    }
}
