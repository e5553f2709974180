package io.snclr.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a file, streamed: what a manifest records so that a damaged file is detected before it is used. */
public final class FileDigest {
    private FileDigest() {}

    public static String sha256(Path file) throws IOException {
        MessageDigest md = newSha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return hex(md);
    }

    /** SHA-256 of bytes in memory, as {@link #sha256(Path)} gives for a file holding them. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    /** A SHA-256 digest to feed piece by piece, for contents that are never one file or array. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** The digest of what {@code md} was fed, in lower-case hex as the other methods give it. */
    public static String hex(MessageDigest md) {
        return HexFormat.of().formatHex(md.digest());
    }
}
