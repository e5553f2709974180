package io.snclr.method.simclr;

import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;
import io.snclr.method.OnlineNetworks;
import io.snclr.method.PretrainMethod;
import io.snclr.method.StepContext;
import io.snclr.method.StepOutput;
import io.snclr.method.losses.NtXent;
import io.snclr.model.Encoder;
import java.util.List;
import java.util.Map;
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
    public String name() {
        return "simclr";
    }

    @Override
    public void beforeStep(StepContext ctx) {
        // no momentum networks
    }

    @Override
    public StepOutput step(Tensor view1, Tensor view2, Tensor labels, StepContext ctx) {
        Tensor z1 = nets.forward(view1).projection(), z2 = nets.forward(view2).projection();
        ctx.clock().lap("forward");
        Tensor loss = NtXent.loss(z1, z2, temperature);
        ctx.clock().lap("queue+loss");
        return new StepOutput(loss, Map.of());
    }

    @Override
    public Encoder backbone() {
        return nets.backbone();
    }

    @Override
    public List<Tensor> trainableParameters() {
        return nets.parameters();
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
