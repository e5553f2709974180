package io.snclr.engine;

import io.snclr.engine.PickleValues.Global;
import io.snclr.engine.PickleValues.Opaque;
import io.snclr.engine.PickleValues.StorageRef;
import io.snclr.engine.PickleValues.StorageType;
import io.snclr.engine.PickleValues.TensorRef;
import io.snclr.engine.PickleValues.Tuple;
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

    private final PickleInput in;
    private final Function<Object, Object> persistentLoad;
    private final List<Object> stack = new ArrayList<>();
    private final List<List<Object>> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    /** @param persistentLoad what a persistent id (a storage's tuple) stands for */
    Pickle(InputStream in, Function<Object, Object> persistentLoad) {
        this.in = new PickleInput(in);
        this.persistentLoad = persistentLoad;
    }

    /** Reads one pickle up to its STOP opcode and returns its value. */
    Object read() throws IOException {
        while (true) {
            int op = in.opcode();
            if (op < 0) throw new EOFException("the pickle ends before its STOP opcode");
            switch (op) {
                case 0x80 -> in.readByte(); // PROTO
                case 0x95 -> in.readBytes(8); // FRAME: a length hint
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
                case 'K' -> push((long) in.readByte()); // BININT1
                case 'M' -> push((long) (in.readByte() | in.readByte() << 8)); // BININT2
                case 'J' -> push((long) in.readInt32()); // BININT
                case 0x8a -> push(in.readLong(in.readByte())); // LONG1
                case 0x8b -> push(in.readLong(in.readLength32())); // LONG4
                case 'I' -> push(PickleInput.intLine(in.readLine())); // INT (protocol 0; "01"/"00" are bools)
                case 'L' -> push(new BigInteger(in.readLine().replace("L", "")).longValue()); // LONG
                case 'G' -> push(Double.longBitsToDouble(new BigInteger(1, in.readBytes(8)).longValue())); // BINFLOAT
                case 'F' -> push(Double.parseDouble(in.readLine())); // FLOAT
                case 'X' -> push(PickleInput.utf8(in.readBytes(in.readLength32()))); // BINUNICODE
                case 0x8c -> push(PickleInput.utf8(in.readBytes(in.readByte()))); // SHORT_BINUNICODE
                case 0x8d -> push(PickleInput.utf8(in.readBytes(in.readLength64()))); // BINUNICODE8
                case 'V' -> push(in.readLine()); // UNICODE (raw-unicode-escape; names are ASCII)
                case 'T' -> push(PickleInput.latin1(in.readBytes(in.readLength32()))); // BINSTRING
                case 'U' -> push(PickleInput.latin1(in.readBytes(in.readByte()))); // SHORT_BINSTRING
                case 'S' -> push(PickleInput.unquote(in.readLine())); // STRING
                case 'B' -> push(in.readBytes(in.readLength32())); // BINBYTES
                case 'C' -> push(in.readBytes(in.readByte())); // SHORT_BINBYTES
                case 0x8e -> push(in.readBytes(in.readLength64())); // BINBYTES8
                case 0x96 -> push(in.readBytes(in.readLength64())); // BYTEARRAY8
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
                case 'c' -> push(global(in.readLine(), in.readLine())); // GLOBAL
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
                case 'P' -> push(persistentLoad.apply(in.readLine())); // PERSID
                case 'q' -> memo.put((long) in.readByte(), peek()); // BINPUT
                case 'r' -> memo.put((long) in.readLength32(), peek()); // LONG_BINPUT
                case 'p' -> memo.put(Long.parseLong(in.readLine()), peek()); // PUT
                case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
                case 'h' -> push(recall(in.readByte())); // BINGET
                case 'j' -> push(recall(in.readLength32())); // LONG_BINGET
                case 'g' -> push(recall(Long.parseLong(in.readLine()))); // GET
                case 'i', 'o', 0x82, 0x83, 0x84 ->
                    throw new PickleRefusedException("an object built by opcode 0x" + Integer.toHexString(op)
                            + ", which state dicts do not use");
                default -> throw new IOException("unknown pickle opcode 0x" + Integer.toHexString(op));
            }
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
}
