package io.snclr.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.engine.Engine;
import io.snclr.engine.Rendezvous;
import io.snclr.rundir.RunFiles;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * torchrun and srun, without Python or SLURM: their variables set as they set them. Under torchrun the agent already
 * serves the store at MASTER_ADDR:MASTER_PORT (here the test serves it, as the agent would), so every rank must join
 * it as a client; under srun the ranks come from SLURM_PROCID / SLURM_STEP_NUM_TASKS and rank 0's host from the
 * step's node list.
 */
class LaunchersTest {
    @Test
    void torchrunsVariablesWithTheAgentsStore() {
        Map<String, String> env = Map.of(
                "RANK", "0",
                "WORLD_SIZE", "4",
                "LOCAL_RANK", "0",
                "MASTER_ADDR", "10.0.0.1",
                "MASTER_PORT", "29400",
                "TORCHELASTIC_USE_AGENT_STORE", "True",
                "TORCHELASTIC_RESTART_COUNT", "2",
                "TORCHELASTIC_RUN_ID", "job");
        DistEnv d = DistEnv.from(env).orElseThrow();
        assertEquals("torchrun", d.launcher());
        Rendezvous r = d.rendezvous();
        assertFalse(r.serveStore(), "the agent serves the store; rank 0 must not bind the port again");
        assertEquals("/worker/attempt_2", r.keyPrefix());
        Map<String, String> plain = new HashMap<>(env);
        plain.remove("TORCHELASTIC_USE_AGENT_STORE");
        assertTrue(DistEnv.from(plain).orElseThrow().rendezvous().serveStore(), "without an agent, rank 0 serves");
    }

    @Test
    void srunsVariables() {
        DistEnv d = DistEnv.from(Map.of(
                        "SLURM_PROCID", "5",
                        "SLURM_STEP_NUM_TASKS", "8",
                        "SLURM_NTASKS", "8",
                        "SLURM_LOCALID", "1",
                        "SLURM_STEP_NODELIST", "gpu[003-004,009],login"))
                .orElseThrow();
        assertEquals(5, d.rank());
        assertEquals(8, d.worldSize());
        assertEquals(1, d.localRank());
        assertEquals("gpu003", d.masterAddr());
        assertEquals(DistEnv.DEFAULT_PORT, d.masterPort());
        assertEquals("slurm", d.launcher());
        assertTrue(
                DistEnv.from(Map.of("SLURM_NTASKS", "8", "SLURM_PROCID", "0")).isEmpty(),
                "a batch script's own shell is one process, not rank 0 of 8");
        assertEquals("a", SlurmHosts.first("a,b"));
        assertEquals("n07-ib", SlurmHosts.first("n[07,09]-ib"));
        assertEquals("rack1-n01", SlurmHosts.first("rack[1-2]-n[01-04]"));
    }

    @Test
    void twoRanksUnderTorchrunJoinTheAgentsStoreAndTrain(@TempDir Path tmp) throws Exception {
        Engine.loadNatives();
        int port = freePort();
        TCPStoreOptions o = new TCPStoreOptions(); // what torchrun's agent serves before it starts the workers
        o.port((short) port);
        o.isServer(true);
        o.waitWorkers(false);
        o.timeout(new Milliseconds(Duration.ofSeconds(120).toMillis()));
        try (TCPStore agent = new TCPStore("127.0.0.1", o)) {
            Path run = tmp.resolve("run");
            List<Process> ranks = new ArrayList<>();
            for (int rank = 0; rank < 2; rank++) {
                ranks.add(start(
                        tmp.resolve("rank" + rank + ".log"),
                        Map.of(
                                "RANK", String.valueOf(rank),
                                "LOCAL_RANK", String.valueOf(rank),
                                "WORLD_SIZE", "2",
                                "MASTER_ADDR", "127.0.0.1",
                                "MASTER_PORT", String.valueOf(port),
                                "TORCHELASTIC_USE_AGENT_STORE", "True",
                                "TORCHELASTIC_RESTART_COUNT", "0",
                                "TORCHELASTIC_RUN_ID", "test"),
                        run));
            }
            for (int rank = 0; rank < 2; rank++) {
                assertTrue(ranks.get(rank).waitFor(240, TimeUnit.SECONDS), "rank " + rank + " did not end");
                assertEquals(
                        0,
                        ranks.get(rank).exitValue(),
                        "rank " + rank + ": " + Files.readString(tmp.resolve("rank" + rank + ".log")));
            }
            assertTrue(Files.isRegularFile(run.resolve(RunFiles.SUMMARY)));
        }
    }

    @Test
    void twoRanksUnderSrunTrain(@TempDir Path tmp) throws Exception {
        int port = freePort();
        Path run = tmp.resolve("run");
        List<Process> ranks = new ArrayList<>();
        for (int rank = 0; rank < 2; rank++) {
            ranks.add(start(
                    tmp.resolve("rank" + rank + ".log"),
                    Map.of(
                            "SLURM_PROCID",
                            String.valueOf(rank),
                            "SLURM_LOCALID",
                            String.valueOf(rank),
                            "SLURM_STEP_NUM_TASKS",
                            "2",
                            "SLURM_NTASKS",
                            "2",
                            "SLURM_STEP_NODELIST",
                            "localhost",
                            "MASTER_PORT",
                            String.valueOf(port)),
                    run));
        }
        for (int rank = 0; rank < 2; rank++) {
            assertTrue(ranks.get(rank).waitFor(240, TimeUnit.SECONDS), "rank " + rank + " did not end");
            assertEquals(
                    0,
                    ranks.get(rank).exitValue(),
                    "rank " + rank + ": " + Files.readString(tmp.resolve("rank" + rank + ".log")));
        }
        assertTrue(Files.isRegularFile(run.resolve(RunFiles.SUMMARY)));
    }

    /** A rank as its launcher starts it: the CLI in a JVM of its own with the launcher's variables. */
    private static Process start(Path log, Map<String, String> vars, Path run) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                "io.snclr.cli.Main",
                "pretrain",
                "--limit",
                "128",
                "--test-limit",
                "64",
                "--width",
                "0.0625",
                "--batch-size",
                "32",
                "--epochs",
                "1",
                "--threads",
                "1",
                "--progress",
                "off",
                "--out",
                run.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SLURM_") || k.equals("WORLD_SIZE") || k.equals("RANK"));
        pb.environment().putAll(vars);
        return pb.start();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** RANK=1 with WORLD_SIZE=1 is a launcher's mistake, not one process: refused instead of training alone. */
    @Test
    void aRankOutsideAWorldOfOneIsRefused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> DistEnv.from(Map.of("RANK", "1", "WORLD_SIZE", "1")));
        assertTrue(e.getMessage().contains("RANK") && e.getMessage().contains("WORLD_SIZE=1"), e.getMessage());
        assertTrue(DistEnv.from(Map.of("RANK", "0", "WORLD_SIZE", "1")).isEmpty(), "rank 0 of 1 is one process");
    }
}
