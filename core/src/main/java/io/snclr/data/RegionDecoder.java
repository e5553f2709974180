package io.snclr.data;

import io.snclr.data.StreamedImages.Region;
import io.snclr.engine.ImageCodec;
import java.io.IOException;

/**
 * One indexed image decoded once (JPEG scaled down as far as every region allows) and cut into its regions at the
 * training size: what a streamed set does per image and view.
 */
final class RegionDecoder {
    private final FileIndex index;
    private final int size;
    private final int channels;

    RegionDecoder(FileIndex index, int size, int channels) {
        this.index = index;
        this.size = size;
        this.channels = channels;
    }

    /** Decodes index row {@code row} once and writes one crop per region into the matching array of {@code dst}. */
    void decode(int row, Region[] regions, byte[][] dst, int offset) throws IOException {
        ImageHeader h = index.header(row);
        int reduce = reduction(h, regions);
        try (ImageCodec.Image img = decodeChecked(row, h, reduce)) {
            cut(img, regions, reduce, dst, offset);
        }
    }

    /** Row {@code row} decoded at 1/{@code reduce}, refused when its size is not what its header said. */
    ImageCodec.Image decodeChecked(int row, ImageHeader h, int reduce) throws IOException {
        ImageCodec.Image img = ImageCodec.decode(index.read(row), h.jpeg(), channels, reduce);
        int expectW = (h.width() + reduce - 1) / reduce, expectH = (h.height() + reduce - 1) / reduce;
        if (img.width() != expectW || img.height() != expectH) {
            img.close();
            throw new IOException("decodes to " + img.width() + "x" + img.height() + ", its header says " + h.width()
                    + "x" + h.height());
        }
        return img;
    }

    /** Each region (in the file's pixels) of an image decoded at 1/{@code reduce}, resized to the training size. */
    void cut(ImageCodec.Image img, Region[] regions, int reduce, byte[][] dst, int offset) {
        for (int v = 0; v < regions.length; v++) {
            Region r = regions[v];
            int x = Math.min(r.x() / reduce, img.width() - 1), y = Math.min(r.y() / reduce, img.height() - 1);
            int w = Math.max(1, Math.min(Math.round(r.w() / (float) reduce), img.width() - x));
            int hh = Math.max(1, Math.min(Math.round(r.h() / (float) reduce), img.height() - y));
            ImageCodec.crop(img, x, y, w, hh, r.flip(), size, dst[v], offset);
        }
    }

    /** The largest JPEG scale-down that leaves every region at least {@code size} pixels on its shorter side. */
    int reduction(ImageHeader h, Region[] regions) {
        return reduction(h, regions, size);
    }

    static int reduction(ImageHeader h, Region[] regions, int size) {
        if (!h.jpeg()) return 1;
        int smallest = Integer.MAX_VALUE;
        for (Region r : regions) smallest = Math.min(smallest, Math.min(r.w(), r.h()));
        int f = 8;
        while (f > 1 && smallest / f < size) f /= 2;
        return f;
    }
}
