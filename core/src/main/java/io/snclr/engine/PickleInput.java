package io.snclr.engine;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** The byte-level reads of the pickle format: little-endian integers, length-prefixed values, text lines. */
final class PickleInput {
    private final InputStream in;

    PickleInput(InputStream in) {
        this.in = in;
    }

    /** The next opcode, or -1 at the end of the stream. */
    int opcode() throws IOException {
        return in.read();
    }

    int readByte() throws IOException {
        int b = in.read();
        if (b < 0) throw new EOFException("the pickle ends inside an opcode");
        return b;
    }

    int readInt32() throws IOException {
        byte[] b = readBytes(4);
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | b[3] << 24;
    }

    int readLength32() throws IOException {
        long n = readInt32() & 0xffffffffL;
        if (n > Integer.MAX_VALUE - 8) throw new IOException("a pickle value of " + n + " bytes");
        return (int) n;
    }

    int readLength64() throws IOException {
        byte[] b = readBytes(8);
        long n = 0;
        for (int i = 7; i >= 0; i--) n = n << 8 | (b[i] & 0xff);
        if (n < 0 || n > Integer.MAX_VALUE - 8) throw new IOException("a pickle value of " + n + " bytes");
        return (int) n;
    }

    /** A little-endian two's-complement integer of {@code n} bytes: a Long, or a BigInteger past 8 bytes. */
    Object readLong(int n) throws IOException {
        if (n > 64) throw new IOException("an integer of " + n + " bytes");
        if (n == 0) return 0L;
        byte[] le = readBytes(n);
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) be[i] = le[n - 1 - i];
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    byte[] readBytes(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new EOFException("the pickle ends inside a value");
        return b;
    }

    String readLine() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c = readByte(); c != '\n'; c = readByte()) {
            if (s.length() > 4096) throw new IOException("a pickle text line over 4096 bytes");
            s.append((char) c);
        }
        return s.toString();
    }

    static Object intLine(String line) {
        if (line.equals("01")) return Boolean.TRUE;
        if (line.equals("00")) return Boolean.FALSE;
        return Long.parseLong(line);
    }

    static String unquote(String s) {
        return s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') ? s.substring(1, s.length() - 1) : s;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
