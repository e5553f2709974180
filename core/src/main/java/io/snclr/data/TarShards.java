package io.snclr.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The members of a tar file (POSIX ustar, with GNU long names and pax path records), found by reading the 512-byte
 * headers in order and seeking past the contents: a WebDataset shard is listed without reading its images.
 */
final class TarShards {
    private static final int BLOCK = 512;

    private TarShards() {}

    /** A regular file inside a shard: its name and where its bytes are. */
    record Member(String name, long offset, long size) {}

    static List<Member> members(Path tar) throws IOException {
        List<Member> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(tar, StandardOpenOption.READ)) {
            long pos = 0, end = ch.size();
            String longName = null;
            ByteBuffer header = ByteBuffer.allocate(BLOCK);
            while (pos + BLOCK <= end) {
                header.clear();
                read(ch, header, pos);
                byte[] h = header.array();
                if (allZero(h)) break; // end-of-archive blocks
                if (!checksumOk(h)) throw new IOException(tar + ": damaged tar header at byte " + pos);
                long size = octal(h, 124, 12);
                char type = (char) h[156];
                long data = pos + BLOCK;
                if (data + size > end)
                    throw new IOException(tar + ": truncated (member at byte " + pos + " ends past the file)");
                if (type == 'L' || type == 'x') { // the next member's name
                    String text = new String(content(ch, data, (int) size), StandardCharsets.UTF_8);
                    longName = type == 'L' ? text.replace("\0", "") : paxPath(text, longName);
                } else {
                    if (type == '0' || type == '\0')
                        out.add(new Member(longName != null ? longName : name(h), data, size));
                    longName = null;
                }
                pos = data + (size + BLOCK - 1) / BLOCK * BLOCK;
            }
        }
        return out;
    }

    static byte[] content(FileChannel ch, long offset, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        read(ch, b, offset);
        return b.array();
    }

    private static void read(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) throw new IOException("unexpected end of tar file");
        }
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(String records, String fallback) {
        for (String line : records.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0 && line.startsWith("path=", sp + 1)) return line.substring(sp + 6);
        }
        return fallback;
    }

    private static String cString(byte[] b, int off, int len) {
        int n = 0;
        while (n < len && b[off + n] != 0) n++;
        return new String(b, off, n, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len) throws IOException {
        long v = 0;
        for (int i = off; i < off + len; i++) {
            int c = b[i];
            if (c == 0 || c == ' ') {
                if (v > 0) break;
                continue;
            }
            if (c < '0' || c > '7') throw new IOException("damaged tar header: size field");
            v = v * 8 + (c - '0');
        }
        return v;
    }

    private static boolean checksumOk(byte[] h) throws IOException {
        long stored = octal(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        return sum == stored;
    }

    private static boolean allZero(byte[] h) {
        for (byte x : h) if (x != 0) return false;
        return true;
    }
}
