package io.snclr.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.snclr.TorchTest;
import io.snclr.engine.Device;
import io.snclr.engine.Tensors;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class CandidateQueueTest extends TorchTest {
    @Test
    void startsAsUnitVectorsAndEnqueuesFifoWithWrapAround() {
        CandidateQueue q = new CandidateQueue(5, 2, Device.CPU);
        float[] init = Tensors.toFloats(q.features());
        for (int i = 0; i < 5; i++) assertEquals(1.0, Math.hypot(init[2 * i], init[2 * i + 1]), 1e-5);
        q.enqueue(rows(1, 2, 3), labels(1, 2, 3));
        assertEquals(3, q.pointer());
        q.enqueue(rows(4, 5, 6), labels(4, 5, 6)); // 4, 5 at the end, 6 wraps to row 0
        assertEquals(1, q.pointer());
        assertArrayEquals(new long[] {6, 2, 3, 4, 5}, Tensors.toLongs(q.labels()));
        float[] f = Tensors.toFloats(q.features());
        assertEquals(6f, f[0]);
        assertEquals(4f, f[6]);
    }

    @Test
    void topKEqualsBruteForce() {
        CandidateQueue q = new CandidateQueue(64, 8, Device.CPU);
        Tensor keys = Tensors.l2normalize(Tensors.randn(Device.CPU, 4, 8));
        Neighbors nn = q.nearest(keys, 5);
        float[] c = Tensors.toFloats(q.features()), k = Tensors.toFloats(keys);
        long[] got = Tensors.toLongs(nn.indices());
        for (int i = 0; i < 4; i++) {
            final int row = i;
            double[] sim = IntStream.range(0, 64)
                    .mapToDouble(j -> {
                        double s = 0;
                        for (int d = 0; d < 8; d++) s += k[row * 8 + d] * c[j * 8 + d];
                        return s;
                    })
                    .toArray();
            long[] expected = IntStream.range(0, 64)
                    .boxed()
                    .sorted(Comparator.comparingDouble(j -> -sim[j]))
                    .limit(5)
                    .mapToLong(Integer::longValue)
                    .toArray();
            assertArrayEquals(expected, Arrays.copyOfRange(got, i * 5, i * 5 + 5));
        }
        assertArrayEquals(new long[] {4, 5, 8}, nn.features().shape());
    }

    /** An image's own earlier keys are left out of its neighbours, and the metric counts those that would have ranked. */
    @Test
    void ownEntriesAreExcludedAndCounted() {
        CandidateQueue q = new CandidateQueue(6, 2, Device.CPU);
        // image 7's two earlier keys point exactly where its query points; images 1..4 elsewhere
        q.enqueue(
                unit(1, 0, 1, 0, 0.9f, 0.1f, 0.8f, 0.2f, 0, 1, 0.1f, 0.9f),
                labels(0, 0, 1, 1, 2, 2),
                labels(7, 7, 1, 2, 3, 4));
        Tensor query = unit(1, 0);
        long[] plain = Tensors.toLongs(q.nearest(query, 2).indices());
        Arrays.sort(plain); // a tie: both are the same key
        assertArrayEquals(new long[] {0, 1}, plain, "without exclusion its own keys are its nearest");
        Neighbors nn = q.nearest(query, 2, labels(7));
        assertArrayEquals(new long[] {2, 3}, Tensors.toLongs(nn.indices()));
        assertEquals(2.0, Tensors.item(nn.selfExcluded()), "both own keys would have been in the top 2");
        assertEquals(
                0.0, Tensors.item(q.nearest(query, 2, labels(9)).selfExcluded()), "another image excludes nothing");
        assertArrayEquals(new long[] {7, 7, 1, 2, 3, 4}, Tensors.toLongs(q.ids()));
    }

    private static Tensor unit(float... xy) {
        return Tensors.l2normalize(Tensors.floats(xy, xy.length / 2, 2));
    }

    private static Tensor rows(float... v) {
        float[] out = new float[v.length * 2];
        for (int i = 0; i < v.length; i++) out[2 * i] = v[i];
        return Tensors.floats(out, v.length, 2);
    }

    private static Tensor labels(long... v) {
        return Tensors.longs(v, v.length);
    }
}
