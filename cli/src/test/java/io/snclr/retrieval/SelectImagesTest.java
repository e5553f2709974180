package io.snclr.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.cli.Args;
import io.snclr.cli.CliCapture;
import io.snclr.data.TestImages;
import io.snclr.serve.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** snclr select on a folder: a CSV and a page of the chosen images, away from those already labelled. */
class SelectImagesTest extends TorchTest {
    @Test
    void choosesImagesNotYetLabelledAndShowsThem(@TempDir Path tmp) throws Exception {
        Path images = tmp.resolve("images");
        for (int i = 0; i < 24; i++) {
            Path f = images.resolve(i % 2 == 0 ? "a" : "b").resolve(i + ".png");
            Files.createDirectories(f.getParent());
            Files.write(f, TestImages.encode(TestImages.photo(40, 32, i), "png"));
        }
        Path run = tmp.resolve("run"), emb = tmp.resolve("emb");
        cli(Args.untrainedOn(images, run));
        cli("embed", "--run", run.toString(), "--images", images.toString(), "--out", emb.toString());

        String said = CliCapture.stdout("select", "--embeddings", emb.toString(), "--count", "5");
        assertTrue(said.contains("5 images chosen"), said);
        List<String> first = Files.readAllLines(emb.resolve("selection.csv"));
        assertEquals("rank,row,path,label,score", first.get(0));
        assertEquals(6, first.size(), String.join("\n", first));
        try (HeadlessChromium browser = HeadlessChromium.start(Files.createDirectories(tmp.resolve("profile")))) {
            browser.open(emb.resolve("selection.html").toUri().toString());
            browser.await("[...document.images].every(i => i.complete && i.naturalWidth > 0)", 10);
            assertEquals(5, browser.eval("document.images.length").asInt());
        }

        // the first selection as the labelled images: the next one chooses others
        Path labelled = Files.copy(emb.resolve("selection.csv"), tmp.resolve("labelled.csv"));
        Path next = tmp.resolve("next");
        CliCapture.stdout(
                "select",
                "--embeddings",
                emb.toString(),
                "--count",
                "4",
                "--labelled",
                labelled.toString(),
                "--out",
                next.toString());
        Set<String> before = paths(first), after = paths(Files.readAllLines(next.resolve("selection.csv")));
        assertEquals(4, after.size());
        assertTrue(after.stream().noneMatch(before::contains), before + " / " + after);

        // the other strategies
        for (String strategy : new String[] {"kcenter", "random"}) {
            Path other = tmp.resolve(strategy);
            CliCapture.stdout(
                    "select",
                    "--embeddings",
                    emb.toString(),
                    "--count",
                    "7",
                    "--strategy",
                    strategy,
                    "--seed",
                    "3",
                    "--out",
                    other.toString());
            assertEquals(8, Files.readAllLines(other.resolve("selection.csv")).size(), strategy);
        }

        Files.writeString(tmp.resolve("unknown.txt"), "/nowhere/x.png\n");
        CliCapture.Outcome o = CliCapture.run(
                "select",
                "--embeddings",
                emb.toString(),
                "--count",
                "2",
                "--labelled",
                tmp.resolve("unknown.txt") + "");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("/nowhere/x.png is not in the embeddings"), o.err());
    }

    private static Set<String> paths(List<String> csv) {
        return csv.stream().skip(1).map(l -> l.split(",")[2]).collect(Collectors.toSet());
    }

    private static void cli(String... args) {
        assertEquals(0, CliCapture.run(args).code(), String.join(" ", args));
    }
}
