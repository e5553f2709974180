package io.snclr.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The protobuf wire format (varints and length-delimited fields) for the handful of ONNX messages an export writes
 * (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto), with the field numbers of onnx.proto.
 * Written here rather than generated so that the library does not tie its users to a protobuf-java version: the
 * generated classes of one protobuf release require its own runtime, which would clash with an application's.
 */
final class OnnxProto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    byte[] bytes() {
        return out.toByteArray();
    }

    OnnxProto varint(int field, long value) {
        tag(field, 0);
        raw(value);
        return this;
    }

    OnnxProto string(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    OnnxProto bytes(int field, byte[] b) {
        tag(field, 2);
        raw(b.length);
        out.writeBytes(b);
        return this;
    }

    OnnxProto message(int field, OnnxProto m) {
        return bytes(field, m.bytes());
    }

    OnnxProto float32(int field, float f) {
        tag(field, 5);
        int bits = Float.floatToIntBits(f);
        for (int i = 0; i < 4; i++) out.write(bits >>> (8 * i));
        return this;
    }

    /** A repeated int64 field, packed (proto3's default). */
    OnnxProto packed(int field, long... values) {
        OnnxProto p = new OnnxProto();
        for (long v : values) p.raw(v);
        return bytes(field, p.bytes());
    }

    private void tag(int field, int wireType) {
        raw((long) field << 3 | wireType);
    }

    private void raw(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    // ---- the ONNX messages (field numbers of onnx.proto)

    /** TensorProto.DataType */
    static final int FLOAT = 1;

    static final int INT64 = 7;

    /** A TensorProto with its data as raw little-endian bytes. */
    static OnnxProto tensor(String name, int dataType, long[] dims, byte[] raw) {
        return new OnnxProto()
                .packed(1, dims)
                .varint(2, dataType)
                .string(8, name)
                .bytes(9, raw);
    }

    /** An AttributeProto: INT (2), FLOAT (1), INTS (7). */
    static OnnxProto intAttribute(String name, long value) {
        return new OnnxProto().string(1, name).varint(20, 2).varint(3, value);
    }

    static OnnxProto floatAttribute(String name, float value) {
        return new OnnxProto().string(1, name).varint(20, 1).float32(2, value);
    }

    static OnnxProto intsAttribute(String name, long... values) {
        return new OnnxProto().string(1, name).varint(20, 7).packed(8, values);
    }

    /** A float tensor's ValueInfoProto; a dimension of -1 is the symbolic batch size {@code batch}. */
    static OnnxProto valueInfo(String name, long... dims) {
        OnnxProto shape = new OnnxProto();
        for (long d : dims) {
            shape.message(1, d < 0 ? new OnnxProto().string(2, "batch") : new OnnxProto().varint(1, d));
        }
        OnnxProto tensorType = new OnnxProto().varint(1, FLOAT).message(2, shape);
        return new OnnxProto().string(1, name).message(2, new OnnxProto().message(1, tensorType));
    }
}
