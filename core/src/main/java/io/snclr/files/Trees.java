package io.snclr.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folders removed with everything in them, and their size. */
public final class Trees {
    private Trees() {}

    /** Deletes {@code dir} and its contents, deepest first; nothing when it does not exist. */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }

    /** The bytes of the files directly in {@code dir} (an index folder has no sub-folders). */
    public static long bytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path f : files.toList()) total += Files.size(f);
            return total;
        }
    }
}
