package io.snclr.method.byol;

import io.snclr.method.MomentumNetworks;
import io.snclr.method.Networks;
import io.snclr.method.OnlineNetworks;
import io.snclr.method.Phase;
import io.snclr.method.PretrainMethod;
import io.snclr.method.StepContext;
import io.snclr.method.StepOutput;
import io.snclr.method.ViewSimilarity;
import io.snclr.method.losses.NormalizedMse;
import org.bytedeco.pytorch.Tensor;

/** BYOL (Grill et al. 2020): the online prediction regresses the momentum projection of the other view. */
public final class Byol implements PretrainMethod {
    private final MomentumNetworks nets;

    public Byol(MomentumNetworks nets) {
        this.nets = nets;
    }

    @Override
    public Networks networks() {
        return nets;
    }

    @Override
    public String name() {
        return "byol";
    }

    @Override
    public void beforeStep(StepContext ctx) {
        nets.updateMomentum(ctx.momentum());
    }

    @Override
    public StepOutput step(Tensor view1, Tensor view2, Tensor labels, StepContext ctx) {
        Tensor k1 = nets.keys(view1), k2 = nets.keys(view2); // first: see Snclr.step
        OnlineNetworks.Pair online = nets.online(view1, view2);
        OnlineNetworks.Output o1 = online.first(), o2 = online.second();
        ctx.clock().lap(Phase.FORWARD);
        Tensor loss = NormalizedMse.loss(o1.prediction(), k2).add(NormalizedMse.loss(o2.prediction(), k1));
        ctx.clock().lap(Phase.QUEUE_LOSS);
        return new StepOutput(loss, ViewSimilarity.of(o1.representation(), o2.representation(), labels));
    }
}
