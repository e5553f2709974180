package io.snclr.eval;

/** How a linear probe sees its training images. */
public enum LinearMode {
    /** Features extracted once from un-augmented images: seconds instead of hours on a CPU. */
    FAST,
    /** RandomResizedCrop + flip every epoch through the frozen backbone, as MoCo v3's protocol. */
    AUGMENT;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
