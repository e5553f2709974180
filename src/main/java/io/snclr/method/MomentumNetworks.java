package io.snclr.method;

import io.snclr.engine.ModuleState;
import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;
import io.snclr.engine.Tensors;
import io.snclr.model.Encoder;
import io.snclr.model.MlpHead;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.bytedeco.pytorch.Tensor;

/**
 * MoCo v3's networks, shared by every momentum method: online backbone f, projector g and predictor h; momentum
 * backbone f' and projector g' that are exponential moving averages of f and g and receive no gradient.
 */
public final class MomentumNetworks {
    private final Encoder backbone;
    private final MlpHead projector;
    private final MlpHead predictor;
    private final Encoder momentumBackbone;
    private final MlpHead momentumProjector;

    /** Online output of one view: projection y = g(f(x)) and prediction z = h(y). */
    public record Online(Tensor projection, Tensor prediction) {}

    public MomentumNetworks(Supplier<Encoder> encoders, HeadConfig heads, String device) {
        backbone = encoders.get();
        projector = MlpHead.projector(backbone.featureDim(), heads.projectorHidden(), heads.dim());
        predictor = MlpHead.predictor(heads.dim(), heads.predictorHidden());
        momentumBackbone = encoders.get();
        momentumProjector = MlpHead.projector(backbone.featureDim(), heads.projectorHidden(), heads.dim());
        for (var m : List.of(backbone.module(), projector, predictor, momentumBackbone.module(), momentumProjector)) {
            ModuleState.toDevice(m, device);
        }
        ModuleState.copy(backbone.module(), momentumBackbone.module());
        ModuleState.copy(projector, momentumProjector);
        ModuleState.freeze(momentumBackbone.module());
        ModuleState.freeze(momentumProjector);
    }

    /** θ' ← m·θ' + (1−m)·θ. */
    public void updateMomentum(double m) {
        ModuleState.ema(momentumBackbone.module(), backbone.module(), m);
        ModuleState.ema(momentumProjector, projector, m);
    }

    public Online online(Tensor x) {
        Tensor y = projector.forward(backbone.forward(x));
        return new Online(y, predictor.forward(y));
    }

    /** Unit momentum keys k = normalize(g'(f'(x))), without gradient. */
    public Tensor keys(Tensor x) {
        return ModuleState.noGrad(() -> Tensors.l2normalize(momentumProjector.forward(momentumBackbone.forward(x))));
    }

    public Encoder backbone() {
        return backbone;
    }

    public List<Tensor> trainableParameters() {
        List<Tensor> out = new ArrayList<>(ModuleState.parameters(backbone.module()));
        out.addAll(ModuleState.parameters(projector));
        out.addAll(ModuleState.parameters(predictor));
        return out;
    }

    /** The EMA networks' parameters (frozen: they never receive a gradient). */
    public List<Tensor> momentumParameters() {
        List<Tensor> out = new ArrayList<>(ModuleState.parameters(momentumBackbone.module()));
        out.addAll(ModuleState.parameters(momentumProjector));
        return out;
    }

    public void train(boolean on) {
        backbone.module().train(on);
        projector.train(on);
        predictor.train(on);
        momentumBackbone.module().train(on);
        momentumProjector.train(on);
    }

    public void save(StateWriter out) {
        out.putModule("online.backbone", backbone.module()).putModule("online.projector", projector)
                .putModule("online.predictor", predictor).putModule("momentum.backbone", momentumBackbone.module())
                .putModule("momentum.projector", momentumProjector);
    }

    public void load(StateReader in) {
        in.intoModule("online.backbone", backbone.module());
        in.intoModule("online.projector", projector);
        in.intoModule("online.predictor", predictor);
        in.intoModule("momentum.backbone", momentumBackbone.module());
        in.intoModule("momentum.projector", momentumProjector);
    }
}
