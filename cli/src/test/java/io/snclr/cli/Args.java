package io.snclr.cli;

import java.nio.file.Path;
import java.util.Arrays;

/** Command-line arrays for the CLI tests. */
public final class Args {
    private Args() {}

    public static String[] concat(String[] first, String... more) {
        String[] out = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, out, first.length, more.length);
        return out;
    }

    /**
     * {@code pretrain} of an untrained tiny encoder (no steps; 16 px RGB, width 1/16, batch 4) on a folder of images
     * into {@code run}: indexes the folder and writes an encoder that embed, search and serve can use. {@code more}
     * is added last, so it may override any of these (the last value of a flag wins).
     */
    public static String[] untrainedOn(Path images, Path run, String... more) {
        return concat(
                new String[] {
                    "pretrain",
                    "--data",
                    images.toString(),
                    "--image-size",
                    "16",
                    "--channels",
                    "3",
                    "--epochs",
                    "0",
                    "--width",
                    "0.0625",
                    "--batch-size",
                    "4",
                    "--out",
                    run.toString()
                },
                more);
    }
}
