package io.snclr.method.simclr;

import io.snclr.method.Phase;
import io.snclr.method.OnlineNetworks;
import io.snclr.method.Networks;
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

    public SimClr(OnlineNetworks nets, double temperature) {
        this.nets = nets;
        this.temperature = temperature;
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
        OnlineNetworks.Output o1 = nets.forward(view1), o2 = nets.forward(view2);
        ctx.clock().lap(Phase.FORWARD);
        Tensor loss = NtXent.loss(o1.projection(), o2.projection(), temperature);
        ctx.clock().lap(Phase.QUEUE_LOSS);
        return new StepOutput(loss, ViewSimilarity.of(o1.representation(), o2.representation(), labels));
    }
}
