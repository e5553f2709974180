package io.snclr.engine;

import io.snclr.files.AtomicFile;
import io.snclr.files.DiskErrors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.QualifiedName;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * TorchScript modules: a forward written in TorchScript source over named tensors, saved in the archive that
 * {@code torch.jit.load} (Python) and {@code torch::jit::load} (C++) run without this library.
 */
public final class ScriptModules {
    private ScriptModules() {}

    /** A tensor name as a TorchScript attribute: dots become underscores ({@code layer1.0.conv1.weight} → ...). */
    public static String attribute(String name) {
        return name.replace('.', '_');
    }

    /**
     * Saves a module of class {@code className} holding {@code tensors} as buffers (under {@link #attribute} names)
     * whose {@code forward} is {@code forwardSource}, in eval mode, atomically.
     */
    public static void save(String className, Map<String, Tensor> tensors, String forwardSource, Path file) {
        JitModule m = new JitModule(new QualifiedName(className));
        for (var e : tensors.entrySet())
            m.register_buffer(attribute(e.getKey()), e.getValue().detach().cpu().contiguous());
        try {
            m.define(forwardSource);
        } catch (RuntimeException e) {
            throw new IllegalStateException("TorchScript source does not compile: " + e.getMessage(), e);
        }
        m.eval();
        AtomicFile.write(file, tmp -> {
            DiskErrors.requireRoom(
                    tmp.toAbsolutePath().getParent(),
                    tensors.values().stream()
                            .mapToLong(t -> t.numel() * t.element_size())
                            .sum(),
                    file);
            m.save(tmp.toString());
        });
    }

    /** A loaded TorchScript module mapping one tensor to one tensor. */
    public static final class Loaded {
        private final JitModule module;

        private Loaded(JitModule module) {
            this.module = module;
        }

        public Tensor forward(Tensor x) {
            try (NoGradGuard g = new NoGradGuard()) {
                IValue out = module.forward(new IValueVector(new IValue(x)));
                return out.toTensor();
            }
        }
    }

    public static Loaded load(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such file");
        try {
            JitModule m = torch.load(file.toString());
            m.eval();
            return new Loaded(m);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a TorchScript module (" + NativeErrors.firstLine(e) + ")");
        }
    }
}
