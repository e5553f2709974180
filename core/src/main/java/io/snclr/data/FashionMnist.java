package io.snclr.data;

import java.nio.file.Path;
import java.util.List;

/** Fashion-MNIST from the gzipped IDX files that Debian's {@code dataset-fashion-mnist} installs. */
public final class FashionMnist {
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final List<String> CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {}

    public enum Split {
        TRAIN("train"),
        TEST("t10k");

        private final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }
    }

    public static ImageSet load(Path dir, Split split) {
        Path imagesFile = dir.resolve(split.prefix + "-images-idx3-ubyte.gz");
        Path labelsFile = dir.resolve(split.prefix + "-labels-idx1-ubyte.gz");
        IdxReader.IdxArray images = IdxReader.read(imagesFile);
        IdxReader.IdxArray labels = IdxReader.read(labelsFile);
        if (images.dims().length != 3) {
            throw new DataFormatException(
                    imagesFile + ": expected a 3-D IDX array (N x 28 x 28), found " + images.dims().length + "-D");
        }
        if (labels.dims().length != 1 || labels.count() != images.count()) {
            throw new DataFormatException(
                    labelsFile + ": expected " + images.count() + " labels, found " + labels.count());
        }
        int[] lb = new int[labels.count()];
        for (int i = 0; i < lb.length; i++) {
            lb[i] = labels.data()[i] & 0xff;
            if (lb[i] >= CLASSES.size()) {
                throw new DataFormatException(labelsFile + ": label " + lb[i] + " at index " + i + " (expected 0-9)");
            }
        }
        return new ImageSet(
                "fashion-mnist/" + split.prefix, 1, images.dims()[1], images.dims()[2], images.data(), lb, CLASSES);
    }
}
