package io.snclr.serve;

import io.snclr.api.Embeddings;
import io.snclr.files.Json;
import io.snclr.retrieval.CollectionMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The map of a collection as one self-contained page (a canvas: pan, zoom, a thumbnail under the pointer, colours by
 * folder): written beside the embeddings by {@code snclr map}, and served by {@code snclr serve} at {@code /map},
 * where a click searches from the image.
 */
public final class MapPage {
    private static final String TEMPLATE = "map.html";
    private static final String SLOT = "/*DATA*/null";

    private MapPage() {}

    /**
     * @param name each row's file as the page names it
     * @param image each row's image as the page loads it (a file URI); null for the service, whose page loads
     *     {@code /items/N} and searches on a click
     */
    public static String render(
            Embeddings embeddings, CollectionMap map, IntFunction<String> name, IntFunction<String> image) {
        int n = map.rows();
        Map<String, Integer> labelIndex = new LinkedHashMap<>();
        int[] label = new int[n];
        List<String> names = new ArrayList<>(n), images = new ArrayList<>();
        float[] x = new float[n], y = new float[n];
        for (int r = 0; r < n; r++) {
            String l = embeddings.item(r).label();
            label[r] = l == null || l.isEmpty() ? -1 : labelIndex.computeIfAbsent(l, k -> labelIndex.size());
            names.add(name.apply(r));
            if (image != null) images.add(image.apply(r));
            x[r] = Math.round(map.x()[r] * 1000) / 1000f; // three decimals: a fifth of the page's size
            y[r] = Math.round(map.y()[r] * 1000) / 1000f;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("served", image == null);
        data.put("x", x);
        data.put("y", y);
        data.put("label", label);
        data.put("labels", List.copyOf(labelIndex.keySet()));
        data.put("name", names);
        data.put("image", images);
        String json = Json.line(data).replace("</", "<\\/"); // nothing in the data can end the script
        return template().replace(SLOT, json);
    }

    private static String template() {
        try (InputStream in = MapPage.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) throw new IllegalStateException("the map page is missing from the jar: " + TEMPLATE);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
