package io.snclr.engine;

import io.snclr.files.DiskErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;

/**
 * Collects named tensors (and integers) into a libtorch archive and writes it atomically: to a temporary file
 * beside the target, then renamed over it, so an interrupted save never leaves a broken checkpoint.
 */
public final class StateWriter {
    private final OutputArchive archive = new OutputArchive();
    private long tensorBytes;

    public StateWriter put(String name, Tensor t) {
        tensorBytes += t.numel() * t.element_size();
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
     * Writes the archive to a new temporary file beside {@code target} and returns it (the caller renames it), after
     * checking that the disk has room for it.
     */
    public Path writeTemporary(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // libtorch aborts the process when the disk fills in the middle of an archive: check the room first. The
        // optimiser state is not counted in tensorBytes; AdamW's is twice the parameters, so 2× is an upper bound.
        long previous = Files.isRegularFile(target) ? Files.size(target) : 0;
        DiskErrors.requireRoom(dir, Math.max(previous, 2 * tensorBytes), target);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            archive.save_to(tmp.toString());
        } catch (RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw new IOException(e.getMessage(), e);
        }
        return tmp;
    }

    public void writeAtomically(Path target) throws IOException {
        Path tmp = writeTemporary(target);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
