package io.snclr.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * SPCL's prototype-aware batches: each batch draws an anchor prototype and takes a fraction of the batch from it,
 * the rest from the other prototypes, without replacement, so an epoch covers the data set (the last incomplete
 * batch is dropped, as in {@link EpochSampler}). Prototype assignments arrive once per epoch from the clustering;
 * asking for a batch of an epoch whose assignments are not published yet waits for them (the prefetcher runs ahead).
 * Single process: the clustering that feeds it is not sharded.
 */
public final class PrototypeSampler implements BatchPlan {
    private final int size;
    private final int batch;
    private final double anchorFraction;
    private final long seed;
    private int plannedEpoch = -1;
    private int[][] plan; // [step within epoch][batch position]
    private int[] anchors;

    public PrototypeSampler(int size, int batch, double anchorFraction, long seed) {
        if (batch < 2 || batch > size) {
            throw new IllegalArgumentException("--batch-size must be in [2, " + size + "] for SPCL, got " + batch);
        }
        if (!(anchorFraction > 0 && anchorFraction <= 1)) {
            throw new IllegalArgumentException("--anchor-fraction must be in (0, 1], got " + anchorFraction);
        }
        this.size = size;
        this.batch = batch;
        this.anchorFraction = anchorFraction;
        this.seed = seed;
    }

    @Override
    public int stepsPerEpoch() {
        return size / batch;
    }

    /** Plans every batch of {@code epoch} from the prototype of each image; wakes a waiting prefetcher. */
    public synchronized void publish(int epoch, int[] prototypeOf, int prototypes) {
        if (prototypeOf.length != size) {
            throw new IllegalArgumentException("expected " + size + " assignments, got " + prototypeOf.length);
        }
        SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + epoch);
        Pools pools = new Pools(prototypeOf, prototypes, rng);
        int steps = stepsPerEpoch();
        int fromAnchor = Math.max(1, (int) Math.round(anchorFraction * batch));
        plan = new int[steps][];
        anchors = new int[steps];
        for (int s = 0; s < steps; s++) {
            int anchor = pools.pick(-1, rng);
            int[] b = new int[batch];
            int filled = 0;
            while (filled < fromAnchor && pools.remaining(anchor) > 0) b[filled++] = pools.take(anchor);
            while (filled < batch) {
                int other = pools.pick(anchor, rng);
                b[filled++] = pools.take(other < 0 ? anchor : other); // only the anchor's pool is left
            }
            plan[s] = b;
            anchors[s] = anchor;
        }
        plannedEpoch = epoch;
        notifyAll();
    }

    @Override
    public synchronized int[] batch(long step) {
        return plan(step)[(int) (step % stepsPerEpoch())].clone();
    }

    /** The anchor prototype of the batch at {@code step}. */
    public synchronized int anchor(long step) {
        plan(step);
        return anchors[(int) (step % stepsPerEpoch())];
    }

    private int[][] plan(long step) {
        int epoch = (int) (step / stepsPerEpoch());
        while (plannedEpoch < epoch) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the prototypes of epoch " + epoch, e);
            }
        }
        if (plannedEpoch != epoch) {
            throw new IllegalStateException(
                    "batch of epoch " + epoch + " asked after epoch " + plannedEpoch + " was planned");
        }
        return plan;
    }

    /** Shuffled members of each prototype, consumed from the front. */
    private static final class Pools {
        private final List<int[]> members = new ArrayList<>();
        private final int[] next;
        private int total;

        Pools(int[] prototypeOf, int prototypes, SplittableRandom rng) {
            int[] counts = new int[prototypes];
            for (int p : prototypeOf) {
                if (p < 0 || p >= prototypes)
                    throw new IllegalArgumentException("prototype " + p + " outside [0, " + prototypes + ")");
                counts[p]++;
            }
            for (int p = 0; p < prototypes; p++) members.add(new int[counts[p]]);
            int[] fill = new int[prototypes];
            for (int i = 0; i < prototypeOf.length; i++) members.get(prototypeOf[i])[fill[prototypeOf[i]]++] = i;
            for (int[] m : members) Subsets.shuffle(m, rng);
            next = new int[prototypes];
            total = prototypeOf.length;
        }

        int remaining(int p) {
            return members.get(p).length - next[p];
        }

        int take(int p) {
            total--;
            return members.get(p)[next[p]++];
        }

        /** A prototype other than {@code except}, with probability proportional to its remaining members; -1 if none. */
        int pick(int except, SplittableRandom rng) {
            int candidates = total - (except >= 0 ? remaining(except) : 0);
            if (candidates <= 0) return -1;
            int r = rng.nextInt(candidates);
            for (int p = 0; p < next.length; p++) {
                if (p == except) continue;
                r -= remaining(p);
                if (r < 0) return p;
            }
            throw new IllegalStateException("unreachable: remaining counts are inconsistent");
        }
    }
}
