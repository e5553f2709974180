package io.snclr.data;

/** How the images of an ImageFolder tree or tar shards are held while training. */
public enum LoadMode {
    /** In memory when the decoded images fit {@code --memory-budget-mb}, else streamed. */
    AUTO,
    /** Decoded once into memory. */
    MEMORY,
    /** Decoded per batch on worker threads; memory does not grow with the number of images. */
    STREAM;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
