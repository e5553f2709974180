package io.snclr.data;

import io.snclr.engine.ImageCodec;
import io.snclr.files.DiskErrors;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ImageFolder tree (torchvision's layout): {@code root/<class>/**.jpg|png} gives labelled images, a flat folder
 * of images gives unlabelled ones (folders whose name starts with a dot are not looked into). {@link #load} decodes a
 * small tree into memory: images of any size and colour mode centre-cropped to a square, resized to {@code size}, as
 * uint8 (RGB, or luminance for one channel; transparent pixels composited on white); files that cannot be decoded are
 * skipped and counted. Large trees are streamed instead ({@link StreamedImages}). {@link #read} and {@link #pixels}
 * serve {@code BufferedImage}s given by API users.
 */
public final class ImageFolder {
    /** The most pixels an image may claim (10000 × 10000); larger ones are refused before decoding. */
    public static final long MAX_PIXELS = ImageHeader.MAX_PIXELS;

    private static final Logger LOG = LoggerFactory.getLogger(ImageFolder.class);

    private ImageFolder() {}

    /** The loaded set and the files that were skipped because they could not be decoded. */
    public record Result(ImageSet images, List<String> skipped) {}

    /** Decodes a whole tree into memory, each image held whole (small sets; tests). */
    public static Result load(Path root, int size, int channels) {
        int workers = Runtime.getRuntime().availableProcessors();
        return load(FileIndex.open(root, workers), size, channels, workers, size, 1.0);
    }

    /**
     * As {@link #load(Path, int, int)} from an index, decoding on {@code workers} threads; each image's shorter side
     * is brought down to {@code heldSide}, and the evaluation view is the centre {@code centerCrop} of it.
     */
    public static Result load(FileIndex index, int size, int channels, int workers, int heldSide, double centerCrop) {
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3");
        StreamedImages.Held loaded =
                new StreamedImages(index, size, channels, workers, 1.0, centerCrop).holdAll(heldSide);
        List<String> skipped = new ArrayList<>(index.skipped());
        skipped.addAll(loaded.skipped());
        if (loaded.kept().length == 0) {
            throw new DataFormatException(index.root() + ": none of the "
                    + (index.size() + index.skipped().size()) + " images could be decoded"
                    + (skipped.isEmpty() ? "" : " (first: " + skipped.get(0) + ")"));
        }
        if (!skipped.isEmpty()) {
            LOG.warn(
                    "{}: skipped {} of {} images that could not be decoded (first: {})",
                    index.root(),
                    skipped.size(),
                    index.size() + index.skipped().size(),
                    skipped.get(0));
        }
        int[] lb = new int[loaded.kept().length];
        for (int j = 0; j < lb.length; j++) lb[j] = index.label(loaded.kept()[j]);
        ImageSet set =
                new ImageSet(nameOf(index.root()), channels, size, size, loaded.images(), lb, index.classNames());
        return new Result(set, List.copyOf(skipped));
    }

    static String nameOf(Path root) {
        return root.getFileName() == null ? root.toString() : root.getFileName().toString();
    }

    /** Whether {@code p} is, or lies under, a hidden folder (name starting with a dot) below {@code root}. */
    static boolean hidden(Path root, Path p) {
        for (Path part : root.relativize(p)) if (part.toString().startsWith(".")) return true;
        return false;
    }

    /**
     * The image files of a tree, sorted, with their class (sub-folder) index, -1 in a flat folder; and the image
     * names that are no file (a symbolic link to nothing), each with its reason. Links to files are followed.
     */
    public record Listing(List<Path> files, List<Integer> labels, List<String> classNames, List<String> skipped) {}

    /** Lists the images of an ImageFolder tree without decoding any (classes = sub-folders, as torchvision's). */
    public static Listing list(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DataFormatException(root + ": not a directory (expected an ImageFolder tree of JPEG/PNG files)");
        }
        List<Path> classDirs = listSorted(root).stream()
                .filter(Files::isDirectory)
                .filter(d -> !hidden(root, d))
                .toList();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> classNames = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        if (classDirs.isEmpty()) {
            for (Path f : imagesUnder(root, root, skipped)) {
                files.add(f);
                labels.add(-1);
            }
        } else {
            for (Path dir : classDirs) {
                List<Path> inClass = imagesUnder(root, dir, skipped);
                if (inClass.isEmpty()) continue;
                int label = classNames.size();
                classNames.add(dir.getFileName().toString());
                for (Path f : inClass) {
                    files.add(f);
                    labels.add(label);
                }
            }
        }
        if (files.isEmpty()) throw new DataFormatException(root + ": no .jpg/.jpeg/.png files found");
        return new Listing(List.copyOf(files), List.copyOf(labels), List.copyOf(classNames), List.copyOf(skipped));
    }

    private static List<Path> listSorted(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> imagesUnder(Path root, Path dir, List<String> leftOut) {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> named = s.filter(ImageFolder::isImageName)
                    .filter(f -> !hidden(root, f))
                    .sorted()
                    .toList();
            List<Path> out = new ArrayList<>();
            for (Path f : named) {
                if (f.getFileName().toString().indexOf('\uFFFD') >= 0) {
                    // Java decoded bytes of the name it cannot represent: the path it would record names nothing
                    leftOut.add(f + " (its file name is not valid in this JVM's file-name encoding "
                            + System.getProperty("sun.jnu.encoding") + "; rename it, or run with a UTF-8 locale)");
                } else if (Files.isSymbolicLink(f) && !Files.exists(f)) {
                    leftOut.add(f + " (broken link)");
                } else if (Files.isRegularFile(f)) {
                    out.add(f);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
    }

    /**
     * Reads an image, refusing before any pixel is allocated one whose header claims more than {@link #MAX_PIXELS}
     * (a decompression bomb: a 30000×30000 PNG is ~100 KB on disk and 3.6 GB decoded), and refusing one whose
     * decoder warned that the data ended early (a truncated JPEG decodes to gray otherwise).
     *
     * @throws IOException naming what is wrong with the file
     */
    public static BufferedImage read(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new IOException("cannot open");
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new IOException("not a JPEG or PNG image");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0), h = reader.getHeight(0);
                if (w < 1 || h < 1) throw new IOException("empty image");
                if (w * h > MAX_PIXELS) {
                    throw new IOException(
                            w + "x" + h + " pixels, above the limit of " + MAX_PIXELS + " (a decompression bomb?)");
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
                BufferedImage img = reader.read(0);
                if (!warnings.isEmpty()) throw new IOException("damaged: " + warnings.get(0));
                return img;
            } catch (RuntimeException e) {
                throw new IOException("undecodable: " + e, e);
            } finally {
                reader.dispose();
            }
        }
    }

    /** An image's CHW uint8 pixels, or why it has none. */
    public record Decoded(byte[] pixels, String problem) {}

    /**
     * One file's evaluation view: the centred square of {@code centerCrop} of its shorter side resized to
     * {@code size}, decoded as training data is ({@link ImageCodec}).
     */
    public static Decoded decode(Path file, int size, int channels, double centerCrop) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new Decoded(null, "unreadable: " + DiskErrors.reason(e));
        }
        return decode(bytes, size, channels, centerCrop);
    }

    /**
     * As {@link #decode(Path, int, int, double)} for an image's bytes (an upload): checked as an index checks a file
     * (header, size limit, end marker, data) before it is decoded.
     */
    public static Decoded decode(byte[] bytes, int size, int channels, double centerCrop) {
        try {
            ImageHeader h = ImageHeader.parse(bytes, bytes.length, bytes.length);
            h.requireEnd(
                    Arrays.copyOfRange(bytes, Math.max(0, bytes.length - ImageHeader.TAIL_BYTES), bytes.length),
                    Math.min(bytes.length, ImageHeader.TAIL_BYTES));
            ImageIntegrity.require(bytes, h.jpeg());
            byte[] out = new byte[channels * size * size];
            StreamedImages.Region r = StreamedImages.centre(centerCrop).regions(0, h.width(), h.height())[0];
            try (ImageCodec.Image img = ImageCodec.decode(bytes, h.jpeg(), channels, 1)) {
                ImageCodec.crop(img, r.x(), r.y(), r.w(), r.h(), false, size, out, 0);
            }
            return new Decoded(out, null);
        } catch (IOException e) {
            return new Decoded(null, e.getMessage());
        }
    }

    /** The image centre-cropped to a square (transparency on white), resized to {@code size}: CHW uint8. */
    public static byte[] pixels(BufferedImage src, int size, int channels, double centerCrop) {
        BufferedImage square = centreSquareOnWhite(src, centerCrop);
        BufferedImage small = resize(square, size);
        byte[] out = new byte[channels * size * size];
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = small.getRGB(x, y);
                int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                int p = y * size + x;
                if (channels == 1) {
                    out[p] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
                } else {
                    out[p] = (byte) r;
                    out[plane + p] = (byte) g;
                    out[2 * plane + p] = (byte) b;
                }
            }
        }
        return out;
    }

    private static BufferedImage centreSquareOnWhite(BufferedImage src, double centerCrop) {
        int side = Math.max(1, (int) Math.round(Math.min(src.getWidth(), src.getHeight()) * centerCrop));
        int x0 = (src.getWidth() - side) / 2, y0 = (src.getHeight() - side) / 2;
        BufferedImage sq = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sq.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, side, side);
        g.drawImage(src, -x0, -y0, null);
        g.dispose();
        return sq;
    }

    /** Bilinear resize, halving first so that large downscales do not alias. */
    private static BufferedImage resize(BufferedImage img, int size) {
        BufferedImage cur = img;
        while (cur.getWidth() / 2 >= size * 2) cur = scale(cur, cur.getWidth() / 2);
        return cur.getWidth() == size ? cur : scale(cur, size);
    }

    private static BufferedImage scale(BufferedImage img, int side) {
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, side, side, null);
        g.dispose();
        return out;
    }
}
