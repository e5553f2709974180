package io.snclr.method.mocov3;

import io.snclr.dist.Collective;
import io.snclr.engine.ModuleState;
import io.snclr.engine.Tensors;
import io.snclr.method.CandidateQueue;
import io.snclr.method.MetricSpec;
import io.snclr.method.MomentumNetworks;
import io.snclr.method.NeighborRanking;
import io.snclr.method.Neighbors;
import io.snclr.method.Networks;
import io.snclr.method.OnlineNetworks;
import io.snclr.method.Phase;
import io.snclr.method.PositivenessAttention;
import io.snclr.method.PretrainMethod;
import io.snclr.method.StepContext;
import io.snclr.method.StepOutput;
import io.snclr.method.ViewSimilarity;
import io.snclr.method.losses.InfoNce;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.pytorch.Tensor;

/**
 * MoCo v3 (Chen, Xie and He 2021; moco/builder.py): the online encoder, projector and predictor against the
 * momentum encoder's keys, ctr(q1, k2) + ctr(q2, k1) with ctr = InfoNCE over the global batch × 2T. Methods built on it
 * (SNCLR) add work on the keys before the online forward ({@link #keysFound}) and their own loss ({@link #loss}).
 *
 * @param <F> what a variant finds from the keys (SNCLR: their neighbours); MoCo v3 finds nothing
 */
public class MocoV3<F> implements PretrainMethod, NeighborRanking {
    /** One step's two views: online outputs, local keys, the global batch's keys, this rank's first row in it. */
    protected record Views(
            OnlineNetworks.Output online1,
            OnlineNetworks.Output online2,
            Tensor localKeys2,
            Tensor keys1,
            Tensor keys2,
            long offset,
            Tensor labels) {}

    /** How MoCo v3's neighbours are shown: Eq. 3 picks by its keys, Eq. 4 (SNCLR's defaults) weighs them. */
    private static final PositivenessAttention DISPLAY = PositivenessAttention.reference();

    private final String name;
    protected final MomentumNetworks nets;
    protected final Collective collective;
    private final double temperature;
    private final long dim;

    public MocoV3(String name, MomentumNetworks nets, long dim, double temperature, Collective collective) {
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        this.name = name;
        this.nets = nets;
        this.dim = dim;
        this.temperature = temperature;
        this.collective = collective;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Networks networks() {
        return nets;
    }

    @Override
    public final long keyDim() {
        return dim;
    }

    @Override
    public final void train(boolean on) {
        nets.train(on);
    }

    /** θ' ← m·θ' + (1−m)·θ before the forward pass. */
    @Override
    public final void beforeStep(StepContext ctx) {
        nets.updateMomentum(ctx.momentum());
    }

    @Override
    public final StepOutput step(Tensor view1, Tensor view2, Tensor labels, StepContext ctx) {
        // keys first: the momentum forward's transient tensors (and a variant's search over them) are freed before
        // the online graphs exist, which lowers the step's peak memory (the results are the same)
        Tensor k1 = nets.keys(view1);
        Tensor k2 = nets.keys(view2);
        ctx.clock().lap(Phase.FORWARD);
        F found = keysFound(k1, k2, ctx);
        ctx.clock().lap(Phase.QUEUE_LOSS);
        OnlineNetworks.Pair online = nets.online(view1, view2);
        OnlineNetworks.Output o1 = online.first(), o2 = online.second();
        ctx.clock().lap(Phase.FORWARD);
        Map<String, Double> metrics =
                new LinkedHashMap<>(ViewSimilarity.of(o1.representation(), o2.representation(), labels));
        Views views = new Views(
                o1,
                o2,
                k2,
                collective.allGather(k1),
                collective.allGather(k2),
                (long) collective.rank() * view1.size(0),
                labels);
        Tensor total = loss(views, found, ctx, metrics);
        ctx.clock().lap(Phase.QUEUE_LOSS);
        return new StepOutput(total, metrics);
    }

    /** What a variant computes from the keys before the online forward; MoCo v3 needs nothing. */
    protected F keysFound(Tensor k1, Tensor k2, StepContext ctx) {
        return null;
    }

    /** ctr(q1, k2) + ctr(q2, k1): each query's positive is its own key of the other view, every other key a negative. */
    protected Tensor loss(Views v, F found, StepContext ctx, Map<String, Double> metrics) {
        return contrastive(v.online1().prediction(), v.keys2(), v.offset())
                .add(contrastive(v.online2().prediction(), v.keys1(), v.offset()));
    }

    /** MoCo v3's ctr: cross-entropy of q·kᵀ/T against the own key, × 2T. */
    protected final Tensor contrastive(Tensor queries, Tensor keys, long offset) {
        return InfoNce.loss(queries, keys, offset, temperature).mul(Tensors.scalar(2 * temperature));
    }

    protected final double temperature() {
        return temperature;
    }

    @Override
    public List<MetricSpec> metrics() {
        return ViewSimilarity.METRICS;
    }

    @Override
    public final Optional<NeighborRanking> neighborRanking() {
        return Optional.of(this);
    }

    /** Ranks {@code bank} for each image as training does: its momentum key picks the K nearest, Eq. 4 weighs them. */
    @Override
    public Ranked rank(Tensor images, CandidateQueue bank, int k) {
        return ModuleState.noGrad(() -> {
            Neighbors nn = bank.nearest(nets.keys(images), k);
            return new Ranked(nn, attention().weights(nets.online(images).projection(), nn.features()));
        });
    }

    /** The positiveness a display weighs neighbours with. */
    protected PositivenessAttention attention() {
        return DISPLAY;
    }

    @Override
    public final Tensor keys(Tensor images) {
        return nets.keys(images);
    }

    /** Candidates a display ranks: SNCLR's K, as MoCo v3 has none of its own. */
    @Override
    public int displayNeighbors() {
        return DEFAULT_DISPLAY_NEIGHBORS;
    }
}
