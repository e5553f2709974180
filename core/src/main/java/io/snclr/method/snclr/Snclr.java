package io.snclr.method.snclr;

import io.snclr.dist.Collective;
import io.snclr.engine.Device;
import io.snclr.engine.ModuleState;
import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;
import io.snclr.engine.Tensors;
import io.snclr.method.CandidateQueue;
import io.snclr.method.MetricSpec;
import io.snclr.method.MomentumNetworks;
import io.snclr.method.NeighborPrecision;
import io.snclr.method.NeighborRanking;
import io.snclr.method.Neighbors;
import io.snclr.method.Networks;
import io.snclr.method.OnlineNetworks;
import io.snclr.method.Phase;
import io.snclr.method.PretrainMethod;
import io.snclr.method.StepContext;
import io.snclr.method.StepOutput;
import io.snclr.method.ViewSimilarity;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;

/**
 * SNCLR (Ge et al., ICLR 2023): MoCo v3 whose positives are the key plus its K nearest candidates from a queue of
 * past keys, weighted by parameter-free positiveness, and whose negatives include every other sample's neighbours.
 * Symmetric over the two views; the second view's keys are enqueued after the loss.
 */
public final class Snclr implements PretrainMethod, NeighborRanking {
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

    private final String name;
    private final SnclrConfig config;
    private final MomentumNetworks nets;
    private final CandidateQueue queue; // null with K = 0 (MoCo v3): nothing ever reads it
    private final PositivenessAttention attention;
    private final SoftNeighborLoss loss;
    private final Collective collective;
    private final long dim;

    /** @param name "snclr", or "mocov3" for the same networks and loss with K = 0 */
    public Snclr(
            String name, SnclrConfig config, MomentumNetworks nets, long dim, Device device, Collective collective) {
        this.name = name;
        this.config = config;
        this.nets = nets;
        this.queue = config.neighbors() == 0 ? null : new CandidateQueue(config.queue(), dim, device);
        this.attention = new PositivenessAttention(
                config.positiveness(),
                config.positivenessTemperature(),
                config.gamma(),
                config.threshold(),
                config.detachPositiveness());
        this.loss = new SoftNeighborLoss(
                config.temperatureFor(nets.backbone().isTransformer()), config.loss(), config.neighborSide());
        this.collective = collective;
        this.dim = dim;
    }

    @Override
    public long keyDim() {
        return dim;
    }

    @Override
    public Networks networks() {
        return nets;
    }

    @Override
    public String name() {
        return name;
    }

    /** Neighbours in use at this epoch: none during the warm-up (the loss is then exactly MoCo v3's). */
    int neighborsAt(int epoch) {
        return epoch < config.neighborWarmupEpochs() ? 0 : config.neighbors();
    }

    @Override
    public void train(boolean on) {
        nets.train(on);
    }

    @Override
    public void beforeStep(StepContext ctx) {
        nets.updateMomentum(ctx.momentum());
    }

    @Override
    public StepOutput step(Tensor view1, Tensor view2, Tensor labels, StepContext ctx) {
        // keys and their neighbours first: the momentum forward's and the N×L search's transient tensors are then
        // freed before the online graphs exist, which lowers the step's peak memory (the results are the same)
        Tensor k1 = nets.keys(view1);
        Tensor k2 = nets.keys(view2);
        ctx.clock().lap(Phase.FORWARD);
        int k = neighborsAt(ctx.epoch());
        int[] batch = ctx.indices();
        Tensor ids = batch == null || queue == null
                ? null
                : Tensors.onDeviceOf(
                        Tensors.longs(Arrays.stream(batch).mapToLong(i -> i).toArray(), batch.length), k1);
        Tensor self = config.excludeSelf() ? ids : null;
        Neighbors nn1 = k == 0 ? null : queue.nearest(k1, k, self); // queried before k2 is enqueued
        Neighbors nn2 = k == 0 ? null : queue.nearest(k2, k, self);
        ctx.clock().lap(Phase.QUEUE_LOSS);
        OnlineNetworks.Output o1 = nets.online(view1);
        OnlineNetworks.Output o2 = nets.online(view2);
        ctx.clock().lap(Phase.FORWARD);
        long offset = (long) collective.rank() * view1.size(0);
        Map<String, Double> metrics =
                new LinkedHashMap<>(ViewSimilarity.of(o1.representation(), o2.representation(), labels));

        Tensor keys1 = collective.allGather(k1), keys2 = collective.allGather(k2);
        Tensor total;
        if (k == 0) {
            total = loss.loss(o1.prediction(), keys2, null, null, offset)
                    .add(loss.loss(o2.prediction(), keys1, null, null, offset));
        } else {
            Tensor w12 = attention.weights(o1.projection(), nn2.features()); // z1 against k2's neighbours
            Tensor w21 = attention.weights(o2.projection(), nn1.features());
            total = loss.loss(o1.prediction(), keys2, globalNeighbors(nn2), w12, offset)
                    .add(loss.loss(o2.prediction(), keys1, globalNeighbors(nn1), w21, offset));
            metrics.put(POSITIVENESS_ENTROPY, PositivenessAttention.meanEntropy(w12));
            double precision = NeighborPrecision.of(nn2.labels(), labels);
            if (!Double.isNaN(precision)) metrics.put(NeighborPrecision.KEY, precision);
            if (self != null) {
                metrics.put(
                        SELF_NEIGHBORS_EXCLUDED,
                        (Tensors.item(nn1.selfExcluded()) + Tensors.item(nn2.selfExcluded())) / (2.0 * view1.size(0)));
            }
        }
        if (queue != null) {
            Tensor gatheredLabels = collective.allGather(Tensors.onDeviceOf(labels, k2));
            if (ids == null) queue.enqueue(keys2, gatheredLabels);
            else queue.enqueue(keys2, gatheredLabels, collective.allGather(ids));
        }
        metrics.put(NEIGHBORS, (double) k);
        ctx.clock().lap(Phase.QUEUE_LOSS);
        return new StepOutput(total, metrics);
    }

    /**
     * The neighbours of every key of the global batch (the keep-set spans it). The queue is the same on every rank,
     * so the ranks exchange queue positions (N×K int64) rather than the N×K×D features: 1/128 of the bytes at D = 256.
     */
    private Tensor globalNeighbors(Neighbors local) {
        return collective.worldSize() == 1 ? local.features() : queue.rows(collective.allGather(local.indices()));
    }

    @Override
    public List<MetricSpec> metrics() {
        if (queue == null) return ViewSimilarity.METRICS;
        return Stream.concat(ViewSimilarity.METRICS.stream(), NEIGHBOR_METRICS.stream())
                .toList();
    }

    @Override
    public Optional<NeighborRanking> neighborRanking() {
        return Optional.of(this);
    }

    /** Ranks {@code bank} for each image as training does: its momentum key picks the K nearest, Eq. 4 weighs them. */
    @Override
    public Ranked rank(Tensor images, CandidateQueue bank, int k) {
        return ModuleState.noGrad(() -> {
            Neighbors nn = bank.nearest(nets.keys(images), k);
            return new Ranked(nn, attention.weights(nets.online(images).projection(), nn.features()));
        });
    }

    @Override
    public Tensor keys(Tensor images) {
        return nets.keys(images);
    }

    public int neighbors() {
        return config.neighbors();
    }

    /** Candidates a neighbour display ranks: K, or SNCLR's default K for MoCo v3, which has none of its own. */
    @Override
    public int displayNeighbors() {
        return config.neighbors() > 0 ? config.neighbors() : SnclrConfig.DEFAULT.neighbors();
    }

    public CandidateQueue queue() {
        return queue;
    }

    @Override
    public void save(StateWriter out) {
        nets.save(out);
        if (queue != null) queue.save(out);
    }

    @Override
    public void load(StateReader in) {
        nets.load(in);
        if (queue != null) queue.load(in);
    }
}
