package io.snclr.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What identifies a run's training images: how many, their classes, and a digest of every image's label in order (a
 * folder's images are indexed in path order, so deleting, adding or moving images changes it). A resumed run compares
 * it with the one recorded when the run started.
 */
public record DataFingerprint(int images, List<String> classes, String labelsSha256) {
    public static DataFingerprint of(ImageSet set) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer b = ByteBuffer.allocate(4);
            if (set.labels() != null)
                for (int label : set.labels())
                    sha.update(b.clear().putInt(label).array());
            List<String> classes = set.classNames() == null ? List.of() : List.copyOf(set.classNames());
            return new DataFingerprint(set.size(), classes, HexFormat.of().formatHex(sha.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** In words: "32 images in 2 classes". */
    public String describe() {
        return images + " images" + (classes.isEmpty() ? "" : " in " + classes.size() + " classes");
    }
}
