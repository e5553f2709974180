package io.snclr.method.nnclr;

import io.snclr.dist.Collective;
import io.snclr.dist.SingleProcess;
import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;
import io.snclr.engine.Tensors;
import io.snclr.method.CandidateQueue;
import io.snclr.method.MetricSpec;
import io.snclr.method.NeighborPrecision;
import io.snclr.method.Neighbors;
import io.snclr.method.Networks;
import io.snclr.method.OnlineNetworks;
import io.snclr.method.Phase;
import io.snclr.method.PretrainMethod;
import io.snclr.method.StepContext;
import io.snclr.method.StepOutput;
import io.snclr.method.ViewSimilarity;
import io.snclr.method.losses.InfoNce;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;

/**
 * NNCLR (Dwibedi et al. 2021): the positive of a view is the nearest neighbour of its projection in a support
 * set (FIFO queue of past online projections), contrasted with the other view's prediction; symmetric.
 */
public final class Nnclr implements PretrainMethod {
    private final OnlineNetworks nets;
    private final CandidateQueue support;
    private final double temperature;
    private final Collective collective;

    public Nnclr(OnlineNetworks nets, CandidateQueue support, double temperature) {
        this(nets, support, temperature, new SingleProcess());
    }

    /** @param collective the other ranks: their predictions are negatives, their projections join the support set */
    public Nnclr(OnlineNetworks nets, CandidateQueue support, double temperature, Collective collective) {
        this.nets = nets;
        this.support = support;
        this.temperature = temperature;
        this.collective = collective;
    }

    @Override
    public List<MetricSpec> metrics() {
        return Stream.concat(ViewSimilarity.METRICS.stream(), Stream.of(NeighborPrecision.METRIC))
                .toList();
    }

    @Override
    public Networks networks() {
        return nets;
    }

    @Override
    public String name() {
        return "nnclr";
    }

    @Override
    public StepOutput step(Tensor view1, Tensor view2, Tensor labels, StepContext ctx) {
        OnlineNetworks.Pair online = nets.forward(view1, view2);
        OnlineNetworks.Output o1 = online.first(), o2 = online.second();
        ctx.clock().lap(Phase.FORWARD);
        Tensor z1 = Tensors.l2normalize(o1.projection().detach()),
                z2 = Tensors.l2normalize(o2.projection().detach());
        Neighbors nn1 = support.nearest(z1, 1), nn2 = support.nearest(z2, 1);
        long n = z1.size(0), d = z1.size(1);
        Tensor loss = loss(
                nn1.features().view(n, d),
                collective.allGatherWithGradient(o2.prediction()),
                nn2.features().view(n, d),
                collective.allGatherWithGradient(o1.prediction()),
                (long) collective.rank() * n,
                temperature);
        support.enqueue(collective.allGather(z1), collective.allGather(Tensors.onDeviceOf(labels, z1)));
        Map<String, Double> metrics =
                new LinkedHashMap<>(ViewSimilarity.of(o1.representation(), o2.representation(), labels));
        double precision = NeighborPrecision.of(nn1.labels(), labels);
        if (!Double.isNaN(precision)) metrics.put(NeighborPrecision.KEY, precision);
        ctx.clock().lap(Phase.QUEUE_LOSS);
        return new StepOutput(loss, metrics);
    }

    /** InfoNCE(NN(z1), p2) + InfoNCE(NN(z2), p1): the neighbours are constants, gradients reach the predictions. */
    public static Tensor loss(Tensor nn1, Tensor p2, Tensor nn2, Tensor p1, double temperature) {
        return loss(nn1, p2, nn2, p1, 0, temperature);
    }

    /** As above with the predictions of the global batch: this rank's queries are its rows from {@code offset}. */
    static Tensor loss(Tensor nn1, Tensor p2, Tensor nn2, Tensor p1, long offset, double temperature) {
        return InfoNce.loss(nn1, p2, offset, temperature).add(InfoNce.loss(nn2, p1, offset, temperature));
    }

    @Override
    public void save(StateWriter out) {
        nets.save(out);
        support.save(out);
    }

    @Override
    public void load(StateReader in) {
        nets.load(in);
        support.load(in);
    }
}
