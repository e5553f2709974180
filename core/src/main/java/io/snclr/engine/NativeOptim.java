package io.snclr.engine;

import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OptimizerOptions;
import org.bytedeco.pytorch.SGD;
import org.bytedeco.pytorch.SGDOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/** One of libtorch's own optimisers: AdamW (decoupled weight decay) or SGD with momentum. */
public final class NativeOptim implements Optim {
    private final Optimizer optimizer;
    /** Sets this run's hyper-parameters (all but the learning rate) on a parameter group's options. */
    private final Consumer<OptimizerOptions> settings;

    private NativeOptim(Optimizer optimizer, Consumer<OptimizerOptions> settings) {
        this.optimizer = optimizer;
        this.settings = settings;
    }

    public static NativeOptim adamw(List<Tensor> params, double weightDecay) {
        AdamWOptions o = new AdamWOptions(1e-3);
        o.weight_decay().put(weightDecay);
        return new NativeOptim(
                new AdamW(vector(params), o),
                g -> new AdamWOptions(g).weight_decay().put(weightDecay));
    }

    public static NativeOptim sgd(List<Tensor> params, double momentum, double weightDecay) {
        SGDOptions o = new SGDOptions(0.1);
        o.momentum().put(momentum);
        o.weight_decay().put(weightDecay);
        return new NativeOptim(new SGD(vector(params), o), g -> {
            SGDOptions sgd = new SGDOptions(g);
            sgd.momentum().put(momentum);
            sgd.weight_decay().put(weightDecay);
        });
    }

    private static TensorVector vector(List<Tensor> params) {
        return new TensorVector(params.toArray(new Tensor[0]));
    }

    @Override
    public void setLr(double lr) {
        var groups = optimizer.param_groups();
        for (long i = 0; i < groups.size(); i++) groups.get(i).options().set_lr(lr);
    }

    @Override
    public void zeroGrad() {
        optimizer.zero_grad(true);
    }

    @Override
    public void step() {
        optimizer.step();
    }

    @Override
    public void save(StateWriter out) {
        out.putOptimizer("optimizer", optimizer);
    }

    @Override
    public void load(StateReader in) {
        in.intoOptimizer("optimizer", optimizer);
        // the saved groups carry the old run's options; a resumed run may have changed them (--allow-change)
        var groups = optimizer.param_groups();
        for (long i = 0; i < groups.size(); i++) settings.accept(groups.get(i).options());
    }
}
