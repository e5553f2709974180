package io.snclr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's path: pretrain (stopped early), resume to the end, then kNN on the saved encoder. */
class PretrainCliTest {
    private static final String[] TINY = {
        "--limit",
        "256",
        "--test-limit",
        "200",
        "--epochs",
        "2",
        "--batch-size",
        "32",
        "--width",
        "0.0625",
        "--queue",
        "256",
        "--neighbors",
        "5",
        "--proj-hidden",
        "64",
        "--pred-hidden",
        "64",
        "--dim",
        "32",
        "--knn-k",
        "20",
        "--knn-every",
        "1",
        "--progress",
        "off"
    };

    private static String stdout(String... args) {
        return CliCapture.stdout(args);
    }

    @Test
    void pretrainStopResumeAndKnn(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        stdout(Args.concat(Args.concat(new String[] {"pretrain"}, TINY), "--out", run.toString(), "--max-steps", "5"));
        assertTrue(Files.isRegularFile(run.resolve("checkpoint.pt")));
        assertTrue(Files.isRegularFile(run.resolve("config.yaml")));
        assertFalse(Files.exists(run.resolve("encoder.pt")), "an unfinished run has no final encoder");
        assertEquals(5, Files.readAllLines(run.resolve("metrics.jsonl")).size());

        String out = stdout("pretrain", "--resume", run.toString());
        assertTrue(out.contains("top-1"), out);
        assertEquals(
                16,
                Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                        .filter(l -> l.contains("\"loss\""))
                        .count());
        assertEquals(
                2,
                Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                        .filter(l -> l.contains("knn_top1"))
                        .count(),
                "the kNN monitor ran after each epoch");
        JsonNode summary =
                new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        double top1 = summary.get("knn_top1").asDouble();
        // plumbing, not learning (EndToEndTest checks that): 16 steps of a width-1/16 net, twice chance is enough
        assertTrue(top1 > 0.2, "kNN top-1 " + top1 + " on 200 test images (chance 0.1)");
        assertTrue(Files.isRegularFile(run.resolve("report.md")));
        String page = Files.readString(run.resolve("report.html"));
        for (String png : new String[] {"loss.png", "lr.png", "knn.png", "similarity.png", "neighbors.png"}) {
            assertTrue(page.contains("src=\"" + png + "\""), png + " in report.html");
            assertTrue(Files.size(run.resolve(png)) > 2_000, png);
        }

        // resuming a finished run changes nothing: its summary keeps its loss and its training time
        byte[] finished = Files.readAllBytes(run.resolve("summary.json"));
        String again = stdout("pretrain", "--resume", run.toString());
        assertTrue(again.contains("already finished"), again);
        assertEquals(new String(finished), Files.readString(run.resolve("summary.json")));

        Path shown = tmp.resolve("shown");
        String nb = stdout(
                "neighbors", "--run", run.toString(), "--indices", "3,17", "--show", "4", "--out", shown.toString());
        assertTrue(nb.contains("neighbors.png"), nb);
        String html = Files.readString(shown.resolve("neighbors.html"));
        assertEquals(2, html.split("<th colspan").length - 1, "one table per query");
        assertEquals(2 * 4, html.split("<td>#").length - 1, "four neighbours each, ranked by positiveness");

        String knn = stdout("knn", "--run", run.toString(), "--limit", "256", "--test-limit", "200", "--knn-k", "20");
        assertTrue(knn.contains(String.format("top-1 %.2f%%", 100 * top1)), knn + " vs " + top1);
        // the final evaluation and the knn command's both go to TensorBoard beside the training curves
        long withKnn = 0;
        try (var files = Files.list(run.resolve("tensorboard"))) {
            for (Path f : files.toList()) {
                if (new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)
                        .contains("eval/knn_top1")) withKnn++;
            }
        }
        assertEquals(2, withKnn, "event files with eval/knn_top1");
    }

    @Test
    void zeroEpochsEvaluatesTheUntrainedNetwork(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("untrained");
        String out = stdout(
                "pretrain",
                "--epochs",
                "0",
                "--limit",
                "256",
                "--test-limit",
                "200",
                "--width",
                "0.0625",
                "--knn-k",
                "20",
                "--out",
                run.toString());
        assertTrue(out.contains("top-1"), out);
        JsonNode summary =
                new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        assertEquals(0, summary.get("steps").asInt());
        assertTrue(Files.isRegularFile(run.resolve("encoder.pt")));
    }
}
