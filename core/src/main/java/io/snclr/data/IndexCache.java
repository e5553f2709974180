package io.snclr.data;

import io.snclr.files.AtomicFile;
import io.snclr.files.FileDigest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index's cache: a text file in the user's cache folder ({@code $XDG_CACHE_HOME/snclr/}, by default
 * {@code ~/.cache/snclr/}), named after the data's absolute path, written atomically and ending with the SHA-256 of
 * its lines; nothing is written into the data, which may be read-only or shared. It is used only while that checksum
 * holds and every folder (or shard) it lists has the modification time it had, which changes whenever a file is
 * added, removed or renamed in it (checked with one stat per folder); otherwise the index is built again. A file
 * rewritten in place under the same name is not noticed; its decode then fails or it is used as it is now.
 */
final class IndexCache {
    /**
     * 3: a PNG with bytes after its IEND chunk is an image (version 2 left it out as truncated); 2: images' data
     * checked too ({@link ImageIntegrity}). Indexes of earlier versions are built again.
     */
    private static final String MAGIC = "snclr-index\t3";

    private static final Logger LOG = LoggerFactory.getLogger(IndexCache.class);

    private IndexCache() {}

    static FileIndex openOrBuild(Path source, int workers) {
        Path abs = source.toAbsolutePath().normalize();
        Path cache = location(abs);
        if (Files.isRegularFile(cache)) {
            try {
                FileIndex cached = read(cache, abs);
                if (cached != null) return cached;
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: unusable index cache ({}); listing the images again", cache, e.getMessage());
            }
        }
        try {
            Files.createDirectories(cache.getParent()); // before the folders' times are taken
        } catch (IOException e) {
            LOG.warn("{}: cannot create the index cache's folder ({})", cache.getParent(), e.getMessage());
        }
        long t0 = System.nanoTime();
        FileIndex built = IndexBuilder.build(abs, workers);
        LOG.info(
                "{}: indexed {} images ({} skipped) in {} s",
                abs,
                built.size(),
                built.skipped().size(),
                String.format("%.1f", (System.nanoTime() - t0) / 1e9));
        try {
            write(cache, abs, built);
        } catch (UncheckedIOException e) {
            LOG.warn("{}: the index could not be cached ({}); it will be built again next time", cache, e.getMessage());
        }
        return built;
    }

    /** In the user's cache folder, under a name derived from the source's absolute path. */
    static Path location(Path source) {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cacheHome = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        String id = FileDigest.sha256(source.toString().getBytes(StandardCharsets.UTF_8))
                .substring(0, 16);
        return cacheHome.resolve("snclr").resolve("index-" + id + ".tsv");
    }

    private static void write(Path cache, Path source, FileIndex index) {
        List<String> lines = new ArrayList<>();
        lines.add(MAGIC + "\t" + index.kind() + "\t" + source + "\t" + index.root());
        for (String stamp : stamps(source, index)) lines.add("stamp\t" + stamp);
        for (String c : index.classNames()) lines.add("class\t" + c);
        for (String f : index.files()) lines.add("file\t" + f);
        FileIndex.Entries e = index.entries();
        for (int i = 0; i < e.size(); i++) {
            lines.add("img\t" + e.file()[i] + "\t" + e.offset()[i] + "\t" + e.length()[i] + "\t" + e.width()[i] + "\t"
                    + e.height()[i] + "\t" + (e.jpeg()[i] ? "jpeg" : "png") + "\t" + e.label()[i]);
        }
        for (String s : index.skipped())
            lines.add("skipped\t" + s.replace('\t', ' ').replace('\n', ' '));
        AtomicFile.write(cache, tmp -> {
            MessageDigest md = FileDigest.newSha256();
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (String l : lines) {
                    md.update((l + "\n").getBytes(StandardCharsets.UTF_8));
                    w.write(l);
                    w.write('\n');
                }
                w.write("sha256\t" + FileDigest.hex(md) + "\n");
            }
        });
    }

    /** The cached index, or null when it is stale (a folder or shard changed); throws when the file is damaged. */
    private static FileIndex read(Path cache, Path source) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(cache, StandardCharsets.UTF_8)) {
            for (String l; (l = r.readLine()) != null; ) lines.add(l);
        }
        if (lines.size() < 2 || !lines.get(lines.size() - 1).startsWith("sha256\t"))
            throw new IOException("no checksum line");
        MessageDigest md = FileDigest.newSha256();
        for (String l : lines.subList(0, lines.size() - 1)) md.update((l + "\n").getBytes(StandardCharsets.UTF_8));
        if (!FileDigest.hex(md).equals(lines.get(lines.size() - 1).substring(7))) {
            throw new IOException("its checksum does not match its contents");
        }
        String[] head = lines.get(0).split("\t");
        if (head.length != 5 || !(head[0] + "\t" + head[1]).equals(MAGIC) || !head[3].equals(source.toString())) {
            throw new IOException("written for another source or version");
        }
        FileIndex.Kind kind = FileIndex.Kind.valueOf(head[2]);
        List<String> stamps = new ArrayList<>(),
                classes = new ArrayList<>(),
                files = new ArrayList<>(),
                skipped = new ArrayList<>();
        FileIndex.Rows rows = new FileIndex.Rows();
        for (String l : lines.subList(1, lines.size() - 1)) {
            int tab = l.indexOf('\t');
            String tag = l.substring(0, tab), rest = l.substring(tab + 1);
            switch (tag) {
                case "stamp" -> stamps.add(rest);
                case "class" -> classes.add(rest);
                case "file" -> files.add(rest);
                case "skipped" -> skipped.add(rest);
                case "img" -> {
                    String[] f = rest.split("\t");
                    rows.add(
                            Integer.parseInt(f[0]),
                            Long.parseLong(f[1]),
                            Integer.parseInt(f[2]),
                            new ImageHeader(f[5].equals("jpeg"), Integer.parseInt(f[3]), Integer.parseInt(f[4])),
                            Integer.parseInt(f[6]));
                }
                default -> throw new IOException("unknown line '" + tag + "'");
            }
        }
        FileIndex index = new FileIndex(
                Path.of(head[4]), kind, List.copyOf(files), rows.entries(), List.copyOf(classes), List.copyOf(skipped));
        if (!stillValid(source, index, stamps)) {
            LOG.info("{}: files were added, removed or changed since it was indexed; indexing again", source);
            return null;
        }
        return index;
    }

    /**
     * Whether every recorded folder (or shard) still has its stamp: one stat per folder, not a walk over the files (a
     * file added anywhere changes its folder's time, a folder added changes its parent's).
     */
    private static boolean stillValid(Path source, FileIndex index, List<String> recorded) {
        for (String line : recorded) {
            String rel = line.substring(0, line.indexOf('\t'));
            Path p = index.kind() == FileIndex.Kind.TAR ? index.root().resolve(rel) : source.resolve(rel);
            try {
                if (!line.equals(stamp(rel, p, index.kind()))) return false;
            } catch (IOException e) {
                return false; // gone
            }
        }
        return !recorded.isEmpty();
    }

    private static String stamp(String rel, Path p, FileIndex.Kind kind) throws IOException {
        String time = rel + "\t" + Files.getLastModifiedTime(p).toMillis();
        return kind == FileIndex.Kind.TAR ? time + "\t" + Files.size(p) : time;
    }

    /** What must be unchanged for the cache to hold: every folder's modification time, or every shard's and its size. */
    private static List<String> stamps(Path source, FileIndex index) {
        List<String> out = new ArrayList<>();
        try {
            if (index.kind() == FileIndex.Kind.TAR) {
                for (String f : index.files()) out.add(stamp(f, index.root().resolve(f), FileIndex.Kind.TAR));
            } else {
                try (Stream<Path> dirs =
                        Files.walk(source).filter(Files::isDirectory).filter(d -> !ImageFolder.hidden(source, d))) {
                    for (Path d : dirs.sorted().toList())
                        out.add(stamp(source.relativize(d).toString(), d, FileIndex.Kind.FOLDER));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
