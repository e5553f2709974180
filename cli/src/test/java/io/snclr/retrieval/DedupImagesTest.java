package io.snclr.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.cli.CliCapture;
import io.snclr.data.TestImages;
import io.snclr.serve.HeadlessChromium;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** snclr dedup on a folder with planted near-copies (re-encoded, brightened, marked): they are grouped, nothing else. */
class DedupImagesTest extends TorchTest {
    @Test
    void plantedCopiesAreFoundAndNothingElse(@TempDir Path tmp) throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        for (int i = 0; i < 30; i++) {
            Files.write(images.resolve("img" + i + ".png"), TestImages.encode(shapes(i), "png"));
        }
        // near-copies as collections get them: re-saved as a high-quality JPEG, brightened a little, marked
        Files.write(images.resolve("copy-of-img3.jpg"), jpeg(shapes(3), 0.95f));
        BufferedImage brighter = shapes(11);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int rgb = brighter.getRGB(x, y), out = 0;
                for (int shift = 0; shift <= 16; shift += 8) out |= Math.min(255, ((rgb >> shift) & 0xff) + 1) << shift;
                brighter.setRGB(x, y, out);
            }
        }
        Files.write(images.resolve("copy-of-img11.png"), TestImages.encode(brighter, "png"));
        BufferedImage marked = shapes(20);
        Graphics2D mark = marked.createGraphics();
        mark.setColor(Color.WHITE);
        mark.fillRect(60, 60, 3, 3);
        mark.dispose();
        Files.write(images.resolve("copy-of-img20.png"), TestImages.encode(marked, "png"));
        Path run = tmp.resolve("run"), emb = tmp.resolve("emb");
        cli(
                "pretrain",
                "--data",
                images.toString(),
                "--image-size",
                "32",
                "--channels",
                "3",
                "--epochs",
                "0",
                "--width",
                "0.125",
                "--batch-size",
                "8",
                "--out",
                run.toString());
        cli("embed", "--run", run.toString(), "--images", images.toString(), "--out", emb.toString());
        cli("index", "--embeddings", emb.toString());
        String said = CliCapture.stdout("dedup", "--embeddings", emb.toString(), "--threshold", "0.999");
        assertTrue(said.contains("3 groups of near-duplicates (6 images)"), said);
        List<String> rows = Files.readAllLines(emb.resolve("duplicates.csv"));
        Set<String> groups = new TreeSet<>();
        for (int g = 0; g < 3; g++) {
            String group = String.valueOf(g);
            groups.add(rows.stream()
                    .skip(1)
                    .filter(l -> l.startsWith(group + ","))
                    .map(l -> Path.of(l.split(",")[2])
                            .getFileName()
                            .toString()
                            .replace("copy-of-", "")
                            .replaceAll("\\.\\w+$", ""))
                    .distinct()
                    .collect(Collectors.joining("+")));
        }
        assertEquals(Set.of("img11", "img20", "img3"), groups, "each group is an image and its copy");
        for (String row : rows.subList(1, rows.size())) {
            assertTrue(Double.parseDouble(row.substring(row.lastIndexOf(',') + 1)) >= 0.999, row);
        }
        // the page in a browser: each group's images load, side by side on one line
        try (HeadlessChromium browser = HeadlessChromium.start(Files.createDirectories(tmp.resolve("profile")))) {
            browser.open(emb.resolve("duplicates.html").toUri().toString());
            browser.await("[...document.images].every(i => i.complete && i.naturalWidth > 0)", 10);
            assertEquals(6, browser.eval("document.images.length").asInt());
            assertTrue(browser.eval("[...document.querySelectorAll('h2 + div')].every(d => "
                            + "new Set([...d.querySelectorAll('figure')].map(f => f.offsetTop)).size === 1)")
                    .asBoolean());
        }
    }

    /** A picture of its own: a background and five shapes, of colours, places and sizes drawn from {@code seed}. */
    private static BufferedImage shapes(long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(r.nextInt(0xffffff)));
        g.fillRect(0, 0, 64, 64);
        for (int s = 0; s < 5; s++) {
            g.setColor(new Color(r.nextInt(0xffffff)));
            int x = r.nextInt(48), y = r.nextInt(48), w = 8 + r.nextInt(24), h = 8 + r.nextInt(24);
            if (r.nextBoolean()) g.fillOval(x, y, w, h);
            else g.fillRect(x, y, w, h);
        }
        g.dispose();
        return img;
    }

    private static byte[] jpeg(BufferedImage img, float quality) throws java.io.IOException {
        javax.imageio.ImageWriter writer =
                javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream ios = javax.imageio.ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new javax.imageio.IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static void cli(String... args) {
        assertEquals(0, CliCapture.run(args).code(), String.join(" ", args));
    }
}
