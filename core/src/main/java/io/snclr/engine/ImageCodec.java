package io.snclr.engine;

import java.io.IOException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Decodes JPEG and PNG files with OpenCV's codecs (libjpeg-turbo, libpng) and cuts resized crops out of them.
 * Chosen over {@code javax.imageio} (measured: bench/decoder/): the same speed at full size, about twice the
 * speed where the JPEG decoder may scale the DCT down (1/2, 1/4, 1/8), and CMYK JPEGs and 16-bit PNGs decode.
 * EXIF orientation is ignored, as PIL does, so decoded sizes match the file header's.
 */
public final class ImageCodec {
    static {
        opencv_core.setNumThreads(0); // callers decode on their own worker threads; no second pool inside OpenCV
    }

    private ImageCodec() {}

    /** A decoded image: 8-bit, one (gray) or three (BGR) channels, transparency composited on white. */
    public static final class Image implements AutoCloseable {
        private final Mat mat;

        private Image(Mat mat) {
            this.mat = mat;
        }

        public int width() {
            return mat.cols();
        }

        public int height() {
            return mat.rows();
        }

        @Override
        public void close() {
            mat.close();
        }
    }

    /** An image held in memory: its pixels (rows of HWC bytes, OpenCV's channel order) and its size. */
    public record Held(byte[] hwc, int width, int height, int channels) {}

    /**
     * {@code img} resized (area averaging) so that its shorter side is {@code shorter} pixels, aspect kept; an image
     * already no larger is kept as it is.
     */
    public static Held shrink(Image img, int shorter) {
        int w = img.width(), h = img.height(), c = img.mat.channels();
        double scale = Math.min(1.0, shorter / (double) Math.min(w, h));
        int tw = Math.max(1, (int) Math.round(w * scale)), th = Math.max(1, (int) Math.round(h * scale));
        byte[] out = new byte[tw * th * c];
        try (PointerScope scope = new PointerScope()) {
            Mat m = img.mat;
            if (tw != w || th != h) {
                m = new Mat();
                opencv_imgproc.resize(img.mat, m, new Size(tw, th), 0, 0, opencv_imgproc.INTER_AREA);
            }
            Mat packed = m.isContinuous() ? m : m.clone();
            packed.data().get(out);
        }
        return new Held(out, tw, th, c);
    }

    /** An image of {@link #shrink}'s, back as an {@link Image} (a copy in native memory) to cut crops from. */
    public static Image wrap(Held held) {
        Mat m = new Mat(held.height(), held.width(), held.channels() == 1 ? opencv_core.CV_8UC1 : opencv_core.CV_8UC3);
        m.data().put(held.hwc());
        return new Image(m);
    }

    /**
     * Decodes {@code data} to {@code channels} (1 = luminance, 3 = colour). A JPEG is decoded at 1/{@code reduce} of
     * its size (1, 2, 4 or 8: libjpeg-turbo's scaled DCT); a PNG always at full size.
     *
     * @throws IOException naming what is wrong when the bytes cannot be decoded
     */
    public static Image decode(byte[] data, boolean jpeg, int channels, int reduce) throws IOException {
        if (reduce != 1 && reduce != 2 && reduce != 4 && reduce != 8)
            throw new IllegalArgumentException("reduce " + reduce);
        BytePointer bytes = new BytePointer(data);
        Mat buffer = new Mat(1, data.length, opencv_core.CV_8U, bytes);
        Mat decoded = null;
        try {
            decoded = opencv_imgcodecs.imdecode(
                    buffer, jpeg ? jpegFlags(channels, reduce) : opencv_imgcodecs.IMREAD_UNCHANGED);
            if (decoded == null || decoded.empty()) throw new IOException("undecodable: the image data is damaged");
            if (!jpeg) decoded = toChannels(opaque8Bit(decoded), channels); // each frees the matrix it replaces
            return new Image(decoded);
        } catch (RuntimeException e) {
            if (decoded != null) decoded.close();
            throw new IOException("undecodable: " + NativeErrors.firstLine(e), e);
        } catch (IOException e) {
            if (decoded != null) decoded.close();
            throw e;
        } finally {
            buffer.close();
            bytes.close();
        }
    }

    /** {@code next}, freeing {@code old} when it is another matrix. */
    private static Mat replace(Mat old, Mat next) {
        if (next != old) old.close();
        return next;
    }

    private static int jpegFlags(int channels, int reduce) {
        int base = channels == 1 ? opencv_imgcodecs.IMREAD_GRAYSCALE : opencv_imgcodecs.IMREAD_COLOR;
        int scaled = switch (reduce) {
            case 2 ->
                channels == 1 ? opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_2 : opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
            case 4 ->
                channels == 1 ? opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_4 : opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
            case 8 ->
                channels == 1 ? opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_8 : opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
            default -> base;
        };
        return scaled | opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
    }

    /** 16-bit samples scaled to 8 bits; an alpha channel composited on white (as the in-memory path always did). */
    private static Mat opaque8Bit(Mat m) {
        if (m.depth() == opencv_core.CV_16U) {
            Mat eight = new Mat();
            m.convertTo(eight, opencv_core.CV_8U, 1.0 / 257, 0);
            m = replace(m, eight);
        } else if (m.depth() != opencv_core.CV_8U) {
            throw new IllegalStateException("unsupported sample depth " + m.depth());
        }
        int c = m.channels();
        if (c != 2 && c != 4) return m;
        int colours = c - 1, width = m.cols();
        Mat flat = new Mat(m.rows(), width, colours == 1 ? opencv_core.CV_8UC1 : opencv_core.CV_8UC3);
        // a row at a time, so that a large image takes no more of the Java heap than one of its rows
        byte[] in = new byte[width * c];
        byte[] out = new byte[width * colours];
        for (int y = 0; y < m.rows(); y++) {
            m.ptr(y).get(in);
            for (int p = 0; p < width; p++) {
                int a = in[p * c + colours] & 0xff;
                for (int k = 0; k < colours; k++) {
                    int v = in[p * c + k] & 0xff;
                    out[p * colours + k] = (byte) ((v * a + 255 * (255 - a) + 127) / 255);
                }
            }
            flat.ptr(y).put(out);
        }
        return replace(m, flat);
    }

    private static Mat toChannels(Mat m, int channels) {
        if (m.channels() == channels) return m;
        Mat out = new Mat();
        opencv_imgproc.cvtColor(m, out, channels == 1 ? opencv_imgproc.COLOR_BGR2GRAY : opencv_imgproc.COLOR_GRAY2BGR);
        return replace(m, out);
    }

    /**
     * Writes the region (x, y, w, h) of {@code img}, in its pixels, resized to {@code size}×{@code size} and mirrored
     * when {@code flip}, into {@code dst} at {@code offset} as CHW uint8 (RGB or luminance). Shrinking averages the
     * covered pixels (area interpolation, no aliasing); enlarging is bilinear.
     */
    public static void crop(Image img, int x, int y, int w, int h, boolean flip, int size, byte[] dst, int offset) {
        int c = img.mat.channels();
        byte[] hwc = new byte[size * size * c];
        try (PointerScope scope = new PointerScope()) {
            Mat roi = new Mat(img.mat, new Rect(x, y, w, h));
            Mat out = new Mat();
            Size s = new Size(size, size);
            boolean shrink = w >= size && h >= size;
            opencv_imgproc.resize(roi, out, s, 0, 0, shrink ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR);
            if (flip) opencv_core.flip(out, out, 1);
            out.data().get(hwc);
        }
        int plane = size * size;
        for (int p = 0; p < plane; p++) {
            if (c == 1) {
                dst[offset + p] = hwc[p];
            } else { // OpenCV's BGR to RGB planes
                dst[offset + p] = hwc[p * 3 + 2];
                dst[offset + plane + p] = hwc[p * 3 + 1];
                dst[offset + 2 * plane + p] = hwc[p * 3];
            }
        }
    }
}
