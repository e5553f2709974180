package io.snclr.data;

import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the images come from: Fashion-MNIST (IDX files) or an ImageFolder tree, with optional class-balanced
 * limits on the training and test splits.
 *
 * @param source "fashion-mnist" or the path of an ImageFolder root
 * @param fashionMnistDir directory of the IDX files
 * @param testSource ImageFolder root of the test split (ImageFolder only; null = none)
 * @param imageSize side of ImageFolder images after centre-crop and resize
 * @param channels 1 or 3 for ImageFolder images
 * @param limit training images to keep, class-balanced (0 = all)
 * @param testLimit test images to keep, class-balanced (0 = all)
 */
public record DataSpec(String source, Path fashionMnistDir, Path testSource, int imageSize, int channels, int limit,
                       int testLimit, long seed) {
    private static final Logger LOG = LoggerFactory.getLogger(DataSpec.class);

    public boolean isFashionMnist() {
        return "fashion-mnist".equals(source);
    }

    public ImageSet train() {
        ImageSet full = isFashionMnist() ? FashionMnist.load(fashionMnistDir, FashionMnist.Split.TRAIN)
                : folder(Path.of(source));
        return limited(full, limit);
    }

    /** The test split, or null when there is none (an ImageFolder without --test-data). */
    public ImageSet test() {
        ImageSet full;
        if (isFashionMnist()) full = FashionMnist.load(fashionMnistDir, FashionMnist.Split.TEST);
        else if (testSource != null) full = folder(testSource);
        else return null;
        return limited(full, testLimit);
    }

    private ImageSet folder(Path root) {
        ImageFolder.Result r = ImageFolder.load(root, imageSize, channels);
        if (!r.skipped().isEmpty()) {
            LOG.warn("{}: {} corrupt or unreadable image(s) skipped: {}", root, r.skipped().size(),
                    r.skipped().size() <= 5 ? r.skipped() : List.copyOf(r.skipped().subList(0, 5)) + " ...");
        }
        return r.images();
    }

    private ImageSet limited(ImageSet set, int n) {
        if (n <= 0 || n >= set.size()) return set;
        return set.subset(Subsets.classBalanced(set.labels(), set.numClasses(), n, seed));
    }
}
