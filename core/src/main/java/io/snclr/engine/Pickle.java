package io.snclr.engine;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A pickle reader that runs nothing: the opcodes of protocols 0–5 build dicts, lists, tuples, strings and numbers, and a
 * global is accepted only when it names a class or function that state-dict files use (an {@code OrderedDict}, a
 * tensor's rebuild, a storage type, a few data holders). Anything else — a pickle is a program, and one that names
 * {@code os.system} is trying to run it — is refused with the name it met. Tensors come back as {@link TensorRef}s to
 * the storages the caller loads.
 */
final class Pickle {
    /** A tuple: Python's immutable sequence, kept apart from lists. */
    record Tuple(List<Object> items) {}

    /** A global the file names (module and qualified name), e.g. {@code torch FloatStorage}. */
    record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    /** A storage of {@code numel} elements of {@code dtype}, by the key its bytes are stored under. */
    record StorageRef(String key, StorageType dtype, long numel) {}

    /** A tensor to rebuild: a view of a storage. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

    /** A value of a class that only carries data (argparse.Namespace, numpy scalars): named, not interpreted. */
    record Opaque(String type, List<Object> args) {}

    /** The element types of PyTorch's storages, by the name of their storage class. */
    enum StorageType {
        DOUBLE("DoubleStorage", 8),
        FLOAT("FloatStorage", 4),
        HALF("HalfStorage", 2),
        BFLOAT16("BFloat16Storage", 2),
        LONG("LongStorage", 8),
        INT("IntStorage", 4),
        SHORT("ShortStorage", 2),
        CHAR("CharStorage", 1),
        BYTE("ByteStorage", 1),
        BOOL("BoolStorage", 1);

        final String className;
        final int bytes;

        StorageType(String className, int bytes) {
            this.className = className;
            this.bytes = bytes;
        }

        static StorageType of(Global g) {
            for (StorageType t : values()) if (g.module.equals("torch") && g.name.equals(t.className)) return t;
            return null;
        }
    }

    /** Globals a state-dict file may name, besides the storage types. */
    private static final Set<String> ALLOWED = Set.of(
            "collections.OrderedDict",
            "torch._utils._rebuild_tensor",
            "torch._utils._rebuild_tensor_v2",
            "torch._utils._rebuild_parameter",
            "torch._utils._rebuild_parameter_with_state",
            "torch.jit._pickle.restore_type_tag",
            "_codecs.encode",
            "argparse.Namespace",
            "torch.device",
            "numpy.dtype",
            "numpy.core.multiarray.scalar",
            "numpy._core.multiarray.scalar");

    private static final Object MARK = new Object();

    private final InputStream in;
    private final Function<Object, Object> persistentLoad;
    private final List<Object> stack = new ArrayList<>();
    private final List<List<Object>> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    /** @param persistentLoad what a persistent id (a storage's tuple) stands for */
    Pickle(InputStream in, Function<Object, Object> persistentLoad) {
        this.in = in;
        this.persistentLoad = persistentLoad;
    }

    /** Reads one pickle up to its STOP opcode and returns its value. */
    Object read() throws IOException {
        while (true) {
            int op = in.read();
            if (op < 0) throw new EOFException("the pickle ends before its STOP opcode");
            switch (op) {
                case 0x80 -> readByte(); // PROTO
                case 0x95 -> readBytes(8); // FRAME: a length hint
                case '.' -> {
                    return pop();
                }
                case '(' -> { // MARK
                    marks.add(new ArrayList<>(stack));
                    stack.clear();
                }
                case '0' -> pop(); // POP
                case '1' -> popMark(); // POP_MARK
                case '2' -> push(peek()); // DUP
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'K' -> push((long) readByte()); // BININT1
                case 'M' -> push((long) (readByte() | readByte() << 8)); // BININT2
                case 'J' -> push((long) readInt32()); // BININT
                case 0x8a -> push(readLong(readByte())); // LONG1
                case 0x8b -> push(readLong(readLength32())); // LONG4
                case 'I' -> push(intLine(readLine())); // INT (protocol 0; "01"/"00" are bools)
                case 'L' -> push(new BigInteger(readLine().replace("L", "")).longValue()); // LONG
                case 'G' -> push(Double.longBitsToDouble(new BigInteger(1, readBytes(8)).longValue())); // BINFLOAT
                case 'F' -> push(Double.parseDouble(readLine())); // FLOAT
                case 'X' -> push(utf8(readBytes(readLength32()))); // BINUNICODE
                case 0x8c -> push(utf8(readBytes(readByte()))); // SHORT_BINUNICODE
                case 0x8d -> push(utf8(readBytes(readLength64()))); // BINUNICODE8
                case 'V' -> push(readLine()); // UNICODE (raw-unicode-escape; names are ASCII)
                case 'T' -> push(latin1(readBytes(readLength32()))); // BINSTRING
                case 'U' -> push(latin1(readBytes(readByte()))); // SHORT_BINSTRING
                case 'S' -> push(unquote(readLine())); // STRING
                case 'B' -> push(readBytes(readLength32())); // BINBYTES
                case 'C' -> push(readBytes(readByte())); // SHORT_BINBYTES
                case 0x8e -> push(readBytes(readLength64())); // BINBYTES8
                case 0x96 -> push(readBytes(readLength64())); // BYTEARRAY8
                case ')' -> push(new Tuple(List.of()));
                case 0x85 -> push(tuple(1));
                case 0x86 -> push(tuple(2));
                case 0x87 -> push(tuple(3));
                case 't' -> push(new Tuple(popMark()));
                case ']' -> push(new ArrayList<>());
                case 'l' -> push(new ArrayList<>(popMark()));
                case 'a' -> list(peekBelow(1)).add(pop()); // APPEND: the list is under the value
                case 'e' -> { // APPENDS
                    List<Object> items = popMark();
                    list(peek()).addAll(items);
                }
                case 0x8f -> push(new ArrayList<>()); // EMPTY_SET: a set as a list of its members
                case 0x90 -> { // ADDITEMS
                    List<Object> items = popMark();
                    list(peek()).addAll(items);
                }
                case 0x91 -> push(new ArrayList<>(popMark())); // FROZENSET
                case '}' -> push(new LinkedHashMap<>());
                case 'd' -> push(dictOf(popMark()));
                case 's' -> { // SETITEM
                    Object value = pop();
                    Object key = pop();
                    dict(peek()).put(key, value);
                }
                case 'u' -> { // SETITEMS
                    List<Object> kv = popMark();
                    Map<Object, Object> d = dict(peek());
                    for (int i = 0; i + 1 < kv.size(); i += 2) d.put(kv.get(i), kv.get(i + 1));
                }
                case 'c' -> push(global(readLine(), readLine())); // GLOBAL
                case 0x93 -> { // STACK_GLOBAL
                    String name = string(pop());
                    push(global(string(pop()), name));
                }
                case 'R', 0x81 -> { // REDUCE, NEWOBJ: callable(*args)
                    Object args = pop();
                    push(call(pop(), args));
                }
                case 0x92 -> { // NEWOBJ_EX: cls, args, kwargs
                    pop();
                    Object args = pop();
                    push(call(pop(), args));
                }
                case 'b' -> { // BUILD: the state of a data holder or of a dict's attributes (a state_dict's
                    // _metadata) carries no tensors and is left out
                    pop();
                    Object target = peek();
                    if (!(target instanceof Map || target instanceof Opaque)) {
                        throw new IOException("the pickle sets the state of a " + describe(target));
                    }
                }
                case 'Q' -> push(persistentLoad.apply(pop())); // BINPERSID
                case 'P' -> push(persistentLoad.apply(readLine())); // PERSID
                case 'q' -> memo.put((long) readByte(), peek()); // BINPUT
                case 'r' -> memo.put((long) readLength32(), peek()); // LONG_BINPUT
                case 'p' -> memo.put(Long.parseLong(readLine()), peek()); // PUT
                case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
                case 'h' -> push(recall(readByte())); // BINGET
                case 'j' -> push(recall(readLength32())); // LONG_BINGET
                case 'g' -> push(recall(Long.parseLong(readLine()))); // GET
                case 'i', 'o', 0x82, 0x83, 0x84 ->
                    throw new PickleRefusedException("an object built by opcode 0x" + Integer.toHexString(op)
                            + ", which state dicts do not use");
                default -> throw new IOException("unknown pickle opcode 0x" + Integer.toHexString(op));
            }
        }
    }

    /** A file's pickle named something a state dict does not need: it is refused, not run. */
    static final class PickleRefusedException extends IOException {
        PickleRefusedException(String what) {
            super(what);
        }
    }

    private static Object global(String module, String name) throws PickleRefusedException {
        Global g = new Global(module, name);
        if (StorageType.of(g) != null || ALLOWED.contains(g.qualified())) return g;
        throw new PickleRefusedException("it names " + g.qualified() + ", which a file of tensors does not need");
    }

    private static Object call(Object callable, Object args) throws IOException {
        if (!(callable instanceof Global g)) throw new IOException("the pickle calls a value that is not a class");
        List<Object> a = args instanceof Tuple t ? t.items() : List.of();
        return switch (g.qualified()) {
            case "collections.OrderedDict" -> a.isEmpty() ? new LinkedHashMap<>() : dictOfPairs(a.get(0));
            case "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2" -> tensor(a);
            case "torch._utils._rebuild_parameter",
                    "torch._utils._rebuild_parameter_with_state",
                    "torch.jit._pickle.restore_type_tag" -> a.get(0); // libtorch's pickler tags a dict's type
            case "_codecs.encode" -> string(a.get(0)).getBytes(StandardCharsets.ISO_8859_1);
            default -> {
                if (StorageType.of(g) != null) throw new PickleRefusedException("it builds a storage by calling it");
                yield new Opaque(g.qualified(), a);
            }
        };
    }

    private static TensorRef tensor(List<Object> a) throws IOException {
        if (a.size() < 4 || !(a.get(0) instanceof StorageRef storage)) {
            throw new IOException("a tensor's rebuild without its storage");
        }
        return new TensorRef(storage, number(a.get(1)), longs(a.get(2)), longs(a.get(3)));
    }

    private Object recall(long key) throws IOException {
        if (!memo.containsKey(key)) throw new IOException("the pickle recalls memo " + key + " before storing it");
        return memo.get(key);
    }

    private Tuple tuple(int n) {
        List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        for (int i = 0; i < n; i++) stack.remove(stack.size() - 1);
        return new Tuple(items);
    }

    private List<Object> popMark() throws IOException {
        if (marks.isEmpty()) throw new IOException("the pickle pops a mark it never set");
        List<Object> items = new ArrayList<>(stack);
        stack.clear();
        stack.addAll(marks.remove(marks.size() - 1));
        return items;
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() throws IOException {
        if (stack.isEmpty()) throw new IOException("the pickle pops from an empty stack");
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws IOException {
        return peekBelow(0);
    }

    private Object peekBelow(int depth) throws IOException {
        if (stack.size() <= depth) throw new IOException("the pickle reads below its stack");
        return stack.get(stack.size() - 1 - depth);
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(Object o) throws IOException {
        if (o instanceof Map<?, ?> m) return (Map<Object, Object>) m;
        throw new IOException("the pickle sets an item of a " + describe(o));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) throws IOException {
        if (o instanceof List<?> l) return (List<Object>) l;
        throw new IOException("the pickle appends to a " + describe(o));
    }

    private static Map<Object, Object> dictOf(List<Object> kv) {
        Map<Object, Object> d = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.size(); i += 2) d.put(kv.get(i), kv.get(i + 1));
        return d;
    }

    private static Map<Object, Object> dictOfPairs(Object pairs) throws IOException {
        Map<Object, Object> d = new LinkedHashMap<>();
        for (Object p : list(pairs)) {
            if (!(p instanceof Tuple t) || t.items().size() != 2) throw new IOException("OrderedDict of non-pairs");
            d.put(t.items().get(0), t.items().get(1));
        }
        return d;
    }

    private static String describe(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    private static String string(Object o) throws IOException {
        if (o instanceof String s) return s;
        throw new IOException("the pickle has a " + describe(o) + " where a string belongs");
    }

    private static long number(Object o) throws IOException {
        if (o instanceof Long l) return l;
        if (o instanceof Boolean b) return b ? 1 : 0;
        throw new IOException("the pickle has a " + describe(o) + " where an integer belongs");
    }

    private static long[] longs(Object o) throws IOException {
        List<Object> items = o instanceof Tuple t ? t.items() : o instanceof List<?> ? list(o) : null;
        if (items == null) throw new IOException("the pickle has a " + describe(o) + " where a shape belongs");
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) out[i] = number(items.get(i));
        return out;
    }

    private static Object intLine(String line) {
        if (line.equals("01")) return Boolean.TRUE;
        if (line.equals("00")) return Boolean.FALSE;
        return Long.parseLong(line);
    }

    private static String unquote(String s) {
        return s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') ? s.substring(1, s.length() - 1) : s;
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) throw new EOFException("the pickle ends inside an opcode");
        return b;
    }

    private int readInt32() throws IOException {
        byte[] b = readBytes(4);
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | b[3] << 24;
    }

    private int readLength32() throws IOException {
        long n = readInt32() & 0xffffffffL;
        if (n > Integer.MAX_VALUE - 8) throw new IOException("a pickle value of " + n + " bytes");
        return (int) n;
    }

    private int readLength64() throws IOException {
        byte[] b = readBytes(8);
        long n = 0;
        for (int i = 7; i >= 0; i--) n = n << 8 | (b[i] & 0xff);
        if (n < 0 || n > Integer.MAX_VALUE - 8) throw new IOException("a pickle value of " + n + " bytes");
        return (int) n;
    }

    /** A little-endian two's-complement integer of {@code n} bytes: a Long, or a BigInteger past 8 bytes. */
    private Object readLong(int n) throws IOException {
        if (n > 64) throw new IOException("an integer of " + n + " bytes");
        if (n == 0) return 0L;
        byte[] le = readBytes(n);
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) be[i] = le[n - 1 - i];
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private byte[] readBytes(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new EOFException("the pickle ends inside a value");
        return b;
    }

    private String readLine() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c = readByte(); c != '\n'; c = readByte()) {
            if (s.length() > 4096) throw new IOException("a pickle text line over 4096 bytes");
            s.append((char) c);
        }
        return s.toString();
    }
}
