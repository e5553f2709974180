package io.snclr.model;

import io.snclr.files.ProtoWriter;

/**
 * The ONNX messages an export writes (TensorProto, AttributeProto, ValueInfoProto, NodeProto), with the field numbers
 * of onnx.proto, over {@link ProtoWriter}.
 */
final class OnnxProto {
    private OnnxProto() {}

    /** TensorProto.DataType */
    static final int FLOAT = 1;

    static final int INT64 = 7;

    /** A TensorProto with its data as raw little-endian bytes. */
    static ProtoWriter tensor(String name, int dataType, long[] dims, byte[] raw) {
        return new ProtoWriter()
                .packed(1, dims)
                .varint(2, dataType)
                .string(8, name)
                .bytes(9, raw);
    }

    /** An AttributeProto: INT (2), FLOAT (1), INTS (7). */
    static ProtoWriter intAttribute(String name, long value) {
        return new ProtoWriter().string(1, name).varint(20, 2).varint(3, value);
    }

    static ProtoWriter floatAttribute(String name, float value) {
        return new ProtoWriter().string(1, name).varint(20, 1).float32(2, value);
    }

    static ProtoWriter intsAttribute(String name, long... values) {
        return new ProtoWriter().string(1, name).varint(20, 7).packed(8, values);
    }

    /** A float tensor's ValueInfoProto; a dimension of -1 is the symbolic batch size {@code batch}. */
    static ProtoWriter valueInfo(String name, long... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (long d : dims) {
            shape.message(1, d < 0 ? new ProtoWriter().string(2, "batch") : new ProtoWriter().varint(1, d));
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, FLOAT).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
    }

    /** A NodeProto: its inputs, its one output and its operator. */
    static ProtoWriter node(String op, java.util.List<String> inputs, String output) {
        ProtoWriter n = new ProtoWriter();
        for (String in : inputs) n.string(1, in);
        return n.string(2, output).string(4, op);
    }
}
