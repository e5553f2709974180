package io.snclr.method.spcl;

import io.snclr.data.PrototypeSampler;
import io.snclr.dist.Collective;
import io.snclr.dist.SingleProcess;
import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;
import io.snclr.engine.Tensors;
import io.snclr.method.MetricSpec;
import io.snclr.method.Networks;
import io.snclr.method.OnlineNetworks;
import io.snclr.method.Phase;
import io.snclr.method.PretrainMethod;
import io.snclr.method.StepContext;
import io.snclr.method.StepOutput;
import io.snclr.method.ViewSimilarity;
import io.snclr.method.losses.NtXent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;

/**
 * SPCL (Mo, Sun and Li, BMVC 2021): SimCLR's contrastive loss, plus a Siamese metric loss and a prototypical
 * cross-entropy on pseudo-labels from per-epoch k-means, over batches built around an anchor prototype, so that
 * same-prototype samples are pulled together although NT-Xent treats them as negatives.
 * L = λ_c·L_con + λ_m·L_metric + λ_p·L_proto.
 */
public final class Spcl implements PretrainMethod {
    public static final String LOSS_CON = "loss_con";
    public static final String LOSS_PROTO = "loss_proto";
    public static final String LOSS_METRIC = "loss_metric";
    public static final String METRIC_PAIRS = "metric_pairs";

    private static final MetricSpec.Chart PROTOTYPE_CHART =
            new MetricSpec.Chart("prototypes", "SPCL prototypes vs true classes");
    private static final List<MetricSpec> METRICS = Stream.of(
                    ViewSimilarity.METRICS.stream(),
                    ViewSimilarity.onProjections().stream(),
                    Stream.of(
                            new MetricSpec(Prototypes.PURITY, "purity", MetricSpec.Kind.EPOCH_START, PROTOTYPE_CHART),
                            new MetricSpec(Prototypes.NMI, "NMI", MetricSpec.Kind.EPOCH_START, PROTOTYPE_CHART),
                            new MetricSpec(
                                    Prototypes.CLUSTER_SECONDS,
                                    "clustering seconds",
                                    MetricSpec.Kind.EPOCH_START,
                                    null)))
            .flatMap(s -> s)
            .toList();

    private final SpclConfig config;
    private final SpclNetworks nets;
    private final Prototypes prototypes;
    private final SiameseMetricLoss metric;
    private final PrototypeLoss prototypeLoss;
    private final long seed;
    private final Collective collective;
    private final PrototypeSampler sampler;

    public Spcl(SpclConfig config, SpclNetworks nets, Prototypes prototypes, PrototypeSampler sampler, long seed) {
        this(config, nets, prototypes, sampler, seed, new SingleProcess());
    }

    /**
     * @param sampler the global batches (each rank trains on its slice)
     * @param collective the other ranks: NT-Xent's negatives span the global batch
     */
    public Spcl(
            SpclConfig config,
            SpclNetworks nets,
            Prototypes prototypes,
            PrototypeSampler sampler,
            long seed,
            Collective collective) {
        this.collective = collective;
        this.config = config;
        this.nets = nets;
        this.prototypes = prototypes;
        this.metric = new SiameseMetricLoss(nets.metricHead());
        this.prototypeLoss =
                new PrototypeLoss(nets.prototypeHead(), config.symmetricCe(), config.sceAlpha(), config.sceBeta());
        this.sampler = sampler;
        this.seed = seed;
    }

    @Override
    public List<MetricSpec> metrics() {
        return METRICS;
    }

    @Override
    public String name() {
        return "spcl";
    }

    @Override
    public Networks networks() {
        return nets;
    }

    /** Re-clusters the data set (unless a resumed checkpoint already holds this epoch's prototypes) and plans batches. */
    @Override
    public Map<String, Double> beforeEpoch(int epoch) {
        Map<String, Double> out = prototypes.epoch() == epoch ? Map.of() : prototypes.recluster(epoch, nets.backbone());
        sampler.publish(epoch, prototypes.assignments(), prototypes.count());
        return out;
    }

    @Override
    public StepOutput step(Tensor view1, Tensor view2, Tensor labels, StepContext ctx) {
        OnlineNetworks.Pair online = nets.online().forward(view1, view2);
        OnlineNetworks.Output o1 = online.first(), o2 = online.second();
        ctx.clock().lap(Phase.FORWARD);
        long[] pseudo = prototypes.of(ctx.indices());
        Tensor pseudoLabels = Tensors.onDeviceOf(Tensors.longs(pseudo, pseudo.length), o1.representation());
        Tensor e1 = o1.representation(), e2 = o2.representation();

        Tensor p1 = o1.projection(), p2 = o2.projection();
        Tensor con = NtXent.loss(
                p1,
                p2,
                collective.allGatherWithGradient(p1),
                collective.allGatherWithGradient(p2),
                (long) collective.rank() * p1.size(0),
                config.temperature());
        // SPCL Eq. 2 sums over the 2N views of the global batch
        if (config.contrastiveSum()) con = con.mul(Tensors.scalar(2.0 * view1.size(0) * collective.worldSize()));
        MetricPairs pairs =
                MetricPairs.draw(pseudo, sampler.anchor(ctx.step()), new SplittableRandom(seed * 31L + ctx.step()));
        Tensor met = metric.loss(e1, e2, pairs);
        Tensor proto = prototypeLoss
                .loss(e1, pseudoLabels)
                .add(prototypeLoss.loss(e2, pseudoLabels))
                .div(Tensors.scalar(2.0));
        Tensor total = con.mul(Tensors.scalar(config.lambdaCon())).add(proto.mul(Tensors.scalar(config.lambdaProto())));
        if (met != null) total = total.add(met.mul(Tensors.scalar(config.lambdaMetric())));

        Map<String, Double> metrics = new LinkedHashMap<>(ViewSimilarity.of(e1, e2, labels));
        // SPCL's Fig. 2b measures in the projection space; the backbone space is every method's common figure
        ViewSimilarity.of(o1.projection(), o2.projection(), labels)
                .forEach((k, v) -> metrics.put(k + ViewSimilarity.PROJECTION_SUFFIX, v));
        metrics.put(LOSS_CON, (double) Tensors.item(con));
        metrics.put(LOSS_PROTO, (double) Tensors.item(proto));
        if (met != null) metrics.put(LOSS_METRIC, (double) Tensors.item(met));
        metrics.put(METRIC_PAIRS, (double) pairs.size());
        ctx.clock().lap(Phase.QUEUE_LOSS);
        return new StepOutput(total, metrics);
    }

    public Prototypes prototypes() {
        return prototypes;
    }

    @Override
    public void save(StateWriter out) {
        nets.save(out);
        prototypes.save(out);
    }

    @Override
    public void load(StateReader in) {
        nets.load(in);
        prototypes.load(in);
    }
}
