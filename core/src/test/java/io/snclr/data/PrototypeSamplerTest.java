package io.snclr.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PrototypeSamplerTest {
    private static final int N = 256, BATCH = 32, P = 4;

    /** Prototype of image i: unbalanced sizes 100, 80, 50, 26. */
    private static int[] prototypes() {
        int[] out = new int[N];
        for (int i = 0; i < N; i++) out[i] = i < 100 ? 0 : i < 180 ? 1 : i < 230 ? 2 : 3;
        return out;
    }

    @Test
    void batchesHaveThePromisedCompositionAndCoverEverySampleOnce() {
        int[] proto = prototypes();
        PrototypeSampler s = new PrototypeSampler(N, BATCH, 0.5, 7);
        s.publish(0, proto, P);
        int[] seen = new int[N];
        int[] used = new int[P];
        int[] size = {100, 80, 50, 26};
        for (int step = 0; step < s.stepsPerEpoch(); step++) {
            int anchor = s.anchor(step);
            int fromAnchorPool = Math.min(BATCH / 2, size[anchor] - used[anchor]);
            int othersLeft = 0;
            for (int p = 0; p < P; p++) if (p != anchor) othersLeft += size[p] - used[p];
            int inAnchor = 0;
            for (int i : s.batch(step)) {
                seen[i]++;
                used[proto[i]]++;
                if (proto[i] == anchor) inAnchor++;
            }
            assertTrue(fromAnchorPool > 0, "an anchor is drawn among prototypes with samples left");
            if (othersLeft >= BATCH - fromAnchorPool) {
                assertEquals(fromAnchorPool, inAnchor, "step " + step + ": half the batch from anchor " + anchor);
            } else {
                assertTrue(inAnchor >= fromAnchorPool, "step " + step);
            }
        }
        for (int i = 0; i < N; i++) assertEquals(1, seen[i], "image " + i + " once per epoch");
    }

    @Test
    void planIsAFunctionOfSeedAndEpoch() {
        PrototypeSampler a = new PrototypeSampler(N, BATCH, 0.25, 3), b = new PrototypeSampler(N, BATCH, 0.25, 3);
        a.publish(2, prototypes(), P);
        b.publish(2, prototypes(), P);
        long step = 2L * a.stepsPerEpoch() + 5;
        assertArrayEquals(a.batch(step), b.batch(step));
        assertEquals(a.anchor(step), b.anchor(step));
    }

    @Test
    void aBatchOfAnUnplannedEpochWaitsForItsPrototypes() throws Exception {
        PrototypeSampler s = new PrototypeSampler(N, BATCH, 0.5, 1);
        CompletableFuture<int[]> pending = CompletableFuture.supplyAsync(() -> s.batch(0));
        Thread.sleep(200);
        assertTrue(!pending.isDone(), "no prototypes yet: the prefetcher must wait");
        s.publish(0, prototypes(), P);
        assertEquals(BATCH, pending.get(10, TimeUnit.SECONDS).length);
    }
}
