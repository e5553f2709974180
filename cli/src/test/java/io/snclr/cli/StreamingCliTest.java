package io.snclr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.data.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A streamed folder from the command line: pre-training to the report with its bad files accounted for, and the loader bench. */
class StreamingCliTest extends TorchTest {
    @Test
    void pretrainStreamsAFolderAndAccountsForItsBadFiles(@TempDir Path tmp) throws Exception {
        Path images = tmp.resolve("images");
        TestImages.write(images.resolve("odd"), TestImages.zoo());
        Map<String, byte[]> more = new LinkedHashMap<>();
        for (int i = 0; i < 25; i++)
            more.put(i + ".jpg", TestImages.encode(TestImages.photo(90 + 7 * i, 70, i), "jpg"));
        TestImages.write(images.resolve("even"), more);
        Path run = tmp.resolve("run");
        CliCapture.stdout(
                "pretrain",
                "--data",
                images.toString(),
                "--load",
                "stream",
                "--image-size",
                "16",
                "--width",
                "0.0625",
                "--batch-size",
                "8",
                "--epochs",
                "1",
                "--queue",
                "64",
                "--neighbors",
                "4",
                "--knn-every",
                "0",
                "--max-bad-fraction",
                "0.2",
                "--progress",
                "off",
                "--threads",
                "2",
                "--out",
                run.toString());
        String summary = Files.readString(run.resolve("summary.json"));
        assertTrue(summary.contains("\"images_skipped\" : 4") || summary.contains("\"images_skipped\":4"), summary);
        String skipped = Files.readString(run.resolve("skipped-images.txt"));
        for (String bad : new String[] {"bad-truncated.jpg", "bad-empty.jpg", "bad-text.png", "bad-bomb.png"}) {
            assertTrue(skipped.contains(bad), skipped);
        }
        assertEquals(4, skipped.lines().count());
        assertTrue(
                Files.readString(run.resolve("report.html")).contains("href=\"skipped-images.txt\""),
                "the report links the list");

        String bench = CliCapture.stdout(
                "bench",
                "--pipeline",
                "--data",
                images.toString(),
                "--load",
                "stream",
                "--image-size",
                "32",
                "--batch-size",
                "8",
                "--workers",
                "2",
                "--steps",
                "2",
                "--warmup-steps",
                "1",
                "--max-bad-fraction",
                "0.2");
        assertTrue(bench.contains("2 decode workers") && bench.matches("(?s).*loader +[0-9.]+ images/s.*"), bench);
    }
}
