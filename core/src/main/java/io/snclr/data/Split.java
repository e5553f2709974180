package io.snclr.data;

/** Which split of a labelled data set: the training images or the test images. */
public enum Split {
    TRAIN,
    TEST;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
