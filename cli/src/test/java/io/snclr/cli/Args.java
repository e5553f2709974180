package io.snclr.cli;

import java.util.Arrays;

/** Command-line arrays for the CLI tests. */
final class Args {
    private Args() {}

    static String[] concat(String[] first, String... more) {
        String[] out = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, out, first.length, more.length);
        return out;
    }
}
