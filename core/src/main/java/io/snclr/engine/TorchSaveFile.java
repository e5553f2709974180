package io.snclr.engine;

import io.snclr.engine.PickleValues.StorageRef;
import io.snclr.engine.PickleValues.StorageType;
import io.snclr.engine.PickleValues.TensorRef;
import io.snclr.engine.PickleValues.Tuple;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A file written by Python's {@code torch.save}, read without running its pickle: the zip format (PyTorch ≥ 1.6: a
 * {@code data.pkl} and one record per storage) or the legacy format before it (magic number, protocol, system info,
 * the pickle, its storage keys, then each storage's raw bytes). Tensors are rebuilt on request, so a checkpoint's
 * optimiser state is never copied into memory.
 */
final class TorchSaveFile implements AutoCloseable {
    /** The number the legacy format starts with (torch/serialization.py). */
    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);

    private final Object root;
    private final Function<StorageRef, byte[]> bytesOf;
    private final ZipFile zip;
    private final Map<String, Tensor> storages = new HashMap<>();

    private TorchSaveFile(Object root, Function<StorageRef, byte[]> bytesOf, ZipFile zip) {
        this.root = root;
        this.bytesOf = bytesOf;
        this.zip = zip;
    }

    /** Whether {@code head} (a file's first bytes) starts a torch.save file of either format. */
    static boolean recognizes(byte[] head) {
        boolean zip = head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        boolean legacy = head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2;
        return zip || legacy;
    }

    static TorchSaveFile open(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        if (head.length == 4 && head[0] == 'P' && head[1] == 'K') return openZip(file);
        return openLegacy(Files.readAllBytes(file));
    }

    /** The value the file holds: maps, lists, {@link Tuple}s, strings, numbers and {@link TensorRef}s. */
    Object root() {
        return root;
    }

    /** The tensor {@code ref} describes, with its own memory. */
    Tensor tensor(TensorRef ref) {
        StorageRef s = ref.storage();
        long last = ref.offset();
        boolean empty = false;
        for (int d = 0; d < ref.size().length; d++) {
            if (ref.size()[d] < 0 || ref.stride()[d] < 0) throw new IllegalArgumentException("a negative size");
            if (ref.size()[d] == 0) empty = true;
            else last += (ref.size()[d] - 1) * ref.stride()[d];
        }
        if (ref.offset() < 0 || (!empty && last >= s.numel())) {
            throw new IllegalArgumentException("a tensor of shape " + Arrays.toString(ref.size())
                    + " reaches past its storage of " + s.numel() + " elements");
        }
        Tensor storage = storages.computeIfAbsent(s.key(), k -> storageTensor(s));
        return storage.as_strided(ref.size(), ref.stride(), new LongOptional(ref.offset()))
                .clone();
    }

    private Tensor storageTensor(StorageRef s) {
        byte[] bytes = bytesOf.apply(s);
        long need = s.numel() * s.dtype().bytes;
        if (bytes.length < need) {
            throw new IllegalArgumentException("storage " + s.key() + " holds " + bytes.length + " bytes, its "
                    + s.numel() + " elements need " + need);
        }
        byte[] exact = bytes.length == need ? bytes : Arrays.copyOf(bytes, (int) need);
        return Tensor.create(exact, need).view(scalarType(s.dtype()));
    }

    private static torch.ScalarType scalarType(StorageType t) {
        return switch (t) {
            case DOUBLE -> torch.ScalarType.Double;
            case FLOAT -> torch.ScalarType.Float;
            case HALF -> torch.ScalarType.Half;
            case BFLOAT16 -> torch.ScalarType.BFloat16;
            case LONG -> torch.ScalarType.Long;
            case INT -> torch.ScalarType.Int;
            case SHORT -> torch.ScalarType.Short;
            case CHAR -> torch.ScalarType.Char;
            case BYTE -> torch.ScalarType.Byte;
            case BOOL -> torch.ScalarType.Bool;
        };
    }

    private static TorchSaveFile openZip(Path file) throws IOException {
        ZipFile zip = new ZipFile(file.toFile());
        try {
            ZipEntry pkl = zip.stream()
                    .filter(e -> e.getName().endsWith("data.pkl")
                            && e.getName().indexOf('/') == e.getName().lastIndexOf('/'))
                    .findFirst()
                    .orElseThrow(() -> new IOException("a zip without the data.pkl of torch.save"));
            String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            ZipEntry order = zip.getEntry(prefix + "byteorder");
            if (order != null) {
                String byteOrder = new String(zip.getInputStream(order).readAllBytes(), StandardCharsets.US_ASCII);
                if (!byteOrder.trim().equals("little"))
                    throw new IOException("tensors in " + byteOrder + " byte order");
            }
            Object root;
            try (InputStream in = zip.getInputStream(pkl)) {
                root = new Pickle(in, pid -> storage(pid, 5)).read();
            }
            Function<StorageRef, byte[]> bytes = s -> {
                ZipEntry e = zip.getEntry(prefix + "data/" + s.key());
                if (e == null) throw new IllegalArgumentException("the record of storage " + s.key() + " is missing");
                try (InputStream in = zip.getInputStream(e)) {
                    return in.readAllBytes();
                } catch (IOException ex) {
                    throw new IllegalArgumentException("storage " + s.key() + ": " + ex.getMessage());
                }
            };
            return new TorchSaveFile(root, bytes, zip);
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    private static TorchSaveFile openLegacy(byte[] file) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(file);
        Object magic = new Pickle(in, pid -> pid).read();
        if (!(magic instanceof BigInteger b && b.equals(LEGACY_MAGIC))) {
            throw new IOException("neither the zip format of torch.save nor its legacy format");
        }
        new Pickle(in, pid -> pid).read(); // the protocol version
        Object sysInfo = new Pickle(in, pid -> pid).read();
        if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
            throw new IOException("tensors in big-endian byte order");
        }
        Object root = new Pickle(in, pid -> storage(pid, 6)).read();
        Object keys = new Pickle(in, pid -> pid).read();
        if (!(keys instanceof List<?> list)) throw new IOException("the legacy format without its storage keys");
        Map<String, Integer> offsets = new HashMap<>();
        ByteBuffer data = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int at = file.length - in.available();
        Map<String, Integer> elementBytes = new HashMap<>();
        collectElementBytes(root, elementBytes);
        for (Object key : list) {
            String k = String.valueOf(key);
            if (at + 8 > file.length) throw new IOException("the file ends before storage " + k);
            long numel = data.getLong(at);
            int size = elementBytes.getOrDefault(k, 1);
            if (numel < 0 || at + 8 + numel * size > file.length) throw new IOException("storage " + k + " is cut");
            offsets.put(k, at + 8);
            at += 8 + (int) (numel * size);
        }
        Function<StorageRef, byte[]> bytes = s -> {
            Integer from = offsets.get(s.key());
            if (from == null) throw new IllegalArgumentException("the bytes of storage " + s.key() + " are missing");
            return Arrays.copyOfRange(file, from, from + (int) (s.numel() * s.dtype().bytes));
        };
        return new TorchSaveFile(root, bytes, null);
    }

    /** The element size of every storage the tree refers to (the legacy format needs it to find the next one). */
    private static void collectElementBytes(Object node, Map<String, Integer> out) {
        if (node instanceof TensorRef t) out.put(t.storage().key(), t.storage().dtype().bytes);
        else if (node instanceof Map<?, ?> m) m.values().forEach(v -> collectElementBytes(v, out));
        else if (node instanceof List<?> l) l.forEach(v -> collectElementBytes(v, out));
        else if (node instanceof Tuple t) t.items().forEach(v -> collectElementBytes(v, out));
    }

    /** A storage's persistent id: ('storage', type, key, location, numel[, view metadata]). */
    private static Object storage(Object pid, int fields) {
        if (!(pid instanceof Tuple t)
                || t.items().size() < fields
                || !"storage".equals(t.items().get(0))
                || !(t.items().get(1) instanceof PickleValues.Global g)
                || StorageType.of(g) == null
                || !(t.items().get(4) instanceof Long numel)) {
            throw new IllegalArgumentException("a persistent id that is not a storage: " + pid);
        }
        if (fields == 6 && t.items().get(5) != null) {
            throw new IllegalArgumentException("a view of a storage (written by PyTorch before 0.4)");
        }
        return new StorageRef(String.valueOf(t.items().get(2)), StorageType.of(g), numel);
    }

    @Override
    public void close() throws IOException {
        if (zip != null) zip.close();
    }
}
