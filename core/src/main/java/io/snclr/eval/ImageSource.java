package io.snclr.eval;

import io.snclr.augment.BatchAugmenter;
import io.snclr.augment.ViewConfig;
import io.snclr.data.ImageSet;
import io.snclr.data.Originals;
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

    /**
     * The inputs of a training batch: crop and flip of each image's whole picture when the set has it (ImageFolder
     * images), of the stored images otherwise (IDX data).
     */
    @Override
    public Tensor batch(int[] indices, long step) {
        if (train == null) return transform.plain(gather(indices));
        Originals originals = images.originals();
        if (originals == null) return transform.view(gather(indices), train, step, 0);
        byte[] crops = originals.decodeViews(indices, transform.crops(train, step))[0];
        return transform.plain(
                Tensors.bytes(crops, indices.length, images.channels(), images.height(), images.width()));
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
