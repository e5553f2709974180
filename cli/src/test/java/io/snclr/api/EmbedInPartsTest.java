package io.snclr.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.cli.Args;
import io.snclr.cli.CliCapture;
import io.snclr.faults.Subprocess;
import io.snclr.retrieval.Hit;
import io.snclr.retrieval.VectorSearch;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code embed --nproc 2} and a rank started as torchrun would: the same rows as one process, a part that did not
 * finish embedded again and a finished one kept, and {@code index --nproc 2} shards that search as one index does.
 */
class EmbedInPartsTest extends TorchTest {
    @Test
    void partsEqualOneProcessAndAStoppedPartIsRedoneAlone(@TempDir Path tmp) throws Exception {
        Path images = tmp.resolve("images");
        Random rnd = new Random(5);
        for (String cls : new String[] {"a", "b", "c"}) {
            Path d = Files.createDirectories(images.resolve(cls));
            for (int i = 0; i < 15; i++) {
                BufferedImage img = new BufferedImage(18, 18, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 18; y++) for (int x = 0; x < 18; x++) img.setRGB(x, y, rnd.nextInt());
                ImageIO.write(
                        img, "png", d.resolve(String.format("%02d.png", i)).toFile());
            }
        }
        Files.writeString(images.resolve("b").resolve("broken.png"), "not an image");
        Path run = tmp.resolve("run");
        CliCapture.stdout(Args.untrainedOn(images, run));
        String[] embed = {"embed", "--run", run.toString(), "--images", images.toString(), "--batch", "4", "--out"};

        Path one = tmp.resolve("one");
        CliCapture.stdout(Args.concat(embed, one.toString()));

        // rank 0 of 2 as torchrun starts it; rank 1 "killed": half-written files and a stale npy, no manifest
        Path two = tmp.resolve("two");
        Map<String, String> rank0 = Map.of(
                "RANK", "0", "WORLD_SIZE", "2", "LOCAL_RANK", "0", "MASTER_ADDR", "127.0.0.1", "MASTER_PORT", "29999");
        Subprocess first = Subprocess.start(tmp.resolve("rank0.log"), rank0, Args.concat(embed, two.toString()));
        assertEquals(0, first.awaitExit(), Files.readString(first.log));
        Path part0 = EmbeddingParts.dir(two, 0, 2), part1 = EmbeddingParts.dir(two, 1, 2);
        Files.createDirectories(part1);
        Files.writeString(part1.resolve("embeddings.npy.partial"), "half");
        Files.writeString(part1.resolve("embeddings.npy"), "renamed before the manifest");
        IllegalArgumentException unfinished = assertThrows(IllegalArgumentException.class, () -> Embeddings.open(two));
        assertTrue(unfinished.getMessage().contains("1 of 2 parts finished"), unfinished.getMessage());

        Path npy0 = part0.resolve(EmbeddingsManifest.NPY);
        FileTime before = Files.getLastModifiedTime(npy0);
        Thread.sleep(20);
        String said = CliCapture.stdout(Args.concat(embed, two.toString(), "--nproc", "2"));
        assertTrue(said.contains("embedded 45 images in 2 parts"), said);
        assertEquals(before, Files.getLastModifiedTime(npy0), "the finished part is not embedded again");
        assertTrue(Files.readString(part1.resolve("skipped.txt")).contains("broken.png"), "b/broken is in part 1");

        Embeddings whole = Embeddings.open(one), parted = Embeddings.open(two);
        assertEquals(2, parted.parts().size());
        assertEquals(whole.rows(), parted.rows());
        assertArrayEquals(whole.rows(0, whole.rows()), parted.rows(0, parted.rows()), 1e-6f);
        for (int r = 0; r < whole.rows(); r++) assertEquals(whole.describe(r), parted.describe(r));
        String again = CliCapture.run(Args.concat(embed, two.toString(), "--nproc", "2"))
                .err();
        assertTrue(again.contains("already holds finished embeddings"), again);

        // one index per part, built by two processes; searched as one
        CliCapture.stdout("index", "--embeddings", one.toString());
        String indexed = CliCapture.stdout("index", "--embeddings", two.toString(), "--nproc", "2");
        assertTrue(indexed.contains("2 shards"), indexed);
        float[][] queries = new float[whole.rows()][];
        for (int r = 0; r < whole.rows(); r++) queries[r] = whole.rows(r, 1);
        try (VectorSearch a = VectorSearch.over(whole, false, 100);
                VectorSearch b = VectorSearch.over(parted, false, 100)) {
            assertTrue(b.describe().startsWith("HNSW index in 2 shards"), b.describe());
            List<List<Hit>> x = a.search(queries, 5), y = b.search(queries, 5);
            for (int q = 0; q < queries.length; q++) {
                for (int j = 0; j < 5; j++)
                    assertEquals(x.get(q).get(j).score(), y.get(q).get(j).score(), 1e-5f);
                assertEquals(q, y.get(q).get(0).row(), "an image finds itself first");
            }
        }
        String found = CliCapture.stdout(
                "search",
                "--embeddings",
                two.toString(),
                "--run",
                run.toString(),
                "--query",
                images.resolve("c").resolve("07.png").toString(),
                "--k",
                "1");
        assertTrue(found.contains("c/07.png") && found.contains(" 1.0000 "), found);
    }
}
