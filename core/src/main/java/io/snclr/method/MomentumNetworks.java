package io.snclr.method;

import io.snclr.engine.Autocast;
import io.snclr.engine.BatchStatistics;
import io.snclr.engine.Device;
import io.snclr.engine.ModuleState;
import io.snclr.engine.Precision;
import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;
import io.snclr.engine.SyncBatchNorm;
import io.snclr.engine.Tensors;
import io.snclr.model.Encoder;
import io.snclr.model.MlpHead;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.bytedeco.pytorch.Tensor;

/**
 * MoCo v3's networks, shared by every momentum method (SNCLR, MoCo v3, BYOL): the online f, g, h, and a momentum
 * backbone f' and projector g' that are exponential moving averages of f and g and receive no gradient.
 */
public final class MomentumNetworks implements Networks {
    private final OnlineNetworks online;
    private final Encoder momentumBackbone;
    private final MlpHead momentumProjector;
    private final Device device;
    private final Precision precision;

    public MomentumNetworks(Supplier<Encoder> encoders, HeadConfig heads, Device device) {
        this(encoders.get(), encoders.get(), heads, device, Precision.FP32);
    }

    /**
     * @param onlineBackbone f, with its starting weights
     * @param momentumBackbone f', the same architecture: it starts as a copy of f, whatever its own weights are
     * @param precision of every forward pass, online and momentum (keys are fp32 either way)
     */
    public MomentumNetworks(
            Encoder onlineBackbone, Encoder momentumBackbone, HeadConfig heads, Device device, Precision precision) {
        this.device = device;
        this.precision = precision;
        online = new OnlineNetworks(onlineBackbone, heads, true, device, precision);
        this.momentumBackbone = momentumBackbone;
        momentumProjector = MlpHead.projector(
                heads.projectorLayersFor(momentumBackbone.isTransformer()),
                momentumBackbone.featureDim(),
                heads.projectorHidden(),
                heads.dim(),
                heads.projectorLastBnOrRecipe());
        ModuleState.toDevice(momentumBackbone.module(), device);
        ModuleState.toDevice(momentumProjector, device);
        ModuleState.copy(online.backbone().module(), momentumBackbone.module());
        ModuleState.copy(online.projector(), momentumProjector);
        ModuleState.freeze(momentumBackbone.module());
        ModuleState.freeze(momentumProjector);
    }

    /** θ' ← m·θ' + (1−m)·θ. */
    public void updateMomentum(double m) {
        ModuleState.ema(momentumBackbone.module(), online.backbone().module(), m);
        ModuleState.ema(momentumProjector, online.projector(), m);
    }

    public OnlineNetworks.Output online(Tensor x) {
        return online.forward(x);
    }

    /** Both views through the online networks, each weight cast once under bf16 ({@link OnlineNetworks#forward}). */
    public OnlineNetworks.Pair online(Tensor view1, Tensor view2) {
        return online.forward(view1, view2);
    }

    /** Unit momentum keys k = normalize(g'(f'(x))), without gradient. */
    public Tensor keys(Tensor x) {
        return ModuleState.noGrad(() -> Autocast.run(
                precision,
                device,
                () -> Tensors.l2normalize(Tensors.toFloat(momentumProjector.forward(momentumBackbone.forward(x))))));
    }

    @Override
    public Encoder backbone() {
        return online.backbone();
    }

    @Override
    public List<Tensor> trainableParameters() {
        return online.trainableParameters();
    }

    /** The EMA networks' parameters (frozen: they never receive a gradient). */
    public List<Tensor> momentumParameters() {
        List<Tensor> out = new ArrayList<>(ModuleState.parameters(momentumBackbone.module()));
        out.addAll(ModuleState.parameters(momentumProjector));
        return out;
    }

    @Override
    public void train(boolean on) {
        online.train(on);
        momentumBackbone.module().train(on);
        momentumProjector.train(on);
    }

    @Override
    public void shareBatchStatistics(BatchStatistics statistics, boolean withBackbone) {
        online.shareBatchStatistics(statistics, withBackbone);
        SyncBatchNorm.share(momentumProjector.batchNorms(), statistics);
        if (withBackbone) SyncBatchNorm.share(momentumBackbone.batchNorms(), statistics);
    }

    @Override
    public void save(StateWriter out) {
        online.save(out);
        out.putModule("momentum.backbone", momentumBackbone.module())
                .putModule("momentum.projector", momentumProjector);
    }

    @Override
    public void load(StateReader in) {
        online.load(in);
        in.intoModule("momentum.backbone", momentumBackbone.module());
        in.intoModule("momentum.projector", momentumProjector);
    }
}
