package io.snclr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user gets it: target/snclr-&lt;version&gt;.tar.gz unpacked elsewhere, run with nothing but a Java
 * runtime on PATH (no Maven, no repository): --version, and a one-step pre-training run.
 */
class DistributionIT {
    @Test
    void theUnpackedDistributionRunsWithAJavaRuntimeOnly(@TempDir Path tmp) throws Exception {
        Path archive = Path.of(System.getProperty("snclr.dist", "target/missing.tar.gz"));
        assertTrue(Files.isRegularFile(archive), archive + " (mvn package builds it)");
        assertEquals(
                0,
                run(tmp, List.of("tar", "xzf", archive.toString(), "-C", tmp.toString()), Map.of())
                        .code());
        Path home;
        try (Stream<Path> s = Files.list(tmp)) {
            home = s.filter(p -> p.getFileName().toString().startsWith("snclr-"))
                    .findFirst()
                    .orElseThrow();
        }
        for (String f : new String[] {"bin/snclr", "LICENSE", "THIRD-PARTY.md", "README.md", "configs"}) {
            assertTrue(Files.exists(home.resolve(f)), f);
        }
        String notices = Files.readString(home.resolve("THIRD-PARTY.md"));
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            for (Path jar : jars.toList()) {
                String name = jar.getFileName().toString();
                String artifact = name.replaceAll("-\\d.*$", "");
                if (artifact.equals("snclr") || artifact.startsWith("snclr-")) continue; // our own modules
                assertTrue(notices.contains(artifact), name + " is not listed in THIRD-PARTY.md");
            }
        }
        // a clean environment: only the JRE's bin and the system's tools on PATH (HOME kept: the natives' cache)
        Map<String, String> env = Map.of(
                "PATH",
                Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin",
                "HOME",
                System.getProperty("user.home"));
        Result version = run(tmp, List.of(home.resolve("bin/snclr").toString(), "--version"), env);
        assertEquals(0, version.code(), version.output());
        assertTrue(version.output().startsWith("snclr "), version.output());
        Map<String, String> badBlas = new HashMap<>(env);
        badBlas.put("SNCLR_BLAS", "mkl");
        Result refused = run(tmp, List.of(home.resolve("bin/snclr").toString(), "--version"), badBlas);
        assertEquals(2, refused.code(), refused.output());
        assertEquals(
                "snclr: SNCLR_BLAS=mkl: expected bundled or system",
                refused.output().strip());
        Result pretrain = run(
                tmp,
                List.of(
                        home.resolve("bin/snclr").toString(),
                        "pretrain",
                        "--limit",
                        "64",
                        "--test-limit",
                        "64",
                        "--width",
                        "0.0625",
                        "--batch-size",
                        "32",
                        "--epochs",
                        "1",
                        "--max-steps",
                        "1",
                        "--progress",
                        "off",
                        "--out",
                        tmp.resolve("run").toString()),
                env);
        assertEquals(0, pretrain.code(), pretrain.output());
        assertTrue(Files.isRegularFile(tmp.resolve("run").resolve("checkpoint.pt")), pretrain.output());

        // moved under a folder with a non-ASCII name, run with no locale and nothing but java on PATH
        Path moved = Files.createDirectories(tmp.resolve("Bilder-été"));
        Files.move(home, moved.resolve(home.getFileName()));
        Map<String, String> bare = Map.of(
                "PATH", Path.of(System.getProperty("java.home"), "bin").toString(),
                "HOME", System.getProperty("user.home"));
        Result there = run(
                tmp,
                List.of(
                        "/bin/bash",
                        moved.resolve(home.getFileName()).resolve("bin/snclr").toString(),
                        "--version"),
                bare);
        assertEquals(0, there.code(), there.output());
        assertTrue(there.output().startsWith("snclr "), there.output());
    }

    private record Result(int code, String output) {}

    private static Result run(Path dir, List<String> cmd, Map<String, String> env) throws Exception {
        Path log = Files.createTempFile(dir, "run", ".log");
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        if (!env.isEmpty()) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "did not end: " + cmd);
        return new Result(p.exitValue(), Files.readString(log));
    }
}
