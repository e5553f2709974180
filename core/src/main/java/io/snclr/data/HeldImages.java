package io.snclr.data;

import io.snclr.engine.ImageCodec;
import java.util.stream.IntStream;

/**
 * ImageFolder images decoded once and held in memory whole (aspect ratio kept, the shorter side at most the size
 * {@link StreamedImages#holdAll} chose), beside their evaluation view: the training views are cut from the whole
 * picture, as from a streamed file, and the evaluation view is the one a streamed set gives.
 */
public final class HeldImages implements Originals {
    private final ImageCodec.Held[] images;
    private final byte[][] views;
    private final int size;
    private final int channels;

    /** @param views each image's evaluation view (C·S·S), cut from the decoded file as a streamed set cuts it */
    HeldImages(ImageCodec.Held[] images, byte[][] views, int size, int channels) {
        this.images = images;
        this.views = views;
        this.size = size;
        this.channels = channels;
    }

    /** Bytes held for an image of {@code width × height} pixels whose shorter side is brought down to {@code shorter}. */
    static long bytesHeld(int width, int height, int shorter, int channels) {
        double scale = Math.min(1.0, shorter / (double) Math.min(width, height));
        return Math.round(width * scale) * Math.round(height * scale) * channels;
    }

    public int count() {
        return images.length;
    }

    @Override
    public int imageBytes() {
        return channels * size * size;
    }

    @Override
    public void read(int i, byte[] dst, int offset) {
        System.arraycopy(views[i], 0, dst, offset, imageBytes());
    }

    @Override
    public byte[][] decodeViews(int[] indices, StreamedImages.CropSource crops) {
        byte[][] out = {new byte[indices.length * imageBytes()], new byte[indices.length * imageBytes()]};
        IntStream.range(0, indices.length).parallel().forEach(j -> cut(indices[j], j, crops, out, j * imageBytes()));
        return out;
    }

    @Override
    public Pixels subset(int[] indices) {
        ImageCodec.Held[] part = new ImageCodec.Held[indices.length];
        byte[][] partViews = new byte[indices.length][];
        for (int j = 0; j < indices.length; j++) {
            part[j] = images[indices[j]];
            partViews[j] = views[indices[j]];
        }
        return new HeldImages(part, partViews, size, channels);
    }

    private void cut(int i, int position, StreamedImages.CropSource crops, byte[][] dst, int offset) {
        ImageCodec.Held h = images[i];
        StreamedImages.Region[] regions = crops.regions(position, h.width(), h.height());
        try (ImageCodec.Image img = ImageCodec.wrap(h)) {
            for (int v = 0; v < regions.length; v++) {
                StreamedImages.Region r = regions[v];
                ImageCodec.crop(img, r.x(), r.y(), r.w(), r.h(), r.flip(), size, dst[v], offset);
            }
        }
    }
}
