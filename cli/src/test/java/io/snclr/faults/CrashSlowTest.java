package io.snclr.faults;

import static io.snclr.faults.FaultKit.pretrain;
import static io.snclr.faults.FaultKit.run;
import static io.snclr.faults.FaultKit.temporaries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.cli.CliCapture.Outcome;
import io.snclr.files.FileDigest;
import io.snclr.files.Json;
import io.snclr.rundir.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at 30 random moments of a small run's life (20 from its first step to its end: steps, checkpoint writes,
 * kNN evaluations, the final evaluation and report; 5 in the start-up; 5 in an export), each followed by what the user would do next: {@code pretrain --resume} (or,
 * when no checkpoint existed yet, a fresh start), then the export again. Every trial must end with an encoder.pt and
 * an export byte-identical to an uninterrupted run's. About 5 minutes, so in the slow group ({@code mvn -Pslow test}).
 */
@Tag("slow")
class CrashSlowTest {
    private static final int TRIALS = 30;
    private static final String[] RUN = {"--epochs", "6", "--knn-every", "2"};
    private static final long STEPS = 6 * 8;

    @Test
    void killMinus9AtRandomMomentsLosesNothing(@TempDir Path tmp) throws Exception {
        Path whole = tmp.resolve("whole");
        long t0 = System.nanoTime();
        Subprocess reference = Subprocess.start(tmp.resolve("whole.log"), pretrain(whole, RUN));
        reference.awaitLines(whole.resolve(RunFiles.METRICS), 1);
        long startMillis = (System.nanoTime() - t0) / 1_000_000; // JVM, engine and data are ready
        assertEquals(0, reference.awaitExit(), Files.readString(reference.log));
        long trainMillis = (System.nanoTime() - t0) / 1_000_000;
        Path exported = tmp.resolve("whole.pth");
        t0 = System.nanoTime();
        Subprocess export = Subprocess.start(tmp.resolve("export.log"), export(whole, exported));
        assertEquals(0, export.awaitExit(), Files.readString(export.log));
        long exportMillis = (System.nanoTime() - t0) / 1_000_000;
        String encoder = FileDigest.sha256(whole.resolve("encoder.pt"));
        String weights = FileDigest.sha256(exported);

        Random random = new Random(20261202); // seeded: a failing trial can be replayed
        Map<String, Integer> landed = new TreeMap<>();
        for (int trial = 0; trial < TRIALS; trial++) {
            // two thirds of the moments in training (steps, checkpoints, evaluation, report), a sixth each in the
            // start-up and in the export
            double u = random.nextDouble();
            long at = trial % 6 == 0
                    ? (long) (u * startMillis)
                    : trial % 6 == 1
                            ? trainMillis + (long) (u * exportMillis)
                            : startMillis + (long) (u * (trainMillis - startMillis));
            Path run = tmp.resolve("trial-" + trial);
            Path file = tmp.resolve("trial-" + trial + ".pth");
            String where;
            if (at < trainMillis) {
                where = killAfter(at, Subprocess.start(tmp.resolve("trial-" + trial + ".log"), pretrain(run, RUN)))
                        ? "pretrain: " + phase(run)
                        : "pretrain: after it ended";
                finish(run);
            } else {
                assertEquals(0, run(pretrain(run, RUN)).code());
                where = killAfter(
                                at - trainMillis,
                                Subprocess.start(tmp.resolve("trial-" + trial + "-export.log"), export(run, file)))
                        ? "export"
                        : "export: after it ended";
            }
            if (!Files.exists(file)) {
                Outcome again = run(export(run, file));
                assertEquals(0, again.code(), again.err());
            }
            landed.merge(where, 1, Integer::sum);
            System.out.printf("trial %d: kill at %d ms (%s)%n", trial, at, where);
            assertEquals(encoder, FileDigest.sha256(run.resolve("encoder.pt")), "trial " + trial + ": " + where);
            assertEquals(weights, FileDigest.sha256(file), "trial " + trial + ": " + where);
            assertTrue(temporaries(run).isEmpty(), "trial " + trial + ": " + temporaries(run));
        }
        System.out.println("kill -9 landed: " + landed);
    }

    private static String[] export(Path run, Path file) {
        return new String[] {"export", "--run", run.toString(), "--format", "torchvision", "--out", file.toString()};
    }

    /** @return whether the kill landed while the process was still running */
    private static boolean killAfter(long millis, Subprocess p) throws Exception {
        Thread.sleep(millis);
        boolean alive = p.process.isAlive();
        p.signal("KILL");
        int code = p.awaitExit();
        return alive && code == 137;
    }

    /** Where a killed run had got to, from what it left. */
    private static String phase(Path run) {
        Path manifest = run.resolve(RunFiles.CHECKPOINT_MANIFEST);
        if (!Files.exists(manifest)) return "before the first checkpoint";
        if (Json.read(manifest).get("next_step").asLong() < STEPS) return "training";
        if (!Files.exists(run.resolve(RunFiles.SUMMARY))) return "final evaluation";
        return "writing the report";
    }

    /** What the user does after the kill: resume, or start again where nothing was checkpointed. */
    private static void finish(Path run) throws Exception {
        if (Files.exists(run.resolve(RunFiles.SUMMARY)) && Files.exists(run.resolve(RunFiles.REPORT_HTML))) return;
        if (Files.exists(run.resolve(RunFiles.CHECKPOINT_MANIFEST))) {
            Outcome resumed = run("pretrain", "--resume", run.toString());
            assertEquals(0, resumed.code(), resumed.err());
            return;
        }
        if (Files.exists(run)) {
            Outcome refused = run("pretrain", "--resume", run.toString());
            assertEquals(2, refused.code(), "no checkpoint: --resume refuses in one line; " + refused.err());
            try (var files = Files.walk(run)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
        assertEquals(0, run(pretrain(run, RUN)).code());
    }
}
