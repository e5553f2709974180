package io.snclr.data;

import io.snclr.files.DiskErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists a source's images and checks every one (header, end marker, data), in parallel: an ImageFolder tree (classes =
 * sub-folders, as torchvision's; a flat folder is unlabelled), one WebDataset {@code .tar} shard, or a folder of them
 * ({@code key.jpg|png} with an optional {@code key.cls} holding the class number). Files that cannot be read, are
 * empty, not JPEG/PNG, truncated, damaged inside ({@link ImageIntegrity}) or that claim more than
 * {@link ImageHeader#MAX_PIXELS} are left out with their reason.
 */
final class IndexBuilder {
    private static final int FIRST_READ = 16 * 1024;
    private static final long PROGRESS_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(IndexBuilder.class);

    private IndexBuilder() {}

    static boolean isShardSource(Path source) {
        if (Files.isRegularFile(source)) return isTar(source);
        List<Path> entries = listSorted(source);
        return !entries.isEmpty()
                && entries.stream().noneMatch(Files::isDirectory)
                && entries.stream().anyMatch(IndexBuilder::isTar)
                && entries.stream().noneMatch(p -> isImageName(p.getFileName().toString()));
    }

    static FileIndex build(Path source, int workers) {
        try {
            return isShardSource(source) ? shards(source, workers) : folder(source, workers);
        } catch (IOException e) {
            throw new DataFormatException(source + ": " + e.getMessage());
        }
    }

    private static FileIndex folder(Path root, int workers) throws IOException {
        ImageFolder.Listing listing = ImageFolder.list(root);
        List<String> rel =
                listing.files().stream().map(f -> root.relativize(f).toString()).toList();
        long[] sizes = new long[rel.size()];
        List<Object> checked = parallel(workers, rel.size(), i -> {
            Path f = listing.files().get(i);
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                sizes[i] = ch.size();
                if (sizes[i] > Integer.MAX_VALUE) return "larger than 2 GB";
                return check(ch, 0, sizes[i]);
            } catch (IOException e) { // gone, no permission, a failing disk: this file only
                return "unreadable: " + DiskErrors.reason(e);
            }
        });
        FileIndex.Rows rows = new FileIndex.Rows();
        List<String> skipped = new ArrayList<>(listing.skipped());
        for (int i = 0; i < rel.size(); i++) {
            if (checked.get(i) instanceof ImageHeader h)
                rows.add(i, 0, (int) sizes[i], h, listing.labels().get(i));
            else skipped.add(listing.files().get(i) + " (" + checked.get(i) + ")");
        }
        return new FileIndex(
                root, FileIndex.Kind.FOLDER, rel, rows.entries(), listing.classNames(), List.copyOf(skipped));
    }

    private static FileIndex shards(Path source, int workers) throws IOException {
        Path root = Files.isRegularFile(source) ? source.toAbsolutePath().getParent() : source;
        List<Path> tars = Files.isRegularFile(source)
                ? List.of(source)
                : listSorted(source).stream().filter(IndexBuilder::isTar).toList();
        record Sample(int shard, String key, TarShards.Member image, Integer cls) {}
        List<Sample> samples = new ArrayList<>();
        for (int s = 0; s < tars.size(); s++) {
            Map<String, TarShards.Member> images = new LinkedHashMap<>();
            Map<String, Integer> classes = new LinkedHashMap<>();
            try (FileChannel ch = FileChannel.open(tars.get(s), StandardOpenOption.READ)) {
                for (TarShards.Member m : TarShards.members(tars.get(s))) {
                    String key = key(m.name());
                    String ext = m.name().substring(key.length()).toLowerCase(Locale.ROOT);
                    if (ext.equals(".cls") && m.size() < 64) {
                        String text = new String(
                                        TarShards.content(ch, m.offset(), (int) m.size()), StandardCharsets.UTF_8)
                                .trim();
                        try {
                            classes.put(key, Integer.parseInt(text));
                        } catch (NumberFormatException e) {
                            throw new IOException(
                                    tars.get(s) + ": " + m.name() + " holds '" + text + "', not a class number");
                        }
                    } else if (isImageName(ext) && images.putIfAbsent(key, m) != null) {
                        throw new IOException(tars.get(s) + ": two images for the key " + key);
                    }
                }
            }
            for (var e : images.entrySet())
                samples.add(new Sample(s, e.getKey(), e.getValue(), classes.get(e.getKey())));
        }
        long labelled = samples.stream().filter(x -> x.cls() != null).count();
        if (labelled > 0 && labelled < samples.size()) {
            throw new IOException((samples.size() - labelled) + " of " + samples.size() + " images have no .cls label");
        }
        TreeSet<Integer> classIds = new TreeSet<>();
        samples.forEach(x -> {
            if (x.cls() != null) classIds.add(x.cls());
        });
        List<Integer> ids = List.copyOf(classIds);
        List<Object> checked = parallel(workers, samples.size(), i -> {
            Sample x = samples.get(i);
            try (FileChannel ch = FileChannel.open(tars.get(x.shard()), StandardOpenOption.READ)) {
                return check(ch, x.image().offset(), x.image().size());
            }
        });
        FileIndex.Rows rows = new FileIndex.Rows();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample x = samples.get(i);
            if (checked.get(i) instanceof ImageHeader h) {
                rows.add(
                        x.shard(),
                        x.image().offset(),
                        (int) x.image().size(),
                        h,
                        x.cls() == null ? -1 : ids.indexOf(x.cls()));
            } else {
                skipped.add(tars.get(x.shard()) + ":" + x.image().name() + " (" + checked.get(i) + ")");
            }
        }
        List<String> names = tars.stream()
                .map(t -> root.relativize(t.toAbsolutePath()).toString())
                .toList();
        List<String> classNames = ids.stream().map(String::valueOf).toList();
        return new FileIndex(root, FileIndex.Kind.TAR, names, rows.entries(), classNames, List.copyOf(skipped));
    }

    /**
     * The header of the image stored at [offset, offset + length) of {@code ch}, or the reason it is unusable: its
     * header, its end marker and then its data ({@link ImageIntegrity}) are checked, in that order of cost.
     */
    private static Object check(FileChannel ch, long offset, long length) throws IOException {
        try {
            int n = (int) Math.min(FIRST_READ, length);
            ImageHeader h;
            try {
                h = ImageHeader.parse(TarShards.content(ch, offset, n), n, length);
            } catch (IOException e) {
                if (length <= n) throw e;
                int more = (int) Math.min(ImageHeader.HEAD_BYTES, length);
                h = ImageHeader.parse(TarShards.content(ch, offset, more), more, length);
            }
            int t = (int) Math.min(ImageHeader.TAIL_BYTES, length);
            h.requireEnd(TarShards.content(ch, offset + length - t, t), t);
            ImageIntegrity.require(TarShards.content(ch, offset, (int) length), h.jpeg());
            return h;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    interface Check {
        Object at(int i) throws IOException;
    }

    /** Runs {@code check} for 0..n-1 on {@code workers} threads, in chunks (a million files are not a million tasks). */
    private static List<Object> parallel(int workers, int n, Check check) throws IOException {
        Object[] out = new Object[n];
        int chunk = 256;
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int from = 0; from < n; from += chunk) {
                int lo = from, hi = Math.min(n, from + chunk);
                futures.add(pool.submit(() -> {
                    for (int i = lo; i < hi; i++) {
                        out[i] = check.at(i);
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            long started = System.nanoTime();
            for (Future<?> f : futures) {
                while (true) {
                    try {
                        f.get(PROGRESS_SECONDS, TimeUnit.SECONDS);
                        break;
                    } catch (TimeoutException e) { // a large collection: say how far the first look has got
                        double seconds = (System.nanoTime() - started) / 1e9;
                        int d = done.get();
                        LOG.info(
                                "checking images: {} of {}, about {} s left",
                                d,
                                n,
                                d == 0 ? "?" : Math.round(seconds * (n - d) / d));
                    }
                }
            }
            return Arrays.asList(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while indexing");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io
                    ? io
                    : new IOException(String.valueOf(e.getCause()), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** WebDataset's key: the member's path up to the first dot of its file name. */
    static String key(String member) {
        int slash = member.lastIndexOf('/');
        int dot = member.indexOf('.', slash + 1);
        return dot < 0 ? member : member.substring(0, dot);
    }

    private static boolean isTar(Path p) {
        return Files.isRegularFile(p)
                && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tar");
    }

    static boolean isImageName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
    }

    private static List<Path> listSorted(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
