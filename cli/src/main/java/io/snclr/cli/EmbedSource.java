package io.snclr.cli;

import io.snclr.api.Embedder;
import io.snclr.api.EmbeddingWriter;
import io.snclr.data.DataConfig;
import io.snclr.data.DataSplits;
import io.snclr.data.ImageFolder;
import io.snclr.data.ImageSet;
import io.snclr.data.Split;
import io.snclr.files.FileDigest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What {@code snclr embed} reads, by position in a fixed order: a folder's image files (sorted, as {@link ImageFolder}
 * lists them) or the items of a run's data split. A process of several embeds one contiguous range of it.
 */
abstract class EmbedSource {
    /** Reports items done of a range's total. */
    interface Progress {
        void done(int done, int total);
    }

    abstract int size();

    /** Item {@code i}'s name (its file, or data set/split/index): what index.csv records and a part's slice hashes. */
    abstract String name(int i);

    /**
     * Embeds items {@code [from, to)} in batches of {@code batch} into {@code w}; unreadable files are added to
     * {@code skipped} with the reason.
     */
    abstract void embed(Embedder e, EmbeddingWriter w, int from, int to, int batch, List<String> skipped, Progress p)
            throws IOException;

    static EmbedSource folder(Path images) throws IOException {
        return new Folder(ImageFolder.list(images));
    }

    static EmbedSource dataSet(DataConfig data, long seed, Split split, Embedder e, Path run) {
        ImageSet train = new DataSplits(data).train(seed);
        ImageSet set = split == Split.TRAIN ? train : new DataSplits(data).test(seed, train);
        if (set == null) throw new IllegalArgumentException("--split test: the run's data has no test split");
        if (set.channels() != e.channels() || set.height() != e.imageSize()) {
            throw new IllegalArgumentException("--run " + run + ": the encoder takes " + e.channels() + "x"
                    + e.imageSize() + " px images, the data has " + set.channels() + "x" + set.height());
        }
        return new Items(set, split);
    }

    private static final class Folder extends EmbedSource {
        private final ImageFolder.Listing listing;

        Folder(ImageFolder.Listing listing) {
            this.listing = listing;
        }

        @Override
        int size() {
            return listing.files().size();
        }

        @Override
        String name(int i) {
            return listing.files().get(i).toString();
        }

        @Override
        void embed(Embedder e, EmbeddingWriter w, int from, int to, int batch, List<String> skipped, Progress p)
                throws IOException {
            int size = e.imageSize(), c = e.channels(), bytes = c * size * size;
            for (int at = from; at < to; at += batch) {
                int[] idx = IntStream.range(at, Math.min(to, at + batch)).toArray();
                ImageFolder.Decoded[] decoded = new ImageFolder.Decoded[idx.length];
                IntStream.range(0, idx.length)
                        .parallel()
                        .forEach(j ->
                                decoded[j] = ImageFolder.decode(listing.files().get(idx[j]), size, c, e.centerCrop()));
                List<Integer> ok = new ArrayList<>();
                for (int j = 0; j < idx.length; j++) {
                    if (decoded[j].pixels() != null) ok.add(j);
                    else skipped.add(name(idx[j]) + " (" + decoded[j].problem() + ")");
                }
                p.done(at + idx.length - from, to - from);
                if (ok.isEmpty()) continue;
                byte[] px = new byte[ok.size() * bytes];
                String[] paths = new String[ok.size()], labels = new String[ok.size()], sha = new String[ok.size()];
                for (int j = 0; j < ok.size(); j++) {
                    int i = idx[ok.get(j)];
                    System.arraycopy(decoded[ok.get(j)].pixels(), 0, px, j * bytes, bytes);
                    paths[j] = name(i);
                    int label = listing.labels().get(i);
                    labels[j] = label < 0 ? "" : listing.classNames().get(label);
                }
                // the bytes the service may later show for a row: the file is read again, from the page cache
                IntStream.range(0, ok.size()).parallel().forEach(j -> sha[j] = digest(Path.of(paths[j])));
                w.append(e.embedPixels(px, ok.size()), paths, labels, sha);
            }
        }

        private static String digest(Path file) {
            try {
                return FileDigest.sha256(file);
            } catch (IOException ex) {
                return null; // unreadable now: the service will not show it
            }
        }
    }

    private static final class Items extends EmbedSource {
        private final ImageSet set;
        private final Split split;

        Items(ImageSet set, Split split) {
            this.set = set;
            this.split = split;
        }

        @Override
        int size() {
            return set.size();
        }

        @Override
        String name(int i) {
            return set.name() + "/" + split + "/" + i;
        }

        @Override
        void embed(Embedder e, EmbeddingWriter w, int from, int to, int batch, List<String> skipped, Progress p)
                throws IOException {
            for (int at = from; at < to; at += batch) {
                int[] idx = IntStream.range(at, Math.min(to, at + batch)).toArray();
                String[] paths = new String[idx.length], labels = new String[idx.length];
                for (int j = 0; j < idx.length; j++) {
                    paths[j] = name(idx[j]);
                    labels[j] = set.hasLabels() && set.labels()[idx[j]] >= 0
                            ? set.classNames().get(set.labels()[idx[j]])
                            : "";
                }
                w.append(e.embedPixels(set.gather(idx), idx.length), paths, labels);
                p.done(at + idx.length - from, to - from);
            }
        }
    }
}
