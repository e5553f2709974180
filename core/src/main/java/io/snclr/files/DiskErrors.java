package io.snclr.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** One clear line for a failed write, naming the file and, when that is the cause, the full disk. */
public final class DiskErrors {
    private static final long MB = 1L << 20;
    /** Room kept free beyond the estimate, for the manifest and a few metrics lines. */
    private static final long MARGIN = 256L << 10;

    private DiskErrors() {}

    public static String describe(IOException e, Path file) {
        String msg = String.valueOf(e.getMessage());
        if (isDiskFull(msg, file)) return "no space left on device while writing " + file;
        return "cannot write " + file + ": " + reason(e);
    }

    /** What an I/O exception means, in words: Java's own messages are often just a path. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file or directory: " + e.getMessage();
        if (e instanceof AccessDeniedException) return "permission denied: " + e.getMessage();
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + ": " + f.getFile();
        }
        String msg = String.valueOf(e.getMessage());
        return msg.lines().findFirst().orElse(msg);
    }

    /** Fails before writing about {@code bytes} into {@code dir} when its file system has less room than that. */
    public static void requireRoom(Path dir, long bytes, Path file) throws IOException {
        long free = usable(dir);
        if (free >= 0 && free < bytes + MARGIN) {
            throw new IOException("no space left on device while writing " + file + " (needs about " + (bytes / MB + 1)
                    + " MB, " + free / MB + " MB free)");
        }
    }

    static boolean isDiskFull(String message, Path file) {
        if (message.contains("No space left") || message.contains("no space left") || message.contains("ENOSPC")) {
            return true;
        }
        long free = usable(file.toAbsolutePath().getParent());
        return free >= 0 && free < MB;
    }

    private static long usable(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
