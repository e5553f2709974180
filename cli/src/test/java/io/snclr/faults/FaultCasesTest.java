package io.snclr.faults;

import static io.snclr.faults.FaultKit.flipBytes;
import static io.snclr.faults.FaultKit.losses;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
