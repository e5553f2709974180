package io.snclr.faults;

import static io.snclr.faults.FaultKit.flipBytes;
import static io.snclr.faults.FaultKit.indexRun;
import static io.snclr.faults.FaultKit.losses;
import static io.snclr.faults.FaultKit.photoFolder;
import static io.snclr.faults.FaultKit.pretrain;
import static io.snclr.faults.FaultKit.run;
import static io.snclr.faults.FaultKit.temporaries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.cli.CliCapture.Outcome;
import io.snclr.data.TestImages;
import io.snclr.files.Json;
import io.snclr.rundir.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults and bad input beyond {@link FaultsTest}'s, one test each (docs/reliability.md lists them): every file that
 * carries weights or embeddings is verified before use, bad input is one line or a skipped file with its reason,
 * nothing already written is lost, and a collapsing run is noticed.
 */
class FaultCasesTest {
    /**
     * The run directory is locked before anything is read or written there, so a second writer is refused
     * even while the first one is still loading its data (here: 400 large JPEGs decoded by one worker).
     */
    @Test
    void aSecondWriterIsRefusedWhileTheFirstIsStillLoadingData(@TempDir Path tmp) throws Exception {
        byte[] photo = TestImages.encode(TestImages.photo(1600, 1200, 1), "jpg");
        for (int i = 0; i < 400; i++) {
            Path f = tmp.resolve("photos").resolve(i % 2 == 0 ? "a" : "b").resolve(i + ".jpg");
            Files.createDirectories(f.getParent());
            Files.write(f, photo);
        }
        Path run = tmp.resolve("run");
        Subprocess first = Subprocess.start(
                tmp.resolve("first.log"),
                pretrain(
                        run,
                        "--data",
                        tmp.resolve("photos").toString(),
                        "--workers",
                        "1",
                        "--load",
                        "memory",
                        "--image-size",
                        "32",
                        "--epochs",
                        "1",
                        "--limit",
                        "0",
                        "--test-limit",
                        "0"));
        // the first process takes the lock before it reads its data, which takes it seconds to index and decode
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(run.resolve(RunFiles.LOCK)) && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(first.process.isAlive(), "still loading its data: " + Files.readString(first.log));
        Outcome second = run(pretrain(run, "--limit", "512", "--epochs", "3", "--max-steps", "2"));
        assertEquals(1, second.code(), second.err());
        assertTrue(second.err().contains("in use by another snclr process"), second.err());
        assertEquals(0, first.awaitExit(), Files.readString(first.log));
        assertTrue(Files.readString(run.resolve(RunFiles.CONFIG)).contains("photos"), "the first run's config");
        assertEquals(
                1, losses(run).firstKey() + losses(run).size() - losses(run).lastKey(), "steps logged once");
    }

    /** {@code neighbors} loads the run's checkpoint only when its manifest vouches for it. */
    @Test
    void neighborsRefusesADamagedCheckpoint(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, run(pretrain(run, "--epochs", "1")).code());
        Path checkpoint = run.resolve(RunFiles.CHECKPOINT);
        for (int i = 1; i <= 8; i++) flipBytes(checkpoint, Files.size(checkpoint) * i / 9, 64);
        Path shown = tmp.resolve("shown");
        Outcome o = run("neighbors", "--run", run.toString(), "--queries", "2", "--out", shown.toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("no intact checkpoint"), o.err());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(!Files.exists(shown.resolve("neighbors.html")), "nothing is drawn from damaged weights");
    }

    /** A run of SimCLR (no queue: the old estimate of the checkpoint's size, 2× its tensors, missed AdamW's state). */
    private static String[] simclr(Path out, String... more) {
        List<String> a = new ArrayList<>();
        String[] all = pretrain(out, "--method", "simclr", "--width", "0.5");
        for (int i = 0; i < all.length; i++) {
            if (List.of("--queue", "--neighbors", "--neighbor-warmup-epochs").contains(all[i])) i++;
            else a.add(all[i]);
        }
        a.addAll(Arrays.asList(more));
        return a.toArray(String[]::new);
    }

    /**
     * A checkpoint that does not fit, with more room than the old estimate asked for, is one line and no
     * native abort; the half-written file is removed.
     */
    @Test
    void aCheckpointThatDoesNotFitIsOneLineNotANativeAbort(@TempDir Path tmp) throws Exception {
        Path probe = tmp.resolve("probe");
        assertEquals(0, run(simclr(probe, "--epochs", "1")).code());
        long checkpoint = Files.size(probe.resolve(RunFiles.CHECKPOINT));
        Path small = mountTmpfs(tmp, checkpoint * 5 / 6);
        try {
            Path run = small.resolve("run");
            // in a JVM of its own: a native abort must not take the test's JVM with it
            Subprocess p = Subprocess.start(tmp.resolve("full.log"), simclr(run, "--epochs", "1"));
            assertOneLineDiskFull(p);
            assertTrue(temporaries(run).isEmpty(), "temporaries removed: " + temporaries(run));
        } finally {
            unmount(small);
        }
    }

    /** An encoder that does not fit names the cause. */
    @Test
    void anEncoderThatDoesNotFitNamesTheFullDisk(@TempDir Path tmp) throws Exception {
        Path probe = tmp.resolve("probe");
        assertEquals(0, run(simclr(probe, "--epochs", "0")).code());
        long encoder = Files.size(probe.resolve("encoder.pt"));
        Path small = mountTmpfs(tmp, encoder / 2);
        try {
            Subprocess p = Subprocess.start(tmp.resolve("full.log"), simclr(small.resolve("run"), "--epochs", "0"));
            assertOneLineDiskFull(p);
        } finally {
            unmount(small);
        }
    }

    /** A change of plan the checkpoint refuses is not recorded; the run resumes as it was. */
    @Test
    void aRefusedChangeOfPlanLeavesTheRunResumable(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, run(pretrain(run, "--epochs", "2", "--max-steps", "8")).code());
        String config = Files.readString(run.resolve(RunFiles.CONFIG));
        for (String[] change : new String[][] {{"--seed", "1"}, {"--width", "0.125"}}) {
            Outcome o = run("pretrain", "--resume", run.toString(), change[0], change[1], "--allow-change");
            assertEquals(2, o.code(), o.err());
            assertEquals(config, Files.readString(run.resolve(RunFiles.CONFIG)), "config.yaml untouched");
            assertFalse(Files.exists(run.resolve("config.before-change-1.yaml")));
        }
        assertEquals(0, run("pretrain", "--resume", run.toString()).code());
    }

    /** A new run refused for its settings leaves no config.yaml: the corrected command may use the same --out. */
    @Test
    void aNewRunThatCannotStartLeavesTheDirectoryFree(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Outcome refused = run(pretrain(run, "--epochs", "1", "--batch-size", "4096"));
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("--batch-size 4096 exceeds"), refused.err());
        assertFalse(Files.exists(run.resolve(RunFiles.CONFIG)), "nothing recorded for a run that never started");
        Outcome corrected = run(pretrain(run, "--epochs", "1"));
        assertEquals(0, corrected.code(), corrected.err());
    }

    /** The refusal of a changed plan names old and new values. */
    @Test
    void aChangedMethodIsNamedWithBothValues(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, run(pretrain(run, "--epochs", "2", "--max-steps", "4")).code());
        Outcome o = run("pretrain", "--resume", run.toString(), "--method", "mocov3");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("--method: \"snclr\" -> \"mocov3\""), o.err());
        assertFalse(o.err().contains("->  "), o.err());
        assertFalse(o.err().matches("(?s).*: -> .*|.* -> ,.*"), o.err());
    }

    /**
     * An allowed change of weight decay takes effect on resume (the optimiser's saved state carries its old
     * hyper-parameters, which must not win over the run's new settings).
     */
    @Test
    void aChangedWeightDecayTakesEffectOnResume(@TempDir Path tmp) throws Exception {
        Path first = tmp.resolve("first");
        assertEquals(
                0, run(pretrain(first, "--epochs", "2", "--max-steps", "8")).code());
        Path same = tmp.resolve("same");
        Path changed = tmp.resolve("changed");
        for (Path copy : List.of(same, changed)) {
            try (Stream<Path> files = Files.list(first)) {
                Files.createDirectories(copy);
                for (Path f : files.toList()) Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        assertEquals(0, run("pretrain", "--resume", same.toString()).code());
        assertEquals(
                0,
                run("pretrain", "--resume", changed.toString(), "--weight-decay", "400", "--allow-change")
                        .code());
        assertNotEquals(
                losses(same).lastEntry().getValue(), losses(changed).lastEntry().getValue());
    }

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

    /** Non-finite numbers are refused in one line, before anything is written. */
    @Test
    void infiniteValuesAreRefusedBeforeAnythingIsWritten(@TempDir Path tmp) throws Exception {
        for (String[] bad : new String[][] {
            {"--lr", "Infinity"},
            {"--weight-decay", "Infinity"},
            {"--momentum", "NaN"},
            {"--temperature", "Infinity"},
            {"--warmup-epochs", "Infinity"},
            {"--knn-temperature", "Infinity"},
            {"--max-bad-fraction", "NaN"}
        }) {
            Path run = tmp.resolve("run" + bad[0]);
            Outcome o = run(pretrain(run, "--epochs", "1", bad[0], bad[1]));
            assertEquals(2, o.code(), String.join(" ", bad) + ": " + o.err());
            assertTrue(o.err().contains(bad[0]), o.err());
            assertFalse(Files.exists(run), "no run directory for " + bad[0]);
        }
    }

    /**
     * A run whose representations collapse says so loudly (log, summary, report) and, with
     * --stop-on-collapse, ends with a non-zero exit keeping the last healthy checkpoint.
     */
    @Test
    void aCollapsedRunIsDetected(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, run(pretrain(run, "--epochs", "4", "--max-steps", "16")).code());
        long healthy = Json.read(run.resolve(RunFiles.CHECKPOINT_MANIFEST))
                .get("next_step")
                .asLong();
        // weight decay × learning rate = 1: AdamW zeroes every weight in one step; the loss stays finite
        Outcome o = run(
                "pretrain", "--resume", run.toString(), "--lr", "0.002", "--weight-decay", "4000", "--allow-change");
        assertEquals(0, o.code(), "without --stop-on-collapse the run finishes");
        assertTrue(
                Files.readString(run.resolve(RunFiles.SUMMARY)).contains("\"collapsed\""),
                Files.readString(run.resolve(RunFiles.SUMMARY)));
        assertTrue(Files.readString(run.resolve(RunFiles.REPORT_HTML)).contains("collapsed"));

        Path stopped = tmp.resolve("stopped");
        assertEquals(
                0, run(pretrain(stopped, "--epochs", "4", "--max-steps", "16")).code());
        Outcome s = run(
                "pretrain",
                "--resume",
                stopped.toString(),
                "--lr",
                "0.002",
                "--weight-decay",
                "4000",
                "--allow-change",
                "--stop-on-collapse",
                "true");
        assertEquals(3, s.code(), s.err());
        assertTrue(s.err().contains("collapsed"), s.err());
        assertEquals(
                healthy,
                Json.read(stopped.resolve(RunFiles.CHECKPOINT_MANIFEST))
                        .get("next_step")
                        .asLong(),
                "the last healthy checkpoint is kept");
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

    /** The process ended with one error line naming the full disk, and no native abort. */
    private static void assertOneLineDiskFull(Subprocess p) throws Exception {
        int code = p.awaitExit();
        String log = Files.readString(p.log);
        assertNotEquals(134, code, "no native abort: " + log);
        assertNotEquals(0, code, log);
        List<String> errors =
                log.lines().filter(l -> l.startsWith("snclr pretrain: error")).toList();
        assertEquals(1, errors.size(), log);
        assertTrue(errors.get(0).contains("no space left on device while writing"), log);
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

    private static Path mountTmpfs(Path tmp, long bytes) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", dir.toString())
                .redirectErrorStream(true)
                .start();
        Assumptions.assumeTrue(mount.waitFor() == 0, "a size-limited tmpfs needs root (CI is root)");
        return dir;
    }

    private static void unmount(Path dir) throws Exception {
        new ProcessBuilder("umount", dir.toString()).start().waitFor();
    }
}
