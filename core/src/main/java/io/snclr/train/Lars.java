package io.snclr.train;

import io.snclr.engine.Device;
import io.snclr.engine.ModuleState;
import io.snclr.engine.Optim;
import io.snclr.engine.Scope;
import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;
import io.snclr.engine.Tensors;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * LARS (You et al. 2017) as MoCo v3 uses it: for weight matrices and kernels, add weight decay and rescale the
 * update by the trust ratio η·‖p‖/‖g‖; biases and normalisation parameters (1-D) get neither; then SGD momentum.
 */
final class Lars implements Optim {
    private final List<Tensor> params;
    private final List<Tensor> velocity = new ArrayList<>();
    private final double weightDecay;
    private final double momentum;
    private final double trust;
    private double lr;

    Lars(List<Tensor> params, double weightDecay, double momentum, double trust) {
        this.params = params;
        this.weightDecay = weightDecay;
        this.momentum = momentum;
        this.trust = trust;
        for (Tensor p : params)
            velocity.add(Tensors.zeros(Device.CPU, p.shape()).to(p));
    }

    @Override
    public void setLr(double lr) {
        this.lr = lr;
    }

    @Override
    public void zeroGrad() {
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g.defined()) g.zero_();
        }
    }

    @Override
    public void step() {
        ModuleState.noGrad(() -> {
            try (Scope s = Scope.open()) {
                for (int i = 0; i < params.size(); i++) update(params.get(i), velocity.get(i));
            }
        });
    }

    private void update(Tensor p, Tensor v) {
        Tensor g = p.grad();
        if (!g.defined()) return;
        Tensor d = g;
        if (p.ndimension() > 1) {
            d = g.add(p, Tensors.scalar(weightDecay));
            // trust ratio η·‖p‖/‖d‖ (1 where either norm is 0), kept on the device: no host sync per parameter
            Tensor pn = p.norm(), dn = d.norm();
            Tensor bothPositive = pn.mul(dn).gt(Tensors.scalar(0));
            Tensor q = Tensors.where(
                    bothPositive,
                    pn.div(dn).mul(Tensors.scalar(trust)),
                    Tensors.ones(Device.CPU).to(pn));
            d = d.mul(q);
        }
        v.mul_(Tensors.scalar(momentum)).add_(d);
        p.add_(v, Tensors.scalar(-lr));
    }

    @Override
    public void save(StateWriter out) {
        for (int i = 0; i < velocity.size(); i++) out.put("lars.velocity." + i, velocity.get(i));
    }

    @Override
    public void load(StateReader in) {
        for (int i = 0; i < velocity.size(); i++) in.into("lars.velocity." + i, velocity.get(i));
    }
}
