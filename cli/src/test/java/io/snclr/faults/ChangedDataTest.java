package io.snclr.faults;

import static io.snclr.faults.FaultKit.photoFolder;
import static io.snclr.faults.FaultKit.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.cli.Args;
import io.snclr.cli.CliCapture.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run resumed on training images that changed since it started (images deleted or added) is refused in one line:
 * its epochs and schedule would silently change. --allow-change accepts it and records the new images.
 */
class ChangedDataTest {
    private static String[] pretrain(Path images, Path out, String... more) {
        String[] trained = {
            "--batch-size", "8", "--epochs", "2", "--queue", "64", "--neighbors", "4", "--progress", "off"
        };
        return Args.untrainedOn(images, out, Args.concat(trained, more));
    }

    @Test
    void resumingOnChangedImagesIsRefusedUnlessAccepted(@TempDir Path tmp) throws Exception {
        Path images = photoFolder(tmp.resolve("images"), 32, 40, 32, "png");
        Path run = tmp.resolve("run");
        assertEquals(0, run(pretrain(images, run, "--max-steps", "2")).code());
        try (Stream<Path> files = Files.walk(images)) {
            List<Path> pngs =
                    files.filter(f -> f.toString().endsWith(".png")).sorted().toList();
            for (Path f : pngs.subList(0, 10)) Files.delete(f);
        }
        Outcome refused = run("pretrain", "--resume", run.toString());
        assertEquals(2, refused.code(), refused.err());
        assertTrue(
                refused.err().contains("training images changed")
                        && refused.err().contains("32")
                        && refused.err().contains("22")
                        && refused.err().contains("--allow-change"),
                refused.err());
        assertTrue(Files.isRegularFile(run.resolve("checkpoint.pt")), "the checkpoint is kept");

        Outcome accepted = run("pretrain", "--resume", run.toString(), "--allow-change");
        assertEquals(0, accepted.code(), accepted.err());
        assertTrue(Files.readString(run.resolve("data.json")).contains("22"));
    }
}
