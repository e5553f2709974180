package io.snclr.retrieval;

import io.snclr.api.Embeddings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Near-duplicate groups that do not chain: every row is searched for its {@code k} nearest rows, and the rows are
 * then taken densest first (most neighbours at cosine ≥ the threshold, then row order). A row not yet in a group
 * starts one and takes those of its neighbours not yet in one. Every member is within the threshold of its group's
 * first row, so a sequence of similar pairs (A like B, B like C, …) never joins images that are not alike, as joining
 * pairs (single linkage) does when an encoder finds everything similar. With the HNSW index this is k searches per
 * row; the heap holds the pairs above the threshold (at most k per row).
 */
public final class Dedup {
    /**
     * A group of near-duplicates: its first row (the one whose neighbours it is), then the others by similarity.
     *
     * @param similarity each row's cosine similarity to the first ({@code 1} for the first)
     */
    public record Group(int[] rows, float[] similarity) {
        /** The lowest similarity of a member to the first row. */
        public float weakest() {
            float w = 1;
            for (float s : similarity) w = Math.min(w, s);
            return w;
        }
    }

    private Dedup() {}

    /**
     * @param threshold the cosine similarity from which two images count as duplicates
     * @param k neighbours looked at per row: a group holds at most k + 1 rows
     * @param progress told the number of rows searched so far
     * @return the groups, largest first
     */
    public static List<Group> find(
            Embeddings embeddings, VectorSearch search, double threshold, int k, int threads, IntConsumer progress) {
        if (!(threshold > -1 && threshold <= 1)) {
            throw new IllegalArgumentException("--threshold must be in (-1, 1], got " + threshold);
        }
        if (k < 1) throw new IllegalArgumentException("--k must be >= 1, got " + k);
        int n = embeddings.rows();
        int[][] near = new int[n][];
        float[][] score = new float[n][];
        EveryRow.search(embeddings, search, k + 1, threads, progress, (row, hits) -> {
            List<Hit> alike = hits.stream()
                    .filter(h -> h.row() != row && h.score() >= threshold)
                    .toList();
            near[row] = alike.stream().mapToInt(Hit::row).toArray();
            score[row] = new float[alike.size()];
            for (int j = 0; j < alike.size(); j++) score[row][j] = alike.get(j).score();
        });
        return groups(near, score);
    }

    /** Densest first, each row not yet grouped starts a group of itself and its neighbours not yet grouped. */
    static List<Group> groups(int[][] near, float[][] score) {
        int n = near.length;
        long[] order = new long[n]; // most neighbours first, then row order
        for (int i = 0; i < n; i++) order[i] = ((long) (Integer.MAX_VALUE - near[i].length) << 32) | i;
        Arrays.sort(order);
        boolean[] grouped = new boolean[n];
        List<Group> groups = new ArrayList<>();
        for (long key : order) {
            int first = (int) key;
            if (grouped[first]) continue;
            List<Integer> members = new ArrayList<>();
            for (int j = 0; j < near[first].length; j++) if (!grouped[near[first][j]]) members.add(j);
            if (members.isEmpty()) continue;
            members.sort(Comparator.comparingDouble(j -> -score[first][j]));
            int[] rows = new int[members.size() + 1];
            float[] similarity = new float[rows.length];
            rows[0] = first;
            similarity[0] = 1;
            grouped[first] = true;
            for (int m = 0; m < members.size(); m++) {
                rows[m + 1] = near[first][members.get(m)];
                similarity[m + 1] = score[first][members.get(m)];
                grouped[rows[m + 1]] = true;
            }
            groups.add(new Group(rows, similarity));
        }
        groups.sort(Comparator.comparingInt((Group g) -> -g.rows().length).thenComparingInt(g -> g.rows()[0]));
        return groups;
    }
}
