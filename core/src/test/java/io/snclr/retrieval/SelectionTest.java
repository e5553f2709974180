package io.snclr.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snclr.api.Embeddings;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * k-center greedy covers clusters of very different sizes, keeps away from what is labelled, and stops at copies;
 * TypiClust takes the most typical image of the largest clusters not yet labelled.
 */
class SelectionTest {
    @Test
    void eachPickOpensAClusterNotYetCoveredWhateverItsSize(@TempDir Path tmp) throws Exception {
        // five clusters of 400, 100, 20, 5 and 1 points: random picks would mostly land in the first
        int[] sizes = {400, 100, 20, 5, 1};
        Embeddings e = ClusteredEmbeddings.write(tmp, sizes, 0.05f);
        List<KCenterGreedy.Pick> picks = KCenterGreedy.select(e, 5, new int[0], -1, 2, done -> {});
        assertEquals(5, picks.size());
        assertEquals(Set.of(0, 1, 2, 3, 4), clustersOf(picks, sizes), "one pick per cluster");
        assertEquals(
                Set.of(0, 1, 2, 3, 4),
                clustersOf(KCenterGreedy.select(e, 5, new int[0], 524, 2, done -> {}), sizes),
                "from another first pick");
        assertTrue(Float.isNaN(picks.get(0).distance()));
        for (int i = 2; i < picks.size(); i++) {
            assertTrue(picks.get(i).distance() <= picks.get(i - 1).distance() + 1e-6, "distances do not grow");
        }

        // with the first three clusters labelled, the picks open the other two first
        int[] labelled = IntStream.range(0, 520).toArray();
        List<KCenterGreedy.Pick> more = KCenterGreedy.select(e, 2, labelled, -1, 2, done -> {});
        assertEquals(Set.of(3, 4), clustersOf(more, sizes));
    }

    @Test
    void typicalClustersTakeTheMostTypicalImageOfTheLargestClusters(@TempDir Path tmp) throws Exception {
        int[] sizes = {400, 100, 20, 5, 1};
        Embeddings e = ClusteredEmbeddings.write(tmp, sizes, 0.05f);
        List<TypicalClusters.Pick> picks = TypicalClusters.select(e, 3, new int[0], 1, 2, i -> {});
        assertEquals(3, picks.size());
        assertEquals(Set.of(0, 1, 2), clustersOf(picks.stream().mapToInt(TypicalClusters.Pick::row), sizes));
        assertEquals(400, picks.get(0).clusterSize());
        // the most typical of its cluster: nearer to the cluster's centre than most of its members
        float[] centre = new float[ClusteredEmbeddings.DIM];
        centre[0] = 1;
        float[] chosen = e.rows(picks.get(0).row(), 1);
        int nearer = 0;
        for (int r = 0; r < 400; r++) if (e.rows(r, 1)[0] > chosen[0]) nearer++;
        assertTrue(nearer < 40, nearer + " of 400 members are nearer to the centre");

        // with the largest cluster labelled, its images are covered: the picks come from the others
        int[] labelled = IntStream.range(0, 400).toArray();
        List<TypicalClusters.Pick> more = TypicalClusters.select(e, 3, labelled, 1, 2, i -> {});
        assertEquals(3, more.size());
        assertTrue(more.stream().allMatch(p -> p.row() >= 400), more.toString());
    }

    @Test
    void copiesAreNotPickedTwice(@TempDir Path tmp) throws Exception {
        Embeddings e = ClusteredEmbeddings.write(tmp, new int[] {3, 3}, 0f); // two points, each three times
        List<KCenterGreedy.Pick> picks = KCenterGreedy.select(e, 5, new int[0], -1, 1, done -> {});
        assertEquals(2, picks.size(), "two distinct points");
        assertThrows(IllegalArgumentException.class, () -> KCenterGreedy.select(e, 0, new int[0], -1, 1, d -> {}));
    }

    private static Set<Integer> clustersOf(List<KCenterGreedy.Pick> picks, int[] sizes) {
        return clustersOf(picks.stream().mapToInt(KCenterGreedy.Pick::row), sizes);
    }

    private static Set<Integer> clustersOf(IntStream rows, int[] sizes) {
        Set<Integer> out = new TreeSet<>();
        rows.forEach(r -> {
            int row = r, c = 0;
            while (row >= sizes[c]) row -= sizes[c++];
            out.add(c);
        });
        return out;
    }
}
