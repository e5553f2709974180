package io.snclr.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.Tensor;

/** Reads an archive written by {@link StateWriter} back into live tensors, modules and optimisers. */
public final class StateReader {
    private final InputArchive archive = new InputArchive();
    private final Path file;

    public StateReader(Path file) {
        this.file = file;
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such checkpoint file");
        try {
            archive.load_from(file.toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    file + ": not a readable snclr checkpoint (" + NativeErrors.firstLine(e) + ")");
        }
    }

    /** The names of the archive's entries (nested archives such as an optimiser's state are not listed inside). */
    public List<String> keys() {
        var k = archive.keys();
        List<String> out = new ArrayList<>();
        for (long i = 0; i < k.size(); i++) out.add(k.get(i).getString());
        return out;
    }

    public Tensor get(String name) {
        Tensor t = new Tensor();
        if (!archive.try_read(name, t))
            throw new IllegalArgumentException(file + ": checkpoint has no entry '" + name + "'");
        return t;
    }

    /** Copies the saved tensor into {@code into} (same shape), keeping its device. */
    public void into(String name, Tensor into) {
        Tensor saved = get(name);
        if (!Arrays.equals(saved.shape(), into.shape())) {
            throw new IllegalArgumentException(file + ": entry '" + name + "' has shape "
                    + Arrays.toString(saved.shape()) + ", the model expects "
                    + Arrays.toString(into.shape()));
        }
        try (NoGradGuard g = new NoGradGuard()) {
            into.copy_(saved);
        }
    }

    public long getLong(String name) {
        return get(name).item_long();
    }

    public void intoModule(String prefix, Module m) {
        for (var e : ModuleState.named(m).entrySet()) into(prefix + "." + e.getKey(), e.getValue());
    }

    public void intoOptimizer(String name, Optimizer opt) {
        InputArchive sub = new InputArchive();
        if (!archive.try_read(name, sub))
            throw new IllegalArgumentException(file + ": checkpoint has no '" + name + "'");
        opt.load(sub);
    }

    public Path file() {
        return file;
    }
}
