package io.snclr.engine;

import io.snclr.files.AtomicFile;
import io.snclr.files.DiskErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.ByteVector;
import org.bytedeco.pytorch.CompilationUnit;
import org.bytedeco.pytorch.GenericDict;
import org.bytedeco.pytorch.GenericDictEntryRef;
import org.bytedeco.pytorch.GenericDictIterator;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.QualifiedName;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * State dicts in the file format of Python's {@code torch.save} (a zip holding {@code data.pkl} and one record per
 * tensor), written and read with libtorch's own {@code pickle_save} / {@code pickle_load}: what {@code torch.load}
 * returns as a {@code dict} of tensors, and what torchvision, timm and most training code publish.
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
     * The tensors of a torch.save file whose top level is a dict of tensors, or a dict holding one under a usual
     * checkpoint key (state_dict, model, teacher, ...), by name in file order.
     */
    public static Map<String, Tensor> read(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such file");
        IValue root;
        try {
            root = torch.pickle_load(new ByteVector(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + DiskErrors.reason(e) + ")");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    file + ": not a file written by torch.save (" + NativeErrors.firstLine(e) + ")");
        }
        return tensorsOf(root, file);
    }

    private static Map<String, Tensor> tensorsOf(IValue root, Path file) {
        if (!root.isGenericDict()) {
            throw new IllegalArgumentException(file + ": expected a state_dict (a dict of tensors), found "
                    + root.tagKind().getString());
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<String, IValue> nested = new LinkedHashMap<>();
        GenericDict dict = root.toGenericDict();
        for (GenericDictIterator it = dict.begin(); !it.equals(dict.end()); it.increment()) {
            GenericDictEntryRef e = it.access();
            if (!e.key().isString()) continue;
            String key = e.key().toStringRef().getString();
            IValue value = e.value();
            if (value.isTensor()) out.put(key, new Tensor(value.toTensor()));
            else if (value.isGenericDict()) nested.put(key, value);
        }
        if (!out.isEmpty()) return out;
        for (String wrapper : WRAPPERS) if (nested.containsKey(wrapper)) return tensorsOf(nested.get(wrapper), file);
        throw new IllegalArgumentException(file + ": holds no tensors at its top level nor under " + WRAPPERS
                + " (its keys: " + nested.keySet() + ")");
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
