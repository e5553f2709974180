package io.snclr.engine;

import java.util.List;

/** The values a pickle of tensors is made of, besides dicts, lists, strings and numbers. */
final class PickleValues {
    private PickleValues() {}

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
}
