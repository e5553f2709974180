package io.snclr.data;

import io.snclr.engine.ImageCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pixels of indexed image files, decoded on a bounded pool of worker threads when a batch asks for them, so that
 * memory depends on the batch and the number of workers, not on the number of images. Training asks for crops of the
 * ORIGINAL image ({@link #decodeViews}); evaluation for the centred square ({@link #read}). A JPEG is decoded at the
 * smallest DCT scale (1, 1/2, 1/4, 1/8) that still gives every requested crop at least the output's pixels.
 *
 * <p>An image that fails to decode although its header was sound is met late: it is counted, logged and replaced by
 * the next decodable image of the set (deterministically, so resumed runs see the same), and the run stops once more
 * than {@code maxBadFraction} of the images have failed.
 */
public final class StreamedImages implements Originals {
    private static final Logger LOG = LoggerFactory.getLogger(StreamedImages.class);
    private static final int MAX_SUBSTITUTES = 16;

    /** A region of the original image, in its pixels, and whether to mirror it. */
    public record Region(int x, int y, int w, int h, boolean flip) {}

    /** The regions (one per view) to cut out of the image at batch position {@code position}, given its size. */
    @FunctionalInterface
    public interface CropSource {
        Region[] regions(int position, int width, int height);
    }

    /**
     * Evaluation's transform: the centred square of {@code fraction} of the shorter side, no mirror; resized to the
     * training size, that is torchvision's Resize(size / fraction) + CenterCrop(size) (fraction 0.875: 256 → 224).
     */
    public static CropSource centre(double fraction) {
        return (position, w, h) -> {
            int side = Math.max(1, (int) Math.round(Math.min(w, h) * fraction));
            return new Region[] {new Region((w - side) / 2, (h - side) / 2, side, side, false)};
        };
    }

    private final FileIndex index;
    private final int[] rows;
    private final int size;
    private final int channels;
    private final ExecutorService pool;
    private final Failures failures;
    private final CropSource centre;
    private final RegionDecoder decoder;

    /** Failures shared by a set and its subsets: one budget per data set. */
    private record Failures(Map<String, String> byName, double maxFraction, int of) {}

    /** @param centerCrop the evaluation view's share of the shorter side ({@link #centre}) */
    public StreamedImages(
            FileIndex index, int size, int channels, int workers, double maxBadFraction, double centerCrop) {
        this(
                index,
                identity(index.size()),
                size,
                channels,
                pool(workers),
                new Failures(new ConcurrentHashMap<>(), maxBadFraction, index.size()),
                centre(centerCrop));
    }

    private StreamedImages(
            FileIndex index,
            int[] rows,
            int size,
            int channels,
            ExecutorService pool,
            Failures failures,
            CropSource centre) {
        this.index = index;
        this.rows = rows;
        this.size = size;
        this.channels = channels;
        this.decoder = new RegionDecoder(index, size, channels);
        this.pool = pool;
        this.failures = failures;
        this.centre = centre;
    }

    private static ExecutorService pool(int workers) {
        AtomicInteger n = new AtomicInteger();
        int threads = Math.max(1, workers);
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "snclr-decode-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true); // idle sets give their threads back
        return pool;
    }

    private static int[] identity(int n) {
        return IntStream.range(0, n).toArray();
    }

    public int count() {
        return rows.length;
    }

    public int failureCount() {
        return failures.byName().size();
    }

    /** Images that failed to decode so far, with their reasons (name → reason). */
    public Map<String, String> failures() {
        return Map.copyOf(failures.byName());
    }

    /** Shards read at once by {@link #epochOrder}. */
    public static final int SHARD_WINDOW = 4;

    /** See {@link ImageSet#epochOrder}: shard-local for tar shards, a uniform permutation for folders. */
    int[] epochOrder(SplittableRandom rng) {
        if (index.kind() != FileIndex.Kind.TAR) return Subsets.permutation(rows.length, rng);
        int shards = index.files().size();
        List<List<Integer>> byShard = new ArrayList<>();
        for (int s = 0; s < shards; s++) byShard.add(new ArrayList<>());
        for (int i = 0; i < rows.length; i++)
            byShard.get(index.entries().file()[rows[i]]).add(i);
        int[] shardOrder = Subsets.permutation(shards, rng);
        int[] out = new int[rows.length];
        int n = 0;
        for (int w = 0; w < shards; w += SHARD_WINDOW) {
            int start = n;
            for (int k = w; k < Math.min(shards, w + SHARD_WINDOW); k++)
                for (int i : byShard.get(shardOrder[k])) out[n++] = i;
            int[] window = Arrays.copyOfRange(out, start, n);
            Subsets.shuffle(window, rng);
            System.arraycopy(window, 0, out, start, window.length);
        }
        return out;
    }

    @Override
    public int imageBytes() {
        return channels * size * size;
    }

    @Override
    public void read(int i, byte[] dst, int offset) {
        decodeSubstituting(i, 0, centre, new byte[][] {dst}, offset);
    }

    @Override
    public byte[] gather(int[] indices) {
        byte[] out = new byte[indices.length * imageBytes()];
        inParallel(
                indices.length, j -> decodeSubstituting(indices[j], j, centre, new byte[][] {out}, j * imageBytes()));
        return out;
    }

    /**
     * The two training views' crops of the images at {@code indices}: crop of the original, resized to the training
     * size, mirrored as {@code crops} says; one C·S·S block per image in each of the two arrays.
     */
    @Override
    public byte[][] decodeViews(int[] indices, CropSource crops) {
        byte[][] out = {new byte[indices.length * imageBytes()], new byte[indices.length * imageBytes()]};
        inParallel(indices.length, j -> decodeSubstituting(indices[j], j, crops, out, j * imageBytes()));
        return out;
    }

    @Override
    public Pixels subset(int[] indices) {
        int[] r = new int[indices.length];
        for (int j = 0; j < indices.length; j++) r[j] = rows[indices[j]];
        return new StreamedImages(index, r, size, channels, pool, failures, centre);
    }

    /** The images held in memory by {@link #holdAll}, and the files that could not be decoded. */
    public record Held(HeldImages images, int[] kept, List<String> skipped) {}

    /**
     * Every image decoded once and held in memory whole, its shorter side brought down to {@code shorter} pixels
     * (never up), leaving out those that fail: the fast path of small sets. Training still crops each image's whole
     * picture, as torchvision crops the file's.
     */
    public Held holdAll(int shorter) {
        int n = rows.length, bytes = imageBytes();
        ImageCodec.Held[] held = new ImageCodec.Held[n];
        byte[][] views = new byte[n][];
        String[] problem = new String[n];
        inParallel(n, i -> {
            ImageHeader h = index.header(rows[i]);
            // decoded as a streamed set's evaluation view is, so that both give the same pixels
            Region[] view = centre.regions(0, h.width(), h.height());
            int reduce = decoder.reduction(h, view);
            try (ImageCodec.Image img = decoder.decodeChecked(rows[i], h, reduce)) {
                views[i] = new byte[bytes];
                decoder.cut(img, view, reduce, new byte[][] {views[i]}, 0);
                held[i] = ImageCodec.shrink(img, shorter);
            } catch (IOException e) {
                problem[i] = e.getMessage();
            }
        });
        List<String> skipped = new ArrayList<>();
        int[] kept = IntStream.range(0, n).filter(i -> problem[i] == null).toArray();
        for (int i = 0; i < n; i++) if (problem[i] != null) skipped.add(index.name(rows[i]) + " (" + problem[i] + ")");
        ImageCodec.Held[] keptImages = new ImageCodec.Held[kept.length];
        byte[][] keptViews = new byte[kept.length][];
        for (int j = 0; j < kept.length; j++) {
            keptImages[j] = held[kept[j]];
            keptViews[j] = views[kept[j]];
        }
        return new Held(new HeldImages(keptImages, keptViews, size, channels), kept, List.copyOf(skipped));
    }

    private void decodeSubstituting(int i, int position, CropSource crops, byte[][] dst, int offset) {
        for (int k = 0; k < MAX_SUBSTITUTES; k++) {
            int row = rows[(i + k) % rows.length];
            ImageHeader h = index.header(row);
            try {
                decoder.decode(row, crops.regions(position, h.width(), h.height()), dst, offset);
                return;
            } catch (IOException e) {
                recordFailure(index.name(row), e.getMessage());
            }
        }
        throw new DataFormatException(
                MAX_SUBSTITUTES + " images in a row from " + index.name(rows[i]) + " could not be decoded");
    }

    private void recordFailure(String name, String reason) {
        if (failures.byName().putIfAbsent(name, reason) != null) return;
        int count = failures.byName().size();
        LOG.warn("{}: cannot decode ({}); replaced by the next image ({} failed so far)", name, reason, count);
        if (count > Math.max(1, failures.maxFraction() * failures.of())) {
            throw new DataFormatException(count + " of " + failures.of() + " images could not be decoded, more than "
                    + "--max-bad-fraction " + failures.maxFraction() + " allows (last: " + name + ": " + reason + ")");
        }
    }

    @FunctionalInterface
    private interface Task {
        void run(int j) throws Exception;
    }

    private void inParallel(int n, Task task) {
        List<Future<?>> futures = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            int k = j;
            futures.add(pool.submit(() -> {
                task.run(k);
                return null;
            }));
        }
        try {
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding images");
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }
}
