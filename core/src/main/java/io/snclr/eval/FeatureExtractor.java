package io.snclr.eval;

import io.snclr.augment.BatchAugmenter;
import io.snclr.data.ImageSet;
import io.snclr.engine.ModuleState;
import io.snclr.engine.Scope;
import io.snclr.engine.Tensors;
import io.snclr.model.Encoder;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.bytedeco.pytorch.Tensor;

/** Embeds a whole image set with a frozen backbone (eval mode, no augmentation), L2-normalised rows. */
public final class FeatureExtractor {
    private final Encoder backbone;
    private final BatchAugmenter transform;
    private final int batchSize;

    public FeatureExtractor(Encoder backbone, BatchAugmenter transform, int batchSize) {
        this.backbone = backbone;
        this.transform = transform;
        this.batchSize = batchSize;
    }

    /** N×F unit rows, on the CPU, owned by the caller's scope. */
    public Tensor extract(ImageSet set) {
        return extract(set, true);
    }

    /** N×F features (L2-normalised when {@code unit}), on the CPU, owned by the caller's scope. */
    public Tensor extract(ImageSet set, boolean unit) {
        return extract(set, unit, done -> {});
    }

    /** As {@link #extract(ImageSet, boolean)}, telling {@code progress} the images done after each batch. */
    public Tensor extract(ImageSet set, boolean unit, IntConsumer progress) {
        boolean wasTraining = backbone.module().is_training();
        backbone.module().train(false);
        int n = set.size();
        int f = (int) backbone.featureDim();
        float[] out = new float[n * f];
        try {
            for (int start = 0; start < n; start += batchSize) {
                int b = Math.min(batchSize, n - start);
                byte[] px = set.gather(IntStream.range(start, start + b).toArray());
                float[] feats = embed(px, b, set.channels(), set.height(), set.width(), unit);
                System.arraycopy(feats, 0, out, start * f, b * f);
                progress.accept(start + b);
            }
        } finally {
            backbone.module().train(wasTraining);
        }
        return Tensors.floats(out, n, f);
    }

    /**
     * The features of {@code n} images given as uint8 CHW pixels, row after row (L2-normalised when {@code unit}):
     * the evaluation transform, the backbone without gradients, in a memory scope of its own. The backbone must be
     * in evaluation mode; safe to call from several threads at once.
     */
    public float[] embed(byte[] pixels, int n, int channels, int height, int width, boolean unit) {
        try (Scope s = Scope.open()) {
            Tensor images = Tensors.bytes(pixels, n, channels, height, width);
            return ModuleState.noGrad(() -> {
                Tensor raw = backbone.forward(transform.plain(images));
                return Tensors.toFloats(unit ? Tensors.l2normalize(raw) : raw);
            });
        }
    }
}
