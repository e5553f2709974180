package io.snclr.train;

import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;
import java.util.List;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/** libtorch's AdamW (decoupled weight decay), the ViT recipe's optimiser. */
final class AdamWOptim implements Optim {
    private final AdamW adamw;

    AdamWOptim(List<Tensor> params, double weightDecay) {
        AdamWOptions o = new AdamWOptions(1e-3);
        o.weight_decay().put(weightDecay);
        adamw = new AdamW(new TensorVector(params.toArray(new Tensor[0])), o);
    }

    @Override
    public void setLr(double lr) {
        var groups = adamw.param_groups();
        for (long i = 0; i < groups.size(); i++) groups.get(i).options().set_lr(lr);
    }

    @Override
    public void zeroGrad() {
        adamw.zero_grad(true);
    }

    @Override
    public void step() {
        adamw.step();
    }

    @Override
    public void save(StateWriter out) {
        out.putOptimizer("optimizer", adamw);
    }

    @Override
    public void load(StateReader in) {
        in.intoOptimizer("optimizer", adamw);
    }
}
