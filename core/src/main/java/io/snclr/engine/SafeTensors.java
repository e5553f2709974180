package io.snclr.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snclr.files.AtomicFile;
import io.snclr.files.DiskErrors;
import io.snclr.files.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The safetensors format of the model hubs: an 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then the raw little-endian tensors. Nothing in it is executable; the reader checks
 * that every range lies inside the file, matches its shape and overlaps no other.
 */
public final class SafeTensors {
    /** Headers larger than this are refused before they are read (the reference implementation's limit). */
    private static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {}

    /** Whether {@code head} (a file's first 9 bytes or more) and its size fit a safetensors file. */
    static boolean recognizes(byte[] head, long fileSize) {
        if (head.length < 9) return false;
        long n = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return n > 1 && n <= MAX_HEADER && 8 + n <= fileSize && head[8] == '{';
    }

    /** The tensors of {@code file} by name, in the header's order. */
    public static Map<String, Tensor> read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0);
            long n = len.flip().getLong();
            if (n < 2 || n > MAX_HEADER || 8 + n > size) {
                throw new IOException("a safetensors header of " + n + " bytes in a file of " + size);
            }
            ByteBuffer header = ByteBuffer.allocate((int) n);
            readFully(ch, header, 8);
            JsonNode doc = Json.MAPPER.readTree(new String(header.array(), StandardCharsets.UTF_8));
            long dataStart = 8 + n;
            long dataSize = size - dataStart;
            Map<String, Tensor> out = new LinkedHashMap<>();
            long[][] ranges = new long[doc.size()][];
            int r = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) continue;
                Dtype dtype = Dtype.parse(e.getValue().path("dtype").asText(), e.getKey());
                long[] shape = longs(e.getValue().path("shape"), e.getKey(), "shape");
                long[] offsets = longs(e.getValue().path("data_offsets"), e.getKey(), "data_offsets");
                long numel = 1;
                for (long d : shape) {
                    if (d < 0) throw new IOException(e.getKey() + ": a negative dimension");
                    numel = Math.multiplyExact(numel, d);
                }
                if (offsets.length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataSize) {
                    throw new IOException(e.getKey() + ": data_offsets outside the file's " + dataSize + " data bytes");
                }
                if (offsets[1] - offsets[0] != numel * dtype.bytes) {
                    throw new IOException(e.getKey() + ": " + (offsets[1] - offsets[0]) + " bytes for " + numel
                            + " elements of " + dtype.name());
                }
                if (offsets[1] - offsets[0] > Integer.MAX_VALUE - 8) throw new IOException(e.getKey() + ": over 2 GB");
                ranges[r++] = offsets;
                ByteBuffer data = ByteBuffer.allocate((int) (offsets[1] - offsets[0]));
                readFully(ch, data, dataStart + offsets[0]);
                out.put(
                        e.getKey(),
                        Tensor.create(data.array(), data.capacity())
                                .view(dtype.type)
                                .view(shape)
                                .clone());
            }
            requireNoOverlap(ranges, r);
            return out;
        }
    }

    /** Writes {@code tensors} (name → tensor, in order) as a safetensors file, atomically. */
    public static void write(Map<String, Tensor> tensors, Map<String, String> metadata, Path file) {
        ObjectNode header = Json.MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        long offset = 0;
        for (var e : tensors.entrySet()) {
            Tensor t = e.getValue().detach().cpu().contiguous();
            Dtype dtype = Dtype.of(t.scalar_type());
            byte[] bytes = Tensors.rawBytes(t);
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", dtype.name());
            var shape = entry.putArray("shape");
            for (long d : t.shape()) shape.add(d);
            entry.putArray("data_offsets").add(offset).add(offset + bytes.length);
            offset += bytes.length;
            data.put(e.getKey(), bytes);
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // the data starts 8-byte aligned, as the reference writer keeps it
        byte[] head = new byte[8 + padded];
        ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        System.arraycopy(json, 0, head, 8, json.length);
        for (int i = 8 + json.length; i < head.length; i++) head[i] = ' ';
        long total = head.length + offset;
        AtomicFile.write(file, tmp -> {
            DiskErrors.requireRoom(tmp.toAbsolutePath().getParent(), total, file);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(head);
                for (byte[] b : data.values()) out.write(b);
            }
        });
    }

    private enum Dtype {
        F64(torch.ScalarType.Double, 8),
        F32(torch.ScalarType.Float, 4),
        F16(torch.ScalarType.Half, 2),
        BF16(torch.ScalarType.BFloat16, 2),
        I64(torch.ScalarType.Long, 8),
        I32(torch.ScalarType.Int, 4),
        I16(torch.ScalarType.Short, 2),
        I8(torch.ScalarType.Char, 1),
        U8(torch.ScalarType.Byte, 1),
        BOOL(torch.ScalarType.Bool, 1);

        final torch.ScalarType type;
        final int bytes;

        Dtype(torch.ScalarType type, int bytes) {
            this.type = type;
            this.bytes = bytes;
        }

        static Dtype parse(String s, String tensor) throws IOException {
            for (Dtype d : values()) if (d.name().equals(s)) return d;
            throw new IOException(
                    tensor + ": dtype '" + s + "' (expected F64, F32, F16, BF16, I64, I32, I16, I8, U8 " + "or BOOL)");
        }

        static Dtype of(torch.ScalarType t) {
            for (Dtype d : values()) if (d.type.intern() == t.intern()) return d;
            throw new IllegalArgumentException("no safetensors dtype for " + t);
        }
    }

    private static void requireNoOverlap(long[][] ranges, int n) throws IOException {
        long[][] sorted = java.util.Arrays.copyOf(ranges, n);
        java.util.Arrays.sort(sorted, (a, b) -> Long.compare(a[0], b[0]));
        for (int i = 1; i < n; i++) {
            if (sorted[i][0] < sorted[i - 1][1]) throw new IOException("two tensors share bytes of the file");
        }
    }

    private static long[] longs(JsonNode array, String tensor, String field) throws IOException {
        if (!array.isArray()) throw new IOException(tensor + ": no " + field + " list");
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            if (!array.get(i).canConvertToLong()) throw new IOException(tensor + ": " + field + " of non-integers");
            out[i] = array.get(i).asLong();
        }
        return out;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, at + b.position());
            if (n < 0) throw new IOException("the file ends early");
        }
    }
}
