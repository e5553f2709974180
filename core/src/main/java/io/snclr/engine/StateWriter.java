package io.snclr.engine;

import io.snclr.files.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.ArchiveWriter;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;

/**
 * Collects named tensors (and integers) into a libtorch archive and writes it atomically: to a temporary file
 * beside the target, then renamed over it, so an interrupted save never leaves a broken checkpoint, and a full disk is
 * an exception rather than a native abort.
 */
public final class StateWriter {
    private final OutputArchive archive = new OutputArchive();

    public StateWriter put(String name, Tensor t) {
        archive.write(name, t.detach().cpu().contiguous());
        return this;
    }

    public StateWriter putLong(String name, long v) {
        archive.write(name, Tensors.longs(new long[] {v}, 1));
        return this;
    }

    /** Every parameter and buffer of {@code m}, under {@code prefix.}. */
    public StateWriter putModule(String prefix, Module m) {
        for (var e : ModuleState.named(m).entrySet()) put(prefix + "." + e.getKey(), e.getValue());
        return this;
    }

    /** The optimiser's own state (e.g. AdamW moments), as a nested archive. */
    public StateWriter putOptimizer(String name, Optimizer opt) {
        OutputArchive sub = new OutputArchive();
        opt.save(sub);
        archive.write(name, sub);
        return this;
    }

    /**
     * Writes the archive to a new temporary file beside {@code target} and returns it (the caller renames it). The
     * bytes go through Java, so a full disk is an {@link IOException} naming the file, never a native abort, and the
     * temporary file is removed.
     */
    public Path writeTemporary(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            writeTo(tmp);
            return tmp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** Writes the archive to {@code target} through a temporary file and an atomic rename ({@link AtomicFile}). */
    public void writeAtomically(Path target) {
        AtomicFile.write(target, this::writeTo);
    }

    /** Streams the archive into {@code file} (created or emptied) through a channel, forced to the disk. */
    private void writeTo(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(
                        file,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                ChannelWriter writer = new ChannelWriter(channel)) {
            try {
                archive.save_to(writer);
            } catch (RuntimeException e) {
                if (writer.failure != null) throw writer.failure;
                throw new IOException(NativeErrors.firstLine(e), e);
            }
            if (writer.failure != null) throw writer.failure;
            channel.force(true);
        }
    }

    /**
     * libtorch's writer callback, writing into a channel. A failed write is remembered and the whole length reported
     * written: libtorch aborts the process on a short write, so the failure is thrown once {@code save_to} returns.
     */
    private static final class ChannelWriter extends ArchiveWriter implements AutoCloseable {
        private final FileChannel channel;
        IOException failure;

        ChannelWriter(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public long call(Pointer data, long size) {
            if (failure != null || size == 0) return size;
            try {
                ByteBuffer bytes = data == null || data.isNull()
                        ? ByteBuffer.allocate((int) size)
                        : new BytePointer(data).capacity(size).asByteBuffer();
                while (bytes.hasRemaining()) channel.write(bytes);
            } catch (IOException e) {
                failure = e;
            }
            return size;
        }

        @Override
        public void close() {
            deallocate();
        }
    }
}
