package io.snclr.eval;

import io.snclr.augment.BatchAugmenter;
import io.snclr.augment.ViewConfig;
import io.snclr.data.ImageSet;
import io.snclr.engine.Tensors;
import org.bytedeco.pytorch.Tensor;

/** Images, augmented with {@code train} (crop + flip for linear probes and fine-tuning) or plain. */
final class ImageSource implements InputSource {
    private final ImageSet images;
    private final BatchAugmenter transform;
    private final ViewConfig train;

    ImageSource(ImageSet images, BatchAugmenter transform, ViewConfig train) {
        this.images = images;
        this.transform = transform;
        this.train = train;
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public int[] labels() {
        return images.labels();
    }

    @Override
    public Tensor batch(int[] indices, long step) {
        Tensor raw = gather(indices);
        return train == null ? transform.plain(raw) : transform.view(raw, train, step, 0);
    }

    @Override
    public Tensor plainBatch(int start, int count) {
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) idx[i] = start + i;
        return transform.plain(gather(idx));
    }

    private Tensor gather(int[] indices) {
        return Tensors.bytes(
                images.gather(indices), indices.length, images.channels(), images.height(), images.width());
    }
}
