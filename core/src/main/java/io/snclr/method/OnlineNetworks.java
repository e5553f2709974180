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
import org.bytedeco.pytorch.Tensor;

/**
 * The trained branch every method has: backbone f, projector g and, for BYOL-style methods, predictor h.
 * Checkpoint names: {@code online.backbone.*}, {@code online.projector.*}, {@code online.predictor.*}.
 */
public final class OnlineNetworks implements Networks {
    private final Encoder backbone;
    private final MlpHead projector;
    private final MlpHead predictor; // null for methods without one (SimCLR)
    private final Device device;
    private final Precision precision;

    /** Representation r = f(x), projection y = g(r) and prediction z = h(y) (null without a predictor). */
    public record Output(Tensor representation, Tensor projection, Tensor prediction) {}

    public OnlineNetworks(Encoder backbone, HeadConfig heads, boolean withPredictor, Device device) {
        this(backbone, heads, withPredictor, device, Precision.FP32);
    }

    /** @param precision of the forward passes (outputs are fp32 either way, so every loss is computed in fp32) */
    public OnlineNetworks(
            Encoder backbone, HeadConfig heads, boolean withPredictor, Device device, Precision precision) {
        this.device = device;
        this.precision = precision;
        this.backbone = backbone;
        boolean vit = backbone.isTransformer();
        this.projector = MlpHead.projector(
                heads.projectorLayersFor(vit),
                backbone.featureDim(),
                heads.projectorHidden(),
                heads.dim(),
                heads.projectorLastBnOrRecipe());
        this.predictor = withPredictor
                ? MlpHead.predictor(heads.dim(), heads.predictorHidden(), heads.predictorLastBnFor(vit))
                : null;
        ModuleState.toDevice(backbone.module(), device);
        ModuleState.toDevice(projector, device);
        if (predictor != null) ModuleState.toDevice(predictor, device);
    }

    /** Two views' outputs. */
    public record Pair(Output first, Output second) {}

    /**
     * Both views' forward passes in one autocast region: under bf16 each weight is cast once for both and that cast
     * is kept once until the backward pass, as inside one PyTorch {@code with torch.autocast(...)} block.
     */
    public Pair forward(Tensor view1, Tensor view2) {
        return Autocast.run(precision, device, () -> new Pair(forward(view1), forward(view2)));
    }

    public Output forward(Tensor x) {
        return Autocast.run(precision, device, () -> {
            var r = backbone.forward(x);
            var y = projector.forward(r);
            var z = predictor == null ? null : predictor.forward(y);
            return new Output(Tensors.toFloat(r), Tensors.toFloat(y), z == null ? null : Tensors.toFloat(z));
        });
    }

    @Override
    public Encoder backbone() {
        return backbone;
    }

    /** The projector g as a module (its parameters and buffers). */
    public org.bytedeco.pytorch.Module projectorModule() {
        return projector;
    }

    /** The predictor h as a module, or null without one. */
    public org.bytedeco.pytorch.Module predictorModule() {
        return predictor;
    }

    MlpHead projector() {
        return projector;
    }

    @Override
    public List<Tensor> trainableParameters() {
        List<Tensor> out = new ArrayList<>(ModuleState.trainable(backbone.module()));
        out.addAll(ModuleState.parameters(projector));
        if (predictor != null) out.addAll(ModuleState.parameters(predictor));
        return out;
    }

    @Override
    public void train(boolean on) {
        backbone.module().train(on);
        projector.train(on);
        if (predictor != null) predictor.train(on);
    }

    @Override
    public void shareBatchStatistics(BatchStatistics statistics, boolean withBackbone) {
        SyncBatchNorm.share(projector.batchNorms(), statistics);
        if (predictor != null) SyncBatchNorm.share(predictor.batchNorms(), statistics);
        if (withBackbone) SyncBatchNorm.share(backbone.batchNorms(), statistics);
    }

    @Override
    public void save(StateWriter out) {
        out.putModule("online.backbone", backbone.module()).putModule("online.projector", projector);
        if (predictor != null) out.putModule("online.predictor", predictor);
    }

    @Override
    public void load(StateReader in) {
        in.intoModule("online.backbone", backbone.module());
        in.intoModule("online.projector", projector);
        if (predictor != null) in.intoModule("online.predictor", predictor);
    }
}
