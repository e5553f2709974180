package io.snclr.method.snclr;

import io.snclr.dist.Collective;
import io.snclr.engine.Device;
import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;
import io.snclr.engine.Tensors;
import io.snclr.method.CandidateQueue;
import io.snclr.method.MetricSpec;
import io.snclr.method.MomentumNetworks;
import io.snclr.method.NeighborPrecision;
import io.snclr.method.Neighbors;
import io.snclr.method.PositivenessAttention;
import io.snclr.method.StepContext;
import io.snclr.method.ViewSimilarity;
import io.snclr.method.mocov3.MocoV3;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SNCLR (Ge et al., ICLR 2023): MoCo v3 whose positives are the key plus its K nearest candidates from a queue of
 * past keys (Eq. 3), weighted by parameter-free positiveness (Eq. 4), and whose negatives include every other sample's
 * neighbours (Eq. 2). Symmetric over the two views; the second view's keys are enqueued after the loss.
 */
public final class Snclr extends MocoV3<Snclr.Found> {
    private static final Logger LOG = LoggerFactory.getLogger(Snclr.class);

    /** Mean entropy (nats) of the positiveness rows: ln K when the weights are uniform. */
    public static final String POSITIVENESS_ENTROPY = "positiveness_entropy";
    /** Neighbours in use at the step: 0 during the warm-up. */
    public static final String NEIGHBORS = "neighbors";
    /** Per query: how many of its own earlier keys would have been among its K neighbours had they not been left out. */
    public static final String SELF_NEIGHBORS_EXCLUDED = "self_neighbors_excluded";

    private static final List<MetricSpec> NEIGHBOR_METRICS = List.of(
            NeighborPrecision.METRIC,
            new MetricSpec(NEIGHBORS, "neighbours in use", MetricSpec.Kind.PHASE, null),
            new MetricSpec(POSITIVENESS_ENTROPY, "positiveness entropy (nats)", MetricSpec.Kind.EPOCH_MEAN, null),
            new MetricSpec(
                    SELF_NEIGHBORS_EXCLUDED, "own earlier keys excluded per query", MetricSpec.Kind.EPOCH_MEAN, null));

    /** The neighbours of both views' keys, found before the online forward. */
    record Found(int k, Neighbors nn1, Neighbors nn2, Tensor ids, boolean excludingSelf) {}

    private final SnclrConfig config;
    private final CandidateQueue queue;
    private final PositivenessAttention attention;
    private final SoftNeighborLoss loss;

    public Snclr(SnclrConfig config, MomentumNetworks nets, long dim, Device device, Collective collective) {
        super("snclr", nets, dim, config.temperatureFor(nets.backbone().isTransformer()), collective);
        if (config.neighbors() < 1) throw new IllegalArgumentException("SNCLR needs K >= 1 (K = 0 is MoCo v3)");
        this.config = config;
        this.queue = new CandidateQueue(config.queue(), dim, device);
        this.attention = new PositivenessAttention(
                config.positiveness(),
                config.positivenessTemperature(),
                config.gamma(),
                config.threshold(),
                config.detachPositiveness());
        this.loss = new SoftNeighborLoss(temperature(), config.loss(), config.neighborSide());
    }

    /** Neighbours in use at this epoch: none during the warm-up (the loss is then exactly MoCo v3's). */
    int neighborsAt(int epoch) {
        return epoch < config.neighborWarmupEpochs() ? 0 : config.neighbors();
    }

    /** Eq. 3 for both views' keys; the queue is queried for k1 and k2 before k2 is enqueued. */
    @Override
    protected Found keysFound(Tensor k1, Tensor k2, StepContext ctx) {
        int k = neighborsAt(ctx.epoch());
        int[] batch = ctx.indices();
        Tensor ids = batch == null
                ? null
                : Tensors.onDeviceOf(
                        Tensors.longs(Arrays.stream(batch).mapToLong(i -> i).toArray(), batch.length), k1);
        Tensor self = config.excludeSelf() ? ids : null;
        Neighbors nn1 = k == 0 ? null : queue.nearest(k1, k, self);
        Neighbors nn2 = k == 0 ? null : queue.nearest(k2, k, self);
        return new Found(k, nn1, nn2, ids, self != null);
    }

    /** Eq. 2 in both directions (MoCo v3's loss during the warm-up), then the second view's keys join the queue. */
    @Override
    protected Tensor loss(Views v, Found f, StepContext ctx, Map<String, Double> metrics) {
        Tensor total;
        if (f.k() == 0) {
            total = super.loss(v, f, ctx, metrics);
        } else {
            Tensor w12 = attention.weights(v.online1().projection(), f.nn2().features()); // z1 against k2's neighbours
            Tensor w21 = attention.weights(v.online2().projection(), f.nn1().features());
            total = loss.loss(v.online1().prediction(), v.keys2(), globalNeighbors(f.nn2()), w12, v.offset())
                    .add(loss.loss(v.online2().prediction(), v.keys1(), globalNeighbors(f.nn1()), w21, v.offset()));
            metrics.put(POSITIVENESS_ENTROPY, PositivenessAttention.meanEntropy(w12));
            double precision = NeighborPrecision.of(f.nn2().labels(), v.labels());
            if (!Double.isNaN(precision)) metrics.put(NeighborPrecision.KEY, precision);
            if (f.excludingSelf()) {
                metrics.put(
                        SELF_NEIGHBORS_EXCLUDED,
                        (Tensors.item(f.nn1().selfExcluded())
                                        + Tensors.item(f.nn2().selfExcluded()))
                                / (2.0 * v.localKeys2().size(0)));
            }
        }
        enqueue(v, f.ids());
        metrics.put(NEIGHBORS, (double) f.k());
        return total;
    }

    /** FIFO: this process's own keys (the official per-process queue), or the whole global batch's. */
    private void enqueue(Views v, Tensor ids) {
        Tensor labels = Tensors.onDeviceOf(v.labels(), v.localKeys2());
        if (config.queueScope() == QueueScope.PROCESS) {
            if (ids == null) queue.enqueue(v.localKeys2(), labels);
            else queue.enqueue(v.localKeys2(), labels, ids);
        } else {
            Tensor gatheredLabels = collective.allGather(labels);
            if (ids == null) queue.enqueue(v.keys2(), gatheredLabels);
            else queue.enqueue(v.keys2(), gatheredLabels, collective.allGather(ids));
        }
    }

    /**
     * The neighbours of every key of the global batch (the keep-set spans it). A global queue is the same on every
     * rank, so the ranks exchange queue positions (N×K int64: 1/128 of the bytes at D = 256); per-process queues
     * differ, so the neighbours' features are gathered.
     */
    private Tensor globalNeighbors(Neighbors local) {
        if (collective.worldSize() == 1) return local.features();
        return config.queueScope() == QueueScope.GLOBAL
                ? queue.rows(collective.allGather(local.indices()))
                : collective.allGather(local.features());
    }

    @Override
    public List<MetricSpec> metrics() {
        return Stream.concat(ViewSimilarity.METRICS.stream(), NEIGHBOR_METRICS.stream())
                .toList();
    }

    @Override
    protected PositivenessAttention attention() {
        return attention;
    }

    public int neighbors() {
        return config.neighbors();
    }

    @Override
    public int displayNeighbors() {
        return config.neighbors();
    }

    public CandidateQueue queue() {
        return queue;
    }

    @Override
    public void save(StateWriter out) {
        super.save(out);
        queue.save(out);
    }

    /**
     * A checkpoint holds the queue of the process that wrote it (rank 0). With per-process queues the other ranks
     * start theirs afresh, as every rank of the official code does on resume (its memory bank is not saved), and
     * refill them within L / N steps.
     */
    @Override
    public void load(StateReader in) {
        super.load(in);
        if (config.queueScope() == QueueScope.PROCESS && collective.rank() != 0) {
            LOG.info(
                    "rank {}: its own candidate queue starts afresh (the checkpoint holds rank 0's) and refills as it "
                            + "trains",
                    collective.rank());
            return;
        }
        queue.load(in);
    }
}
