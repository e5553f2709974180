package io.snclr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.cli.CliCapture.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong flags, values, files and configs: exit code 2 and one line on stderr, nothing overwritten. */
class CliErrorsTest {
    private static Outcome run(String... args) {
        return CliCapture.run(args);
    }

    private static void assertOneLine(Outcome o, String mustContain) {
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().contains(mustContain), o.err());
    }

    @Test
    void unknownFlagAndBadNumber() {
        assertOneLine(run("pretrain", "--batch-sise", "3"), "--batch-sise");
        assertOneLine(run("pretrain", "--epoch", "3"), "did you mean --epochs?");
        assertOneLine(run("pretrain", "--epochs", "many"), "--epochs");
    }

    @Test
    void badValuesAreNamed(@TempDir Path tmp) {
        assertOneLine(run("pretrain", "--out", tmp.resolve("a").toString(), "--encoder", "vgg"), "--encoder");
        assertOneLine(
                run("pretrain", "--out", tmp.resolve("b").toString(), "--data-dir", tmp.toString()),
                "train-images-idx3-ubyte.gz");
        assertOneLine(run("knn", "--run", tmp.toString()), "encoder.json");
    }

    @Test
    void configFileTyposAndMissingFiles(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("c.yaml");
        Files.writeString(cfg, "epochs: 2\nbatchsize: 64\n");
        assertOneLine(
                run(
                        "pretrain",
                        "--config",
                        cfg.toString(),
                        "--out",
                        tmp.resolve("r").toString()),
                "batchsize");
        assertOneLine(run("pretrain", "--config", tmp.resolve("none.yaml").toString()), "none.yaml");
        Files.writeString(cfg, "epochs: [2\n");
        assertOneLine(run("pretrain", "--config", cfg.toString()), "c.yaml");
    }

    @Test
    void anExistingRunIsNeverOverwritten(@TempDir Path tmp) throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("checkpoint.pt"), "precious");
        assertOneLine(run("pretrain", "--out", run.toString()), "--resume");
        assertEquals("precious", Files.readString(run.resolve("checkpoint.pt")));
        assertOneLine(run("pretrain", "--resume", tmp.resolve("nothing").toString()), "config.yaml");
    }

    @Test
    void helpExitsZero() {
        assertEquals(0, run("pretrain", "--help").code());
    }
}
