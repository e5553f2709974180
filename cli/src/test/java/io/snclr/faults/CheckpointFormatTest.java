package io.snclr.faults;

import static io.snclr.faults.FaultKit.pretrain;
import static io.snclr.faults.FaultKit.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.cli.CliCapture.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every checkpoint manifest records the snclr version and the format it was written in, so a checkpoint of another
 * format is named with the version that reads it instead of being called damaged; a command writing into a path it
 * cannot create is one line, not an internal error.
 */
class CheckpointFormatTest {
    @Test
    void aCheckpointOfAnotherFormatNamesTheVersionThatWroteIt(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, run(pretrain(run, "--max-steps", "2")).code());
        Path manifest = run.resolve("checkpoint.json");
        String json = Files.readString(manifest);
        assertTrue(json.contains("\"snclr_version\""), json);
        Files.writeString(
                manifest,
                json.replaceAll("\"format\"\\s*:\\s*1", "\"format\" : 99")
                        .replaceAll("\"snclr_version\"\\s*:\\s*\"[^\"]*\"", "\"snclr_version\" : \"9.9.9\""));
        Outcome o = run("pretrain", "--resume", run.toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("format 99") && o.err().contains("snclr 9.9.9"), o.err());
    }

    @Test
    void anOutputPathThatCannotBeCreatedIsOneLine(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, run(pretrain(run, "--epochs", "0")).code());
        assertTrue(Files.readString(run.resolve("encoder.json")).contains("\"snclrVersion\""));
        assertTrue(Files.readString(run.resolve("summary.json")).contains("\"snclr_version\""));
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Outcome o = run(
                "embed",
                "--run",
                run.toString(),
                "--split",
                "test",
                "--out",
                file.resolve("sub").toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(!o.err().contains("internal error") && o.err().contains(file.toString()), o.err());
        // the reason in words, not a Java exception's name
        assertTrue(o.err().contains("Not a directory") && !o.err().contains("Exception"), o.err());
        Path emb = tmp.resolve("emb");
        assertEquals(
                0,
                run("embed", "--run", run.toString(), "--split", "test", "--out", emb.toString())
                        .code());
        Outcome dedup = run(
                "dedup",
                "--embeddings",
                emb.toString(),
                "--out",
                file.resolve("d").toString());
        assertEquals(2, dedup.code(), dedup.err());
        assertEquals(1, dedup.err().strip().lines().count(), dedup.err());
        assertTrue(dedup.err().contains("Not a directory") && !dedup.err().contains("Exception"), dedup.err());
    }
}
