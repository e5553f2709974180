package io.snclr.api;

import io.snclr.files.BuildInfo;
import io.snclr.files.FileDigest;
import io.snclr.files.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A collection embedded by several processes: process {@code r} of {@code N} embeds the r-th contiguous slice of the
 * collection's listing into {@code part-r-of-N/} (an embeddings folder of its own, finished by its own manifest), and
 * whichever process finishes last writes the manifest above them that lists every part with its checksums. A part
 * already finished from the same slice and encoder is kept when the command runs again; only unfinished parts are
 * embedded again.
 */
public final class EmbeddingParts {
    private static final Pattern NAME = Pattern.compile("part-(\\d{5})-of-(\\d{5})");
    /** What a process may leave in an unfinished part: removed before it is embedded again. */
    private static final List<String> LEFTOVERS =
            List.of(EmbeddingsManifest.NPY, EmbeddingsManifest.INDEX, "skipped.txt");

    private EmbeddingParts() {}

    /** The folder of part {@code part} of {@code parts} below {@code out}. */
    public static Path dir(Path out, int part, int parts) {
        return out.resolve(String.format("part-%05d-of-%05d", part, parts));
    }

    /** A part's folder as a manifest names it: one plain name below {@code out}, nothing else. */
    static Path resolve(Path out, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(out.resolve(EmbeddingsManifest.FILE) + ": part '" + name
                    + "' is not a part folder's name (part-NNNNN-of-NNNNN)");
        }
        return out.resolve(name);
    }

    /**
     * Part {@code part} of {@code parts} of a collection of {@code total} items: the contiguous slice it embeds, and
     * the SHA-256 of that slice's names ({@code name} gives item i's).
     */
    public static EmbeddingsManifest.Slice slice(int part, int parts, long total, IntFunction<String> name) {
        long first = total * part / parts, end = total * (part + 1) / parts;
        MessageDigest md = FileDigest.newSha256();
        for (long i = first; i < end; i++) md.update((name.apply((int) i) + "\n").getBytes(StandardCharsets.UTF_8));
        return new EmbeddingsManifest.Slice(part, parts, first, end - first, total, FileDigest.hex(md));
    }

    /**
     * Refuses an {@code --out} that already holds finished embeddings or the parts of a run with another number of
     * processes.
     */
    public static void requireResumable(Path out, int parts) throws IOException {
        if (Files.exists(out.resolve(EmbeddingsManifest.FILE)) || Files.exists(out.resolve(EmbeddingsManifest.NPY))) {
            throw new IllegalArgumentException(
                    "--out " + out + ": already holds finished embeddings; choose another " + "--out");
        }
        for (Path p : partFolders(out)) {
            Matcher m = NAME.matcher(p.getFileName().toString());
            if (m.matches() && Integer.parseInt(m.group(2)) != parts) {
                throw new IllegalArgumentException("--out " + out + ": holds the parts of an embedding by "
                        + Integer.parseInt(m.group(2)) + " processes (" + p.getFileName() + "); run it again with "
                        + "that many, or choose another --out");
            }
        }
    }

    /**
     * The manifest of {@code slice}'s part when it is finished from the same slice and encoder (it is not embedded
     * again); empty when it has to be embedded, after removing what an unfinished attempt left.
     *
     * @throws IllegalArgumentException when the part was finished from another listing or encoder
     */
    public static Optional<EmbeddingsManifest> finished(Path out, EmbeddingsManifest.Slice slice, String encoderSha256)
            throws IOException {
        Path dir = dir(out, slice.part(), slice.parts());
        if (!Files.isRegularFile(dir.resolve(EmbeddingsManifest.FILE))) {
            for (String name : LEFTOVERS) Files.deleteIfExists(dir.resolve(name));
            return Optional.empty();
        }
        EmbeddingsManifest m = EmbeddingsManifest.read(dir);
        if (!slice.equals(m.slice()) || !Objects.equals(encoderSha256, m.encoderSha256())) {
            throw new IllegalArgumentException("--out " + out + ": " + dir.getFileName() + " was embedded from "
                    + (Objects.equals(encoderSha256, m.encoderSha256())
                            ? "another listing of the images"
                            : "another encoder")
                    + " than this command's; choose another --out");
        }
        return Optional.of(m);
    }

    /**
     * Writes the manifest above the parts when all {@code parts} are finished (harmless when two processes do it at
     * once: both write the same file through an atomic rename).
     *
     * @return whether every part is finished and the manifest is there
     */
    public static boolean commitIfComplete(Path out, int parts) {
        List<EmbeddingsManifest> done = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            Path dir = dir(out, p, parts);
            if (!Files.isRegularFile(dir.resolve(EmbeddingsManifest.FILE))) return false;
            done.add(EmbeddingsManifest.read(dir));
        }
        EmbeddingsManifest first = done.get(0);
        List<EmbeddingsManifest.Part> listed = new ArrayList<>();
        MessageDigest npy = FileDigest.newSha256(), index = FileDigest.newSha256();
        long rows = 0, bytes = 0, next = 0;
        for (int p = 0; p < parts; p++) {
            EmbeddingsManifest m = done.get(p);
            EmbeddingsManifest.Slice s = m.slice();
            if (s == null
                    || s.part() != p
                    || s.parts() != parts
                    || s.first() != next
                    || s.total() != first.slice().total()
                    || m.dim() != first.dim()
                    || m.normalized() != first.normalized()
                    || !Objects.equals(m.encoderSha256(), first.encoderSha256())) {
                throw new IllegalArgumentException(dir(out, p, parts) + ": does not continue the parts before it "
                        + "(another listing, encoder or --normalize); choose another --out");
            }
            next = s.first() + s.count();
            listed.add(new EmbeddingsManifest.Part(
                    dir(out, p, parts).getFileName().toString(),
                    m.rows(),
                    m.npyBytes(),
                    m.npySha256(),
                    m.indexSha256()));
            npy.update(m.npySha256().getBytes(StandardCharsets.US_ASCII));
            index.update(m.indexSha256().getBytes(StandardCharsets.US_ASCII));
            rows += m.rows();
            bytes += m.npyBytes();
        }
        Json.write(
                out.resolve(EmbeddingsManifest.FILE),
                new EmbeddingsManifest(
                        EmbeddingsManifest.FORMAT,
                        rows,
                        first.dim(),
                        first.normalized(),
                        first.encoderSha256(),
                        first.encoderSource(),
                        bytes,
                        FileDigest.hex(npy),
                        FileDigest.hex(index),
                        BuildInfo.version(),
                        List.copyOf(listed),
                        null));
        return true;
    }

    /**
     * Writes {@code source} again as {@code parts} parts below {@code out}, as that many processes of {@code snclr
     * embed} would have written it (the same rows in the same order): for measuring a collection in shards.
     */
    public static Embeddings split(Embeddings source, Path out, int parts) throws IOException {
        int block = 4096;
        for (int p = 0; p < parts; p++) {
            EmbeddingsManifest.Slice slice =
                    slice(p, parts, source.rows(), i -> source.item(i).path());
            EmbeddingsManifest m = source.manifest();
            try (EmbeddingWriter w = new EmbeddingWriter(
                    dir(out, p, parts), source.dim(), m.normalized(), m.encoderSha256(), m.encoderSource())) {
                long end = slice.first() + slice.count();
                for (int from = (int) slice.first(); from < end; from += block) {
                    int n = (int) Math.min(block, end - from);
                    float[] flat = source.rows(from, n);
                    float[][] v = new float[n][];
                    String[] paths = new String[n], labels = new String[n], sha = new String[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = Arrays.copyOfRange(flat, i * source.dim(), (i + 1) * source.dim());
                        Embeddings.Item item = source.item(from + i);
                        paths[i] = item.path();
                        labels[i] = item.label();
                        sha[i] = item.sha256();
                    }
                    w.append(v, paths, labels, sha);
                }
                w.finish(slice);
            }
        }
        if (!commitIfComplete(out, parts)) throw new IllegalStateException(out + ": a part is missing");
        return Embeddings.open(out);
    }

    /** Why a folder of parts has no manifest above them, in words; "no embeddings there" when it holds none. */
    static String describeUnfinished(Path out) {
        List<Path> parts = partFolders(out);
        if (parts.isEmpty()) return "no embeddings there";
        long finished = parts.stream()
                .filter(p -> Files.isRegularFile(p.resolve(EmbeddingsManifest.FILE)))
                .count();
        Matcher m = NAME.matcher(parts.get(0).getFileName().toString());
        String of = m.matches() ? String.valueOf(Integer.parseInt(m.group(2))) : "?";
        return finished + " of " + of + " parts finished: a process was stopped or failed";
    }

    private static List<Path> partFolders(Path out) {
        if (!Files.isDirectory(out)) return List.of();
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> Files.isDirectory(p)
                            && NAME.matcher(p.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
