package io.snclr.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.api.Embeddings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The map keeps clusters together and apart: each point's nearest point on the map is of its own cluster. */
class MapLayoutTest {
    @Test
    void neighboursOnTheMapAreNeighboursInTheEmbeddings(@TempDir Path tmp) throws Exception {
        int[] sizes = {300, 200, 100, 50, 30};
        Embeddings e = ClusteredEmbeddings.write(tmp, sizes, 0.2f);
        float[] xy;
        try (VectorSearch search = VectorSearch.over(e, true, 100)) {
            xy = MapLayout.layout(e, search, MapLayout.Settings.DEFAULT, 2, done -> {});
        }
        int n = e.rows();
        assertEquals(2 * n, xy.length);
        int[] cluster = new int[n];
        for (int r = 0, c = 0, left = sizes[0]; r < n; r++, left--) {
            if (left == 0) left = sizes[++c];
            cluster[r] = c;
        }
        int same = 0;
        for (int i = 0; i < n; i++) {
            int nearest = -1;
            float best = Float.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j == i) continue;
                float dx = xy[2 * i] - xy[2 * j], dy = xy[2 * i + 1] - xy[2 * j + 1], d = dx * dx + dy * dy;
                if (d < best) {
                    best = d;
                    nearest = j;
                }
            }
            if (cluster[nearest] == cluster[i]) same++;
            assertTrue(Float.isFinite(xy[2 * i]) && Float.isFinite(xy[2 * i + 1]));
        }
        assertTrue(same > 0.97 * n, same + " of " + n + " points have a nearest point of their own cluster");

        // map.json is read back for these embeddings, and refused for others
        CollectionMap.of(e, xy, MapLayout.Settings.DEFAULT, 500).write(e.dir());
        assertEquals(xy[2 * 7 + 1], CollectionMap.read(e).y()[7]);
        Embeddings other = ClusteredEmbeddings.write(tmp.resolve("other"), sizes, 0.1f);
        Files.copy(e.dir().resolve(CollectionMap.FILE), other.dir().resolve(CollectionMap.FILE));
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> CollectionMap.read(other));
        assertTrue(refused.getMessage().contains("a map of other embeddings"), refused.getMessage());
    }
}
