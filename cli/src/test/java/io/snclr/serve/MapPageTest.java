package io.snclr.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.TorchTest;
import io.snclr.api.Embeddings;
import io.snclr.cli.CliCapture;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * snclr map's page in a browser, as a file and served at /map: every image is a point, the wheel zooms, the image
 * under the pointer is shown, and a click on the served map searches from it.
 */
class MapPageTest extends TorchTest {
    @Test
    void theMapZoomsShowsImagesAndSearchesFromAClick(@TempDir Path tmp) throws Exception {
        Path images = ServeFixtures.photosInFolders(tmp, 40, i -> i % 3 == 0 ? "round" : "square");
        Path run = ServeFixtures.untrainedRun(images, tmp.resolve("run"));
        Path emb = ServeFixtures.embed(run, images, tmp.resolve("emb"));
        String said = CliCapture.stdout("map", "--embeddings", emb.toString(), "--epochs", "100");
        assertTrue(said.contains("map of 40 images"), said);
        String standalone = Files.readString(emb.resolve("map.html"));

        try (HeadlessChromium browser = HeadlessChromium.start(Files.createDirectories(tmp.resolve("profile")))) {
            // the page as a file: points, colours by folder, the image under the pointer from its file
            browser.open(emb.resolve("map.html").toUri().toString());
            assertEquals(40, browser.eval("window.snclrMap.rows").asInt());
            assertEquals(
                    2,
                    browser.eval("document.querySelectorAll('#legend div').length")
                            .asInt());
            hover(browser, 7);
            browser.await(
                    "document.querySelector('#tip img')?.complete && "
                            + "document.querySelector('#tip img').naturalWidth > 0",
                    10);

            Embeddings embeddings = Embeddings.open(emb);
            try (ServeFixtures.Served served = ServeFixtures.serve(run, embeddings)) {
                URI base = served.base();
                browser.open(base.toString());
                browser.await("document.getElementById('maplink') !== null", 10);
                browser.open(base.resolve("map").toString());
                assertFalse(
                        browser.eval("document.documentElement.outerHTML.includes('" + tmp + "')")
                                .asBoolean(),
                        "the served map names no server path");
                double before = browser.eval("window.snclrMap.view.scale").asDouble();
                browser.eval("document.getElementById('map').dispatchEvent(new WheelEvent('wheel', "
                        + "{deltaY: -300, clientX: 200, clientY: 200, bubbles: true, cancelable: true}))");
                assertTrue(browser.eval("window.snclrMap.view.scale").asDouble() > 2 * before, "the wheel zooms in");
                browser.eval("window.snclrMap.view.scale = " + before + "; window.snclrMap.draw()");
                hover(browser, 11);
                // the point under the pointer: row 11's, or one drawn on top of it
                int shown = browser.eval("window.snclrMap.pointAt(...window.snclrMap.screenOf(11))")
                        .asInt();
                browser.await("document.querySelector('#tip img')?.src.endsWith('/items/" + shown + "')", 10);
                browser.eval("(() => { const [x, y] = window.snclrMap.screenOf(11); "
                        + "document.getElementById('map').dispatchEvent(new MouseEvent('click', "
                        + "{clientX: x, clientY: y, bubbles: true})); })()");
                browser.await("location.search === '?row=" + shown + "'", 10);
                browser.await("document.querySelectorAll('#results .score').length > 0", 30);
            }
        }
        assertTrue(standalone.contains("file:"), "the file page loads images from their files");
    }

    /** The pointer moved over row {@code row}'s point. */
    private static void hover(HeadlessChromium browser, int row) throws Exception {
        browser.eval("(() => { const [x, y] = window.snclrMap.screenOf(" + row + "); "
                + "document.getElementById('map').dispatchEvent(new MouseEvent('mousemove', "
                + "{clientX: x, clientY: y, bubbles: true})); })()");
    }
}
