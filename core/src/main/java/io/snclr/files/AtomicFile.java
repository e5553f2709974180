package io.snclr.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a file through a temporary file beside it and an atomic rename: readers never see half a file. */
public final class AtomicFile {
    /** Fills the temporary file. */
    @FunctionalInterface
    public interface Writer {
        void write(Path tmp) throws IOException;
    }

    private AtomicFile() {}

    public static void write(Path file, Writer writer) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                writer.write(tmp);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(DiskErrors.describe(e, file), e);
        }
    }

    /** Writes {@code text} (UTF-8) through a temporary file and an atomic rename. */
    public static void writeString(Path file, String text) {
        write(file, tmp -> Files.writeString(tmp, text));
    }
}
