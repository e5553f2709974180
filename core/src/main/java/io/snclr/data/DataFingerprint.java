package io.snclr.data;

import io.snclr.files.FileDigest;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.List;

/**
 * What identifies a run's training images: how many, their classes, and a digest of every image's label in order (a
 * folder's images are indexed in path order, so deleting, adding or moving images changes it). A resumed run compares
 * it with the one recorded when the run started.
 */
public record DataFingerprint(int images, List<String> classes, String labelsSha256) {
    public static DataFingerprint of(ImageSet set) {
        MessageDigest sha = FileDigest.newSha256();
        ByteBuffer b = ByteBuffer.allocate(4);
        if (set.labels() != null)
            for (int label : set.labels()) sha.update(b.clear().putInt(label).array());
        List<String> classes = set.classNames() == null ? List.of() : List.copyOf(set.classNames());
        return new DataFingerprint(set.size(), classes, FileDigest.hex(sha));
    }

    /** In words: "32 images in 2 classes". */
    public String describe() {
        return images + " images" + (classes.isEmpty() ? "" : " in " + classes.size() + " classes");
    }
}
