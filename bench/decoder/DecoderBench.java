import java.awt.*;
import java.awt.image.*;
import java.io.*;
import java.nio.file.*;
import java.util.*;
import javax.imageio.*;
import org.bytedeco.javacpp.*;
import org.bytedeco.opencv.opencv_core.*;
import static org.bytedeco.opencv.global.opencv_core.*;
import static org.bytedeco.opencv.global.opencv_imgcodecs.*;
import static org.bytedeco.opencv.global.opencv_imgproc.*;

/**
 * The decoder comparison of docs/performance.md: every JPEG under a folder decoded on one thread, then two
 * RandomResizedCrops (scale 0.08-1, ratio 3/4-4/3) resized to 224 px, as training does per image.
 * Modes: imageio (javax.imageio + Java2D halving/bilinear; with the TwelveMonkeys jars on the class path their
 * JPEG reader takes over), opencv (imdecode + INTER_AREA), opencv-half (imdecode at 1/2 scale).
 * Run with run.sh; a measurement tool, not part of the build.
 */
public class DecoderBench {
    static int[] crop(Random r, int W, int H) {
        double area = W * (double) H;
        for (int t = 0; t < 10; t++) {
            double a = area * (0.08 + 0.92 * r.nextDouble());
            double ratio = Math.exp(Math.log(0.75) + (Math.log(4/3.0) - Math.log(0.75)) * r.nextDouble());
            int w = (int) Math.round(Math.sqrt(a * ratio)), h = (int) Math.round(Math.sqrt(a / ratio));
            if (w > 0 && w <= W && h > 0 && h <= H) return new int[]{r.nextInt(W - w + 1), r.nextInt(H - h + 1), w, h};
        }
        return new int[]{0, 0, W, H};
    }
    static BufferedImage j2d(BufferedImage src, int[] c, int out) {
        BufferedImage cur = src.getSubimage(c[0], c[1], c[2], c[3]);
        while (Math.min(cur.getWidth(), cur.getHeight()) / 2 >= out * 2) {
            BufferedImage h = new BufferedImage(cur.getWidth() / 2, cur.getHeight() / 2, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = h.createGraphics(); g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(cur, 0, 0, h.getWidth(), h.getHeight(), null); g.dispose(); cur = h;
        }
        BufferedImage o = new BufferedImage(out, out, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = o.createGraphics(); g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(cur, 0, 0, out, out, null); g.dispose();
        return o;
    }
    public static void main(String[] a) throws Exception {
        String mode = a[0];
        setNumThreads(0);
        java.util.List<Path> files = new ArrayList<>();
        try (var s = Files.walk(Path.of(a[1]))) { s.filter(p -> p.toString().endsWith(".jpg")).sorted().forEach(files::add); }
        java.util.List<byte[]> bytes = new ArrayList<>();
        for (Path p : files) bytes.add(Files.readAllBytes(p));
        int out = 224;
        for (int rep = 0; rep < 4; rep++) {
            Random r = new Random(1);
            long t0 = System.nanoTime(); long sum = 0;
            for (byte[] b : bytes) {
                if (mode.equals("imageio")) {
                    BufferedImage img = ImageIO.read(new ByteArrayInputStream(b));
                    for (int v = 0; v < 2; v++) sum += j2d(img, crop(r, img.getWidth(), img.getHeight()), out).getRGB(0, 0);
                } else {
                    int flag = mode.equals("opencv-half") ? IMREAD_REDUCED_COLOR_2 : IMREAD_COLOR;
                    try (Mat buf = new Mat(1, b.length, CV_8U, new BytePointer(b)); Mat img = imdecode(buf, flag)) {
                        for (int v = 0; v < 2; v++) {
                            int[] c = crop(r, img.cols(), img.rows());
                            try (Mat roi = new Mat(img, new Rect(c[0], c[1], c[2], c[3])); Mat o = new Mat()) {
                                resize(roi, o, new Size(out, out), 0, 0, INTER_AREA);
                                sum += o.data().get(0);
                            }
                        }
                    }
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%s rep %d: %.1f images/s (%d) %d%n", mode, rep, bytes.size() / s, bytes.size(), sum);
        }
    }
}
