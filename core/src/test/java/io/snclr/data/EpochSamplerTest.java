package io.snclr.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Seeded shuffling of global batches, sliced by rank: ranks see disjoint images that together are the one-process batches. */
class EpochSamplerTest {
    @Test
    void ranksSplitTheGlobalBatchOfOneProcess() {
        EpochSampler whole = new EpochSampler(100, 8, 3);
        RankSlice r0 = new RankSlice(new EpochSampler(100, 8, 3), 8, 0, 2);
        RankSlice r1 = new RankSlice(new EpochSampler(100, 8, 3), 8, 1, 2);
        assertEquals(12, whole.stepsPerEpoch());
        assertEquals(12, r0.stepsPerEpoch());
        for (long step = 0; step < 24; step++) {
            int[] joined = IntStream.concat(Arrays.stream(r0.batch(step)), Arrays.stream(r1.batch(step)))
                    .toArray();
            assertArrayEquals(whole.batch(step), joined, "step " + step);
        }
    }

    @Test
    void anEpochVisitsEveryImageAtMostOnceAndEpochsDiffer() {
        EpochSampler s = new EpochSampler(100, 8, 3);
        Set<Integer> seen = new HashSet<>();
        for (long step = 0; step < 12; step++)
            for (int i : s.batch(step)) assertEquals(true, seen.add(i), "image " + i);
        assertEquals(96, seen.size()); // the last incomplete batch is dropped
        assertNotEquals(Arrays.toString(s.batch(0)), Arrays.toString(s.batch(12)), "a new permutation each epoch");
        assertArrayEquals(s.batch(5), new EpochSampler(100, 8, 3).batch(5), "a pure function of (seed, step)");
    }
}
