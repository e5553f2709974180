package io.snclr.rundir;

import io.snclr.files.DiskErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * The one writer of a run directory: a file lock held for as long as the run is open, with the holder's PID in the
 * file, so that a second process on the same directory is refused instead of interleaving metrics and overwriting
 * results. The operating system drops the lock when the process dies, however it dies.
 */
public final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code dir} (creating it) or fails with one line naming the holder; removes stale temporary files. */
    public static RunLock acquire(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": exists and is not a directory");
        }
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(RunFiles.LOCK);
            FileChannel ch = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // held by this very process
            }
            if (l == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
                ch.close();
                throw new IllegalStateException(
                        dir + ": in use by another snclr process" + (holder.isEmpty() ? "" : " (PID " + holder + ")")
                                + "; wait for it or choose another directory");
            }
            ch.truncate(0);
            ch.write(
                    ByteBuffer.wrap(
                            String.valueOf(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)),
                    0);
            ch.force(true);
            removeStaleTemporaries(dir);
            return new RunLock(ch, l);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create or lock the run directory " + dir + " (" + DiskErrors.reason(e) + ")", e);
        }
    }

    /** Temporary files (".name….tmp") left by a process that died while writing; only the lock holder may do this. */
    private static void removeStaleTemporaries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.startsWith(".") && n.endsWith(".tmp") && Files.isRegularFile(f)) Files.deleteIfExists(f);
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
