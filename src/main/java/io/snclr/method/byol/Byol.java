package io.snclr.method.byol;

import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;
import io.snclr.method.MomentumNetworks;
import io.snclr.method.PretrainMethod;
import io.snclr.method.StepContext;
import io.snclr.method.StepOutput;
import io.snclr.method.losses.NormalizedMse;
import io.snclr.model.Encoder;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/** BYOL (Grill et al. 2020): the online prediction regresses the momentum projection of the other view. */
public final class Byol implements PretrainMethod {
    private final MomentumNetworks nets;

    public Byol(MomentumNetworks nets) {
        this.nets = nets;
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
        Tensor p1 = nets.online(view1).prediction(), p2 = nets.online(view2).prediction();
        Tensor k1 = nets.keys(view1), k2 = nets.keys(view2);
        ctx.clock().lap("forward");
        Tensor loss = NormalizedMse.loss(p1, k2).add(NormalizedMse.loss(p2, k1));
        ctx.clock().lap("queue+loss");
        return new StepOutput(loss, Map.of());
    }

    @Override
    public Encoder backbone() {
        return nets.backbone();
    }

    @Override
    public List<Tensor> trainableParameters() {
        return nets.trainableParameters();
    }

    @Override
    public void train(boolean on) {
        nets.train(on);
    }

    @Override
    public void save(StateWriter out) {
        nets.save(out);
    }

    @Override
    public void load(StateReader in) {
        nets.load(in);
    }
}
