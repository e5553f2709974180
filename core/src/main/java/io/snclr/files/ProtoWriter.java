package io.snclr.files;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The protobuf wire format (varints, fixed and length-delimited fields) for the few messages snclr writes: TensorBoard's
 * events and ONNX's model. Written here rather than generated so that the library does not tie its users to one
 * protobuf-java version (generated classes of one protobuf release need that release's runtime, which clashes with an
 * application's own); the tests read what it writes with protobuf-java's and ONNX Runtime's own parsers.
 */
public final class ProtoWriter {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    public ProtoWriter varint(int field, long v) {
        tag(field, 0);
        raw(v);
        return this;
    }

    public ProtoWriter fixed64(int field, long v) {
        tag(field, 1);
        for (int i = 0; i < 8; i++) buf.write((int) (v >>> (8 * i)));
        return this;
    }

    public ProtoWriter fixed32(int field, int v) {
        tag(field, 5);
        for (int i = 0; i < 4; i++) buf.write(v >>> (8 * i));
        return this;
    }

    public ProtoWriter float32(int field, float f) {
        return fixed32(field, Float.floatToIntBits(f));
    }

    public ProtoWriter string(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    public ProtoWriter message(int field, ProtoWriter m) {
        return bytes(field, m.bytes());
    }

    public ProtoWriter bytes(int field, byte[] b) {
        tag(field, 2);
        raw(b.length);
        buf.writeBytes(b);
        return this;
    }

    /** A repeated int64 field, packed. */
    public ProtoWriter packed(int field, long... values) {
        ProtoWriter p = new ProtoWriter();
        for (long v : values) p.raw(v);
        return bytes(field, p.bytes());
    }

    public byte[] bytes() {
        return buf.toByteArray();
    }

    private void tag(int field, int wireType) {
        raw((long) field << 3 | wireType);
    }

    private void raw(long v) {
        while ((v & ~0x7FL) != 0) {
            buf.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buf.write((int) v);
    }
}
