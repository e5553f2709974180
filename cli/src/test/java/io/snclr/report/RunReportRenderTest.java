package io.snclr.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.files.Json;
import io.snclr.method.NeighborPrecision;
import io.snclr.serve.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html opened in a real headless browser (Debian's chromium): the page and its charts must render. */
class RunReportRenderTest {
    @Test
    void reportRendersInAHeadlessBrowser(@TempDir Path run) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int step = 0; step < 60; step++) {
            lines.add(Json.line(Map.of(
                            "step",
                            step,
                            "epoch",
                            step / 20,
                            "loss",
                            9 - step * 0.05,
                            "lr",
                            1e-3,
                            "momentum",
                            0.99 + step * 1e-4,
                            "neighbor_precision",
                            0.3 + step * 0.005))
                    .replace("\n", ""));
            if (step % 20 == 19) {
                lines.add(Json.line(Map.of(
                                "epoch_end",
                                step / 20,
                                "knn_top1",
                                0.6 + step * 0.001,
                                "tp_sim",
                                0.9,
                                "fn_sim",
                                0.8,
                                "neg_sim",
                                0.7))
                        .replace("\n", ""));
            }
        }
        Files.write(run.resolve("metrics.jsonl"), lines);
        Json.write(run.resolve("summary.json"), Map.of("method", "snclr", "knn_top1", 0.66));
        Files.writeString(run.resolve("config.yaml"), "method: snclr\nepochs: 3\n");
        Path page = RunReport.write(run, List.of(NeighborPrecision.METRIC));

        String browser = HeadlessChromium.find();
        Path shot = run.resolve("screenshot.png");
        Process p = new ProcessBuilder(
                        browser,
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--hide-scrollbars",
                        "--screenshot=" + shot,
                        "--window-size=1600,1400",
                        page.toUri().toString())
                .redirectErrorStream(true)
                .redirectOutput(run.resolve("browser.log").toFile())
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish in 2 minutes");
        assertEquals(0, p.exitValue(), Files.readString(run.resolve("browser.log")));
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1600, img.getWidth());
        // the charts' first series colour (#1f77b4) is on screen only if the PNGs loaded and were drawn
        long curvePixels = 0, nonWhite = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                if (rgb != 0xffffff) nonWhite++;
                if (Math.abs(((rgb >> 16) & 0xff) - 0x1f) < 12
                        && Math.abs(((rgb >> 8) & 0xff) - 0x77) < 12
                        && Math.abs((rgb & 0xff) - 0xb4) < 12) curvePixels++;
            }
        }
        assertTrue(curvePixels > 300, "chart curves on the screenshot: " + curvePixels + " pixels");
        assertTrue(nonWhite > 20_000, "the page rendered text, tables and charts: " + nonWhite + " non-white pixels");
    }
}
