package io.snclr.faults;

import static io.snclr.faults.FaultKit.flipBytes;
import static io.snclr.faults.FaultKit.losses;
import static io.snclr.faults.FaultKit.pretrain;
import static io.snclr.faults.FaultKit.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.cli.CliCapture.Outcome;
import io.snclr.data.TestImages;
import io.snclr.rundir.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gaps a second probe of faults and bad input found (docs/reliability.md numbers them), one test each: every
 * file that carries weights is verified before use, bad input is one line, nothing already written is lost.
 */
class ProbeGapsTest {
    /**
     * Gap 1: the run directory is locked before anything is read or written there, so a second writer is refused
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
        Thread.sleep(1500); // the first process is indexing and decoding; it has written nothing yet
        Outcome second = run(pretrain(run, "--limit", "512", "--epochs", "3", "--max-steps", "2"));
        assertEquals(1, second.code(), second.err());
        assertTrue(second.err().contains("in use by another snclr process"), second.err());
        assertEquals(0, first.awaitExit(), Files.readString(first.log));
        assertTrue(Files.readString(run.resolve(RunFiles.CONFIG)).contains("photos"), "the first run's config");
        assertEquals(
                1, losses(run).firstKey() + losses(run).size() - losses(run).lastKey(), "steps logged once");
    }

    /** Gap 5: {@code neighbors} loads the run's checkpoint only when its manifest vouches for it. */
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
}
