package io.snclr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.faults.Subprocess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user sees first, in a fresh JVM each: help, version and a one-step run print no warning they cannot act on. */
class FirstScreenTest {
    @Test
    void helpVersionAndAShortRunAreFreeOfWarnings(@TempDir Path tmp) throws Exception {
        List<String[]> commands = List.of(
                new String[] {"--help"}, new String[] {"finetune", "--help"}, new String[] {"--version"}, new String[] {
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
                    tmp.resolve("run").toString()
                });
        for (String[] args : commands) {
            Path log = tmp.resolve("out-" + args[0] + args.length + ".log");
            Subprocess p = Subprocess.start(log, args);
            assertEquals(0, p.awaitExit(), Files.readString(log));
            for (String line : Files.readAllLines(log)) {
                assertTrue(
                        !line.contains("Warning") && !line.contains("WARN") && !line.contains("do not match"),
                        String.join(" ", args) + " printed: " + line);
            }
            if (args[0].equals("--version")) {
                String v = Files.readString(log);
                assertTrue(v.startsWith("snclr ") && v.contains("libtorch") && v.contains("CUDA"), v);
            }
        }
    }
}
