package io.snclr.method.simclr;

import io.snclr.dist.Collective;
import io.snclr.dist.SingleProcess;
import io.snclr.method.Networks;
import io.snclr.method.OnlineNetworks;
import io.snclr.method.Phase;
import io.snclr.method.PretrainMethod;
import io.snclr.method.StepContext;
import io.snclr.method.StepOutput;
import io.snclr.method.ViewSimilarity;
import io.snclr.method.losses.NtXent;
import org.bytedeco.pytorch.Tensor;

/** SimCLR (Chen et al. 2020): one network, projector, NT-Xent over the 2N views of the batch. */
public final class SimClr implements PretrainMethod {
    private final OnlineNetworks nets;
    private final double temperature;
    private final Collective collective;

    public SimClr(OnlineNetworks nets, double temperature) {
        this(nets, temperature, new SingleProcess());
    }

    /** @param collective the other ranks: their views are this rank's negatives too */
    public SimClr(OnlineNetworks nets, double temperature, Collective collective) {
        this.nets = nets;
        this.temperature = temperature;
        this.collective = collective;
    }

    @Override
    public Networks networks() {
        return nets;
    }

    @Override
    public String name() {
        return "simclr";
    }

    @Override
    public StepOutput step(Tensor view1, Tensor view2, Tensor labels, StepContext ctx) {
        OnlineNetworks.Pair online = nets.forward(view1, view2);
        OnlineNetworks.Output o1 = online.first(), o2 = online.second();
        ctx.clock().lap(Phase.FORWARD);
        Tensor a = o1.projection(), b = o2.projection();
        Tensor loss = NtXent.loss(
                a,
                b,
                collective.allGatherWithGradient(a),
                collective.allGatherWithGradient(b),
                (long) collective.rank() * a.size(0),
                temperature);
        ctx.clock().lap(Phase.QUEUE_LOSS);
        return new StepOutput(loss, ViewSimilarity.of(o1.representation(), o2.representation(), labels));
    }
}
