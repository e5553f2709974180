package io.snclr.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.cli.Args;
import io.snclr.cli.CliCapture;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder through a saved encoder: snclr embed, the Java Embedder (also from 4 threads at once), snclr search. */
class EmbedAndSearchTest extends TorchTest {
    private static String stdout(String... args) {
        return CliCapture.stdout(args);
    }

    @Test
    void embedStreamsAFolderAndTheApiAndSearchAgreeWithIt(@TempDir Path tmp) throws Exception {
        Path images = tmp.resolve("images");
        Random rnd = new Random(3);
        List<Path> files = new ArrayList<>();
        for (String cls : new String[] {"red", "blue"}) {
            Path d = Files.createDirectories(images.resolve(cls));
            for (int i = 0; i < 10; i++) {
                BufferedImage img = new BufferedImage(20 + i, 24, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 24; y++) for (int x = 0; x < 20 + i; x++) img.setRGB(x, y, rnd.nextInt());
                Path f = d.resolve(String.format("%02d.png", i));
                ImageIO.write(img, "png", f.toFile());
                files.add(f);
            }
        }
        Files.writeString(images.resolve("red").resolve("broken.png"), "not an image");
        Path run = tmp.resolve("run");
        stdout(Args.untrainedOn(images, run, "--batch-size", "8"));

        Path out = tmp.resolve("emb");
        String said = stdout(
                "embed",
                "--run",
                run.toString(),
                "--images",
                images.toString(),
                "--out",
                out.toString(),
                "--batch",
                "7");
        assertTrue(said.contains("embedded 20 images") && said.contains("1 unreadable"), said);
        Embeddings e = Embeddings.open(out);
        assertEquals(20, e.rows());
        assertTrue(Files.readString(out.resolve("skipped.txt")).contains("broken.png"));
        assertEquals("blue", e.item(0).label(), e.describe(0)); // classes sorted: blue, red
        assertEquals(
                io.snclr.files.FileDigest.sha256(Path.of(e.item(0).path())),
                e.item(0).sha256(),
                "as embedded");

        try (Embedder embedder = Embedder.open(run)) {
            assertEquals(e.dim(), embedder.dimension());
            int row = 13;
            Path file = Path.of(e.describe(row).split(",")[1]);
            float[] direct = embedder.embed(file);
            assertArrayEquals(e.rows(row, 1), direct, 1e-5f, "the API embeds as the command does");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<float[]>> parallel = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Path f = Path.of(e.describe(i).split(",")[1]);
                parallel.add(pool.submit(() -> embedder.embed(f)));
            }
            for (int i = 0; i < 20; i++)
                assertArrayEquals(e.rows(i, 1), parallel.get(i).get(), 1e-5f, "thread " + i);
            pool.shutdown();

            String[] search = {
                "search",
                "--embeddings",
                out.toString(),
                "--run",
                run.toString(),
                "--query",
                file.toString(),
                "--k",
                "3",
                "--chunk",
                "6"
            };
            String found = stdout(search);
            String first = found.lines()
                    .filter(l -> l.trim().startsWith("1."))
                    .findFirst()
                    .orElseThrow();
            assertTrue(first.contains(file.toString()) && first.contains(" 1.0000 "), found);
            assertTrue(Files.readString(out.resolve("search.html")).contains("<img"));

            // where the page cannot be written (a read-only embeddings folder, say) the printed results stand: exit 0
            Files.delete(out.resolve("search.html"));
            Files.createDirectories(out.resolve("search.html").resolve("taken"));
            String again = stdout(search);
            assertTrue(again.contains(" 1.0000 ") && !again.contains("page: "), again);
        }
    }
}
