package io.snclr.engine;

import io.snclr.files.AtomicFile;
import io.snclr.files.DiskErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.ByteVector;
import org.bytedeco.pytorch.CompilationUnit;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.QualifiedName;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * State dicts in the file format of Python's {@code torch.save}: written with libtorch's own {@code pickle_save} (a zip
 * holding {@code data.pkl} and one record per tensor, what {@code torch.load} returns as a {@code dict} of tensors),
 * read by {@link TorchSaveFile} in both of torch.save's formats, with the {@code OrderedDict}s that torchvision, timm
 * and most training code publish; safetensors files are read too.
 */
public final class PickledState {
    /** Wrappers under which checkpoints keep their weights (Lightning/solo-learn, DeiT/timm, DINO, MoCo). */
    private static final List<String> WRAPPERS = List.of("state_dict", "model", "teacher", "backbone", "encoder");

    private PickledState() {}

    /** Writes {@code tensors} (name → tensor, in order) as a torch.save file, atomically. */
    public static void write(Map<String, Tensor> tensors, Path file) {
        ByteVector bytes = torch.pickle_save(dictOf(tensors));
        AtomicFile.write(file, tmp -> {
            DiskErrors.requireRoom(tmp.toAbsolutePath().getParent(), bytes.size(), file);
            Files.write(tmp, bytes.get());
        });
    }

    /**
     * The tensors of a state-dict file by name, in file order: a torch.save file (zip or legacy format) whose top level
     * is a dict or OrderedDict of tensors, or a dict holding one under a usual checkpoint key (state_dict, model,
     * teacher, ...); or a safetensors file. The pickle is read, never run: a global that a file of tensors does not need
     * is refused.
     */
    public static Map<String, Tensor> read(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such file");
        try {
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(16);
            }
            if (SafeTensors.recognizes(head, Files.size(file))) return SafeTensors.read(file);
            if (!TorchSaveFile.recognizes(head)) {
                throw new IllegalArgumentException(
                        file + ": neither a torch.save file (zip or legacy format) nor a " + "safetensors file");
            }
            try (TorchSaveFile saved = TorchSaveFile.open(file)) {
                Map<String, Tensor> out = new LinkedHashMap<>();
                stateDictOf(saved.root(), file).forEach((name, ref) -> out.put(name, saved.tensor(ref)));
                return out;
            }
        } catch (PickleRefusedException e) {
            throw new IllegalArgumentException(file + ": refused, not loaded: " + e.getMessage() + hint(e));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    file + ": not a readable state-dict file (" + DiskErrors.reason(e) + ")");
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException && e.getMessage().startsWith(file.toString())) throw e;
            throw new IllegalArgumentException(file + ": not a readable state-dict file (" + e.getMessage() + ")");
        }
    }

    /** torch.save(model) pickles the model's classes instead of its tensors. */
    private static String hint(PickleRefusedException e) {
        return e.getMessage().matches(".*names (torch\\.nn|torchvision|timm|__main__).*")
                ? " (a whole model saved with torch.save(model): save model.state_dict() instead)"
                : "";
    }

    private static Map<String, PickleValues.TensorRef> stateDictOf(Object root, Path file) {
        if (!(root instanceof Map<?, ?> dict)) {
            throw new IllegalArgumentException(file + ": expected a state_dict (a dict of tensors), found a "
                    + (root == null ? "None" : root.getClass().getSimpleName()));
        }
        Map<String, PickleValues.TensorRef> out = new LinkedHashMap<>();
        Map<String, Object> nested = new LinkedHashMap<>();
        for (var e : dict.entrySet()) {
            if (!(e.getKey() instanceof String key)) continue;
            if (e.getValue() instanceof PickleValues.TensorRef t) out.put(key, t);
            else if (e.getValue() instanceof Map) nested.put(key, e.getValue());
        }
        if (!out.isEmpty()) return out;
        for (String wrapper : WRAPPERS) if (nested.containsKey(wrapper)) return stateDictOf(nested.get(wrapper), file);
        throw new IllegalArgumentException(file + ": holds no tensors at its top level nor under " + WRAPPERS
                + " (its keys: " + dict.keySet() + ")");
    }

    /**
     * A c10::Dict IValue of the tensors. The Java bindings cannot insert into a GenericDict, so a TorchScript function
     * with one argument per tensor builds the dict literal; the names are quoted as TorchScript string literals.
     */
    private static IValue dictOf(Map<String, Tensor> tensors) {
        StringBuilder src = new StringBuilder("def make(");
        StringBuilder body = new StringBuilder("    return {");
        int i = 0;
        IValueVector args = new IValueVector();
        for (var e : tensors.entrySet()) {
            if (i > 0) {
                src.append(", ");
                body.append(", ");
            }
            src.append('t').append(i).append(": Tensor");
            body.append(quote(e.getKey())).append(": t").append(i);
            args.push_back(new IValue(e.getValue().detach().cpu().contiguous()));
            i++;
        }
        src.append(") -> Dict[str, Tensor]:\n").append(body).append("}\n");
        CompilationUnit unit = torch.compile(src.toString());
        return unit.get_function(new QualifiedName("make")).apply(args);
    }

    private static String quote(String name) {
        if (!name.matches("[A-Za-z0-9_.\\-]+"))
            throw new IllegalArgumentException("tensor name not exportable: " + name);
        return "\"" + name + "\"";
    }
}
