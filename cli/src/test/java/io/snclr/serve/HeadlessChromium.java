package io.snclr.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's chromium, headless, driven over the DevTools protocol (a WebSocket, Java's own client): navigate, run
 * JavaScript, choose a file in a file input as a person would.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** The browser's executable: Debian's chromium, or another Chromium on the PATH. */
    public static String find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
                if (Files.isExecutable(Path.of(dir, name)))
                    return Path.of(dir, name).toString();
            }
        }
        throw new AssertionError(
                "no headless browser: install Debian's chromium (bin/ensure-packages --browser does, as root)");
    }

    public static HeadlessChromium start(Path profile) throws Exception {
        String browser = find();
        Process p = new ProcessBuilder(
                        browser,
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--remote-debugging-port=0",
                        "--user-data-dir=" + profile,
                        "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolveSibling("chromium.log").toFile())
                .start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).isEmpty()) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not open its DevTools port: "
                        + Files.readString(profile.resolveSibling("chromium.log")));
            }
            Thread.sleep(50);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = JSON.readTree(http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        String url = null;
        for (JsonNode t : targets)
            if (t.get("type").asText().equals("page"))
                url = t.get("webSocketDebuggerUrl").asText();
        if (url == null) throw new AssertionError("no page target: " + targets);
        HeadlessChromium[] self = new HeadlessChromium[1];
        StringBuilder message = new StringBuilder();
        WebSocket ws = http.newWebSocketBuilder()
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        message.append(data);
                        if (last) {
                            self[0].received(message.toString());
                            message.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                })
                .get(30, TimeUnit.SECONDS);
        self[0] = new HeadlessChromium(p, ws);
        return self[0];
    }

    private void received(String text) {
        try {
            JsonNode m = JSON.readTree(text);
            if (!m.has("id")) return; // an event
            CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
            if (f == null) return;
            if (m.has("error")) f.completeExceptionally(new AssertionError("DevTools: " + m.get("error")));
            else f.complete(m.get("result"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends one DevTools command and waits for its result. */
    JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        pending.put(id, result);
        ObjectNode m = JSON.createObjectNode();
        m.put("id", id);
        m.put("method", method);
        m.set("params", JSON.valueToTree(params));
        socket.sendText(JSON.writeValueAsString(m), true).get(30, TimeUnit.SECONDS);
        return result.get(60, TimeUnit.SECONDS);
    }

    /** The value of a JavaScript expression (awaited when it is a promise). */
    public JsonNode eval(String expression) throws Exception {
        JsonNode r =
                call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) throw new AssertionError("JavaScript failed: " + r.get("exceptionDetails"));
        return r.get("result").get("value");
    }

    /** Waits until {@code expression} is true, or fails after {@code seconds}. */
    public void await(String expression, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            JsonNode v = eval(expression);
            if (v != null && v.asBoolean()) return;
            Thread.sleep(100);
        }
        throw new AssertionError("not true within " + seconds + " s: " + expression);
    }

    public void open(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
        await("document.readyState === 'complete'", 30);
    }

    /** Chooses {@code file} in the file input matched by {@code selector}, which fires its change event. */
    void chooseFile(String selector, Path file) throws Exception {
        int root = call("DOM.getDocument", Map.of()).get("root").get("nodeId").asInt();
        int node = call("DOM.querySelector", Map.of("nodeId", root, "selector", selector))
                .get("nodeId")
                .asInt();
        call("DOM.setFileInputFiles", Map.of("nodeId", node, "files", new String[] {file.toString()}));
    }

    @Override
    public void close() throws Exception {
        socket.abort();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
