package io.snclr.faults;

import static io.snclr.faults.FaultKit.JSON;
import static io.snclr.faults.FaultKit.assertSameLosses;
import static io.snclr.faults.FaultKit.flipBytes;
import static io.snclr.faults.FaultKit.losses;
import static io.snclr.faults.FaultKit.pretrain;
import static io.snclr.faults.FaultKit.run;
import static io.snclr.faults.FaultKit.temporaries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.snclr.cli.CliCapture.Outcome;
import io.snclr.rundir.RunFiles;
import io.snclr.rundir.RunLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults a user meets, on tiny real runs (256 Fashion-MNIST images, 8 steps an epoch): kill -9, SIGINT/SIGTERM, a
 * second writer, damaged checkpoints and encoders, a full disk, a changed plan on resume. docs/reliability.md lists
 * the results.
 */
class FaultsTest {

    @Test
    void killMinus9ThenResumeEqualsAnUninterruptedRunAndASecondWriterIsRefused(@TempDir Path tmp) throws Exception {
        Path whole = tmp.resolve("whole");
        assertEquals(0, run(pretrain(whole, "--epochs", "3")).code());
        TreeMap<Long, Double> reference = losses(whole);

        // before the first checkpoint, then two random points after it (seeded, so a failure can be replayed)
        Random random = new Random(20261125);
        long[] killAfterRows = {5, 11, 10 + random.nextInt(16)};
        System.out.println("kill -9 after metrics rows " + Arrays.toString(killAfterRows));
        for (long rows : killAfterRows) {
            Path run = tmp.resolve("killed-" + rows);
            Subprocess p = Subprocess.start(tmp.resolve("killed-" + rows + ".log"), pretrain(run, "--epochs", "3"));
            p.awaitLines(run.resolve(RunFiles.METRICS), (int) rows);
            if (rows == 11) {
                Outcome second = run("pretrain", "--resume", run.toString());
                assertEquals(1, second.code(), second.err());
                assertTrue(
                        second.err().contains("in use by another snclr process (PID " + p.process.pid() + ")"),
                        second.err());
            }
            p.signal("KILL");
            assertEquals(137, p.awaitExit());
            if (rows < 8) {
                // nothing was checkpointed yet: the run is not resumable, and says so in one line
                Outcome o = run("pretrain", "--resume", run.toString());
                assertEquals(2, o.code(), o.err());
                continue;
            }
            assertEquals(0, run("pretrain", "--resume", run.toString()).code());
            assertSameLosses(reference, losses(run));
            assertTrue(temporaries(run).isEmpty(), "no temporary files are left: " + temporaries(run));
        }
    }

    /**
     * A kill while a checkpoint is being written (its temporary file exists; a 64k-row queue makes it ~10 MB): the
     * previous checkpoint or the new one, whichever a manifest vouches for, resumes to the same losses.
     */
    @Test
    void killMinus9DuringACheckpointWrite(@TempDir Path tmp) throws Exception {
        String[] big = {"--epochs", "4", "--queue", "65536"};
        Path whole = tmp.resolve("whole");
        assertEquals(0, run(pretrain(whole, big)).code());
        Path run = tmp.resolve("killed");
        Subprocess p = Subprocess.start(tmp.resolve("killed.log"), pretrain(run, big));
        p.awaitLines(
                run.resolve(RunFiles.METRICS), 9); // the first epoch is done: its checkpoint exists or is being written
        long deadline = System.nanoTime() + 60_000_000_000L;
        boolean caught = false;
        while (!caught && p.process.isAlive() && System.nanoTime() < deadline) {
            caught = !temporaries(run).isEmpty() && Files.exists(run.resolve(RunFiles.CHECKPOINT_MANIFEST));
            if (!caught) Thread.sleep(1);
        }
        p.signal("KILL");
        p.awaitExit();
        System.out.println("killed during a checkpoint write: " + caught + ", temporaries " + temporaries(run));
        assertTrue(caught, "the kill landed while a checkpoint was being written");
        assertEquals(0, run("pretrain", "--resume", run.toString()).code());
        assertSameLosses(losses(whole), losses(run));
        assertTrue(temporaries(run).isEmpty());
    }

    @Test
    void sigintAndSigtermCheckpointTheStepInProgress(@TempDir Path tmp) throws Exception {
        Path whole = tmp.resolve("whole");
        assertEquals(0, run(pretrain(whole, "--epochs", "2")).code());
        for (String signal : new String[] {"INT", "TERM"}) {
            Path run = tmp.resolve(signal);
            Subprocess p = Subprocess.start(tmp.resolve(signal + ".log"), pretrain(run, "--epochs", "2"));
            p.awaitLines(run.resolve(RunFiles.METRICS), 3);
            p.signal(signal);
            assertEquals(signal.equals("INT") ? 130 : 143, p.awaitExit(), Files.readString(p.log));
            assertTrue(
                    Files.readString(p.log).contains("continue with: snclr pretrain --resume"),
                    Files.readString(p.log));
            JsonNode manifest =
                    JSON.readTree(run.resolve(RunFiles.CHECKPOINT_MANIFEST).toFile());
            long saved = manifest.get("next_step").asLong();
            assertEquals(losses(run).lastKey() + 1, saved, "the checkpoint is at the last logged step");
            assertEquals(0, run("pretrain", "--resume", run.toString()).code());
            assertSameLosses(losses(whole), losses(run));
        }
    }

    @Test
    void damagedCheckpointFallsBackToThePreviousOneAndDamagedEncoderIsRefused(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, run(pretrain(run, "--epochs", "3", "--max-steps", "8")).code());
        assertEquals(
                0,
                run("pretrain", "--resume", run.toString(), "--max-steps", "16").code());
        assertTrue(Files.isRegularFile(run.resolve(RunFiles.CHECKPOINT_PREV)));
        Path checkpoint = run.resolve(RunFiles.CHECKPOINT);
        flipBytes(checkpoint, Files.size(checkpoint) / 2, 64);
        assertEquals(0, run("pretrain", "--resume", run.toString()).code(), "resumed from checkpoint.prev.pt");
        Path whole = tmp.resolve("whole");
        assertEquals(0, run(pretrain(whole, "--epochs", "3")).code());
        assertSameLosses(losses(whole), losses(run));

        Path encoder = run.resolve("encoder.pt");
        flipBytes(encoder, Files.size(encoder) / 2, 64);
        Outcome knn = run("knn", "--run", run.toString());
        assertEquals(2, knn.code(), knn.err());
        assertTrue(knn.err().contains("encoder.pt: damaged"), knn.err());

        for (String f : new String[] {RunFiles.CHECKPOINT, RunFiles.CHECKPOINT_PREV}) {
            flipBytes(run.resolve(f), 100, 16);
        }
        Outcome none = run("pretrain", "--resume", run.toString());
        assertEquals(2, none.code(), none.err());
        assertTrue(none.err().contains("no intact checkpoint"), none.err());
        assertEquals(1, none.err().lines().count(), none.err());
    }

    @Test
    void aChangedPlanOnResumeIsRefusedUnlessAllowedAndThenRecorded(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, run(pretrain(run, "--epochs", "2", "--max-steps", "4")).code());
        Outcome o = run("pretrain", "--resume", run.toString(), "--batch-size", "16");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("--batch-size: 32 -> 16") && o.err().contains("--allow-change"), o.err());
        assertEquals(
                0,
                run("pretrain", "--resume", run.toString(), "--max-steps", "6", "--threads", "2")
                        .code(),
                "threads and max-steps do not change the plan");
        assertEquals(
                0,
                run("pretrain", "--resume", run.toString(), "--epochs", "3", "--allow-change")
                        .code());
        assertTrue(Files.readString(run.resolve("config.before-change-1.yaml")).contains("epochs: 2"));
        assertTrue(Files.readString(run.resolve(RunFiles.CONFIG)).contains("epochs: 3"));
    }

    @Test
    void aFullDiskIsOneLineAndLeavesTheLastCheckpointIntact(@TempDir Path tmp) throws Exception {
        Path probe = tmp.resolve("probe");
        assertEquals(0, run(pretrain(probe, "--epochs", "1")).code());
        long checkpoint = Files.size(probe.resolve(RunFiles.CHECKPOINT));
        Path small = Files.createDirectories(tmp.resolve("small"));
        long size = 2 * checkpoint + 300_000; // room for the first checkpoints, not for all of them
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", small.toString())
                .redirectErrorStream(true)
                .start();
        Assumptions.assumeTrue(mount.waitFor() == 0, "a size-limited tmpfs needs root (CI is root)");
        try {
            Path run = small.resolve("run");
            Outcome o = run(pretrain(run, "--epochs", "6"));
            assertNotEquals(0, o.code());
            assertNotEquals(134, o.code(), "no native abort");
            assertEquals(1, o.err().lines().count(), o.err());
            assertTrue(o.err().contains("no space left on device while writing"), o.err());
            System.out.println("full disk: exit " + o.code() + ", " + o.err());
            assertTrue(temporaries(run).isEmpty(), "temporaries removed: " + temporaries(run));
            Files.writeString(tmp.resolve("unused"), ""); // the outer disk is fine
            // the newest complete checkpoint is intact: copy the run out and resume it there
            Path copy = tmp.resolve("copy");
            Files.createDirectories(copy);
            try (Stream<Path> s = Files.list(run)) {
                for (Path f : s.toList()) Files.copy(f, copy.resolve(f.getFileName()));
            }
            assertEquals(0, run("pretrain", "--resume", copy.toString()).code());
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor();
        }
    }

    @Test
    void staleTemporariesAreRemovedByTheNextWriter(@TempDir Path tmp) throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Path stale = Files.writeString(run.resolve(".checkpoint.pt123.tmp"), "half a checkpoint");
        try (RunLock lock = RunLock.acquire(run)) {
            assertFalse(Files.exists(stale));
            assertEquals(String.valueOf(ProcessHandle.current().pid()), Files.readString(run.resolve(RunFiles.LOCK)));
        }
    }
}
