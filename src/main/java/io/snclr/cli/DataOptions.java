package io.snclr.cli;

import io.snclr.data.DataSpec;
import io.snclr.data.FashionMnist;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which images to use. */
final class DataOptions {
    @Option(names = "--data", defaultValue = "fashion-mnist",
            description = "fashion-mnist, or the root of an ImageFolder tree (class sub-folders, JPEG/PNG)")
    String data;

    @Option(names = "--data-dir", description = "directory of the Fashion-MNIST IDX files (default: "
            + "/usr/share/datasets/fashion-mnist, from the Debian package dataset-fashion-mnist)")
    Path dataDir = FashionMnist.DEFAULT_DIR;

    @Option(names = "--test-data", description = "ImageFolder root of the test split (for kNN on ImageFolder data)")
    Path testData;

    @Option(names = "--image-size", defaultValue = "32", description = "ImageFolder images are resized to this side")
    int imageSize;

    @Option(names = "--channels", defaultValue = "3", description = "ImageFolder images: 3 (RGB) or 1 (grayscale)")
    int channels;

    @Option(names = "--limit", defaultValue = "0", description = "use this many training images, class-balanced; 0 = all")
    int limit;

    @Option(names = "--test-limit", defaultValue = "0", description = "use this many test images, class-balanced; 0 = all")
    int testLimit;

    DataSpec spec(long seed) {
        if (imageSize < 8) throw new IllegalArgumentException("--image-size must be >= 8, got " + imageSize);
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("--channels must be 1 or 3, got " + channels);
        if (limit < 0 || testLimit < 0) throw new IllegalArgumentException("--limit/--test-limit must be >= 0");
        return new DataSpec(data, dataDir, testData, imageSize, channels, limit, testLimit, seed);
    }
}
