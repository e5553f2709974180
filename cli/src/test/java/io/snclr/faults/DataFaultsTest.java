package io.snclr.faults;

import static io.snclr.faults.FaultKit.flipBytes;
import static io.snclr.faults.FaultKit.indexRun;
import static io.snclr.faults.FaultKit.photoFolder;
import static io.snclr.faults.FaultKit.pretrain;
import static io.snclr.faults.FaultKit.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.cli.CliCapture.Outcome;
import io.snclr.data.TestImages;
import io.snclr.rundir.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the data, the encoder files and the embeddings (docs/reliability.md lists them): a damaged image is left
 * out with its reason, an encoder without its checksum is refused, embeddings of another encoder or of a killed run
 * are never searched, and nothing is written into the data.
 */
class DataFaultsTest {
    /** An encoder.json without a checksum (written by an earlier version) is refused with a way forward. */
    @Test
    void anEncoderWithoutAChecksumIsRefusedWithAWayForward(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, run(pretrain(run, "--epochs", "1")).code());
        Path meta = run.resolve("encoder.json");
        Files.writeString(
                meta, Files.readString(meta).replaceAll(",\\s*\"(sha256|bytes|format)\"\\s*:\\s*[^,}\\n]+", ""));
        assertFalse(Files.readString(meta).contains("sha256"));
        Path encoder = run.resolve("encoder.pt");
        flipBytes(encoder, Files.size(encoder) / 2, 64);
        Outcome knn = run("knn", "--run", run.toString());
        assertEquals(2, knn.code(), knn.err());
        assertTrue(knn.err().contains("no checksum") && knn.err().contains("--resume"), knn.err());
        assertEquals(0, run("pretrain", "--resume", run.toString()).code(), "the way forward works");
        assertEquals(0, run("knn", "--run", run.toString()).code());
    }

    /** A JPEG with a sector zeroed in the middle of its image data (end marker intact) is a bad file. */
    @Test
    void aJpegCorruptedMidStreamIsLeftOutWithItsReason(@TempDir Path tmp) throws Exception {
        Path images = photoFolder(tmp.resolve("images"), 20, 320, 240, "jpg");
        Path bad = images.resolve("a").resolve("0.jpg");
        byte[] b = Files.readAllBytes(bad);
        Arrays.fill(b, b.length / 2, b.length / 2 + 512, (byte) 0); // a sector of zeros, as a failing copy leaves
        Files.write(bad, b);
        Path run = tmp.resolve("run");
        Outcome o = indexRun(images, run, "--max-bad-fraction", "0.2");
        assertEquals(0, o.code(), o.err());
        assertTrue(
                Files.readString(run.resolve(RunFiles.SKIPPED_IMAGES)).contains("0.jpg"),
                Files.readString(run.resolve(RunFiles.SKIPPED_IMAGES)));
    }

    /**
     * An unreadable file is a bad file: skipped with its reason and counted, not the end of the run. Without
     * read permission for users; for root, whom permissions do not stop, a link to a file of 4 KB that no one may read.
     */
    @Test
    void anUnreadableFileIsSkippedWithItsReason(@TempDir Path tmp) throws Exception {
        Path images = photoFolder(tmp.resolve("images"), 20, 20, 20, "png");
        Path locked = images.resolve("a").resolve("0.png");
        if (canDropRead(tmp)) {
            Files.setPosixFilePermissions(locked, Set.of());
        } else {
            Path writeOnly = Path.of("/sys/bus/platform/drivers_probe"); // a write-only attribute: root cannot read it
            Assumptions.assumeTrue(Files.exists(writeOnly), "needs /sys");
            Files.delete(locked);
            Files.createSymbolicLink(locked, writeOnly);
        }
        try {
            Path run = tmp.resolve("run");
            Outcome o = indexRun(images, run, "--max-bad-fraction", "0.2");
            assertEquals(0, o.code(), o.err());
            String skipped = Files.readString(run.resolve(RunFiles.SKIPPED_IMAGES));
            assertTrue(skipped.contains("0.png") && skipped.contains("unreadable"), skipped);
        } finally {
            if (!Files.isSymbolicLink(locked)) {
                Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
    }

    /** A folder of images, a run trained on them for no steps (initialised with {@code seed}), and its embeddings. */
    private static Path[] embedded(Path tmp, String name, int seed) throws Exception {
        Path images = tmp.resolve("images");
        if (!Files.isDirectory(images)) photoFolder(images, 12, 24, 20, "png");
        Path run = tmp.resolve(name);
        assertEquals(0, indexRun(images, run, "--seed", String.valueOf(seed)).code());
        Path emb = tmp.resolve(name + "-emb");
        assertEquals(
                0,
                run("embed", "--run", run.toString(), "--images", images.toString(), "--out", emb.toString())
                        .code());
        return new Path[] {images, run, emb};
    }

    /** One bad file in a query folder is skipped and named; the others are searched. */
    @Test
    void aBadQueryFileIsSkipped(@TempDir Path tmp) throws Exception {
        Path[] e = embedded(tmp, "run", 0);
        Path queries = Files.createDirectories(tmp.resolve("queries"));
        Files.copy(e[0].resolve("a").resolve("0.png"), queries.resolve("good.png"));
        Files.writeString(queries.resolve("bad.png"), "not an image");
        Outcome o = run(
                "search",
                "--embeddings",
                e[2].toString(),
                "--run",
                e[1].toString(),
                "--query",
                queries.toString(),
                "--k",
                "2");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("bad.png"), o.err());
    }

    /** Embeddings made by another run's encoder are refused in one line. */
    @Test
    void embeddingsOfAnotherEncoderAreRefused(@TempDir Path tmp) throws Exception {
        Path[] a = embedded(tmp, "a", 1);
        Path[] b = embedded(tmp, "b", 2);
        Outcome o = run(
                "search",
                "--embeddings",
                a[2].toString(),
                "--run",
                b[1].toString(),
                "--query",
                a[0].resolve("a").resolve("0.png").toString());
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().contains("another encoder"), o.err());
    }

    /** A killed embed leaves no embeddings that look finished; search says so, and embed runs again. */
    @Test
    void aKilledEmbedCanBeRunAgainAndIsNotSearched(@TempDir Path tmp) throws Exception {
        Path[] e = embedded(tmp, "run", 0);
        Path big = tmp.resolve("big");
        byte[] photo = TestImages.encode(TestImages.photo(1600, 1200, 5), "jpg");
        for (int i = 0; i < 300; i++) {
            Path f = big.resolve("a").resolve(i + ".jpg");
            Files.createDirectories(f.getParent());
            Files.write(f, photo);
        }
        Path out = tmp.resolve("killed-emb");
        Subprocess p = Subprocess.start(
                tmp.resolve("embed.log"),
                "embed",
                "--run",
                e[1].toString(),
                "--images",
                big.toString(),
                "--out",
                out.toString(),
                "--batch",
                "4");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (p.process.isAlive() && !Files.exists(out) && System.nanoTime() < deadline) Thread.sleep(20);
        Thread.sleep(500);
        p.signal("KILL");
        p.awaitExit();
        Outcome s = run(
                "search",
                "--embeddings",
                out.toString(),
                "--run",
                e[1].toString(),
                "--query",
                e[0].resolve("a").resolve("0.png").toString());
        assertEquals(2, s.code(), s.err());
        assertTrue(s.err().contains("snclr embed"), s.err());
        assertEquals(
                0,
                run("embed", "--run", e[1].toString(), "--images", e[0].toString(), "--out", out.toString())
                        .code(),
                "embed runs again where the killed one left off nothing usable");
    }

    /** The file index's cache is kept out of the data folder. */
    @Test
    void theIndexCacheIsNotWrittenIntoTheData(@TempDir Path tmp) throws Exception {
        Path images = photoFolder(tmp.resolve("images"), 8, 20, 20, "png");
        Outcome o = indexRun(images, tmp.resolve("run"));
        assertEquals(0, o.code(), o.err());
        try (Stream<Path> s = Files.walk(images)) {
            List<Path> ours =
                    s.filter(f -> f.getFileName().toString().startsWith(".")).toList();
            assertEquals(List.of(), ours, "nothing of snclr's in the data folder");
        }
    }

    /** A broken symbolic link is counted as left out; a working one is followed. */
    @Test
    void symbolicLinksLeftOutAreCounted(@TempDir Path tmp) throws Exception {
        Path images = photoFolder(tmp.resolve("images"), 8, 20, 20, "png");
        Files.createSymbolicLink(images.resolve("a").resolve("link.png"), tmp.resolve("nowhere.png"));
        Files.createSymbolicLink(
                images.resolve("b").resolve("linked.png"), images.resolve("a").resolve("0.png"));
        Path run = tmp.resolve("run");
        Outcome o = indexRun(images, run, "--max-bad-fraction", "0.2");
        assertEquals(0, o.code(), o.err());
        String skipped = Files.readString(run.resolve(RunFiles.SKIPPED_IMAGES));
        assertTrue(skipped.contains("link.png") && skipped.contains("broken link"), skipped);
        assertTrue(
                Files.readString(run.resolve(RunFiles.SUMMARY)).contains("\"train_images\" : 9"),
                "a link to an image is followed, as torchvision's ImageFolder follows it");
    }

    private static boolean canDropRead(Path tmp) throws Exception {
        Path probe = Files.writeString(tmp.resolve("probe"), "x");
        Files.setPosixFilePermissions(probe, Set.of());
        try {
            Files.readAllBytes(probe);
            return false; // root reads it anyway
        } catch (java.nio.file.AccessDeniedException e) {
            return true;
        } finally {
            Files.delete(probe);
        }
    }
}
