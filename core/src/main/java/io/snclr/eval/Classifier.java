package io.snclr.eval;

import io.snclr.engine.Device;
import io.snclr.engine.Layers;
import io.snclr.engine.ModuleState;
import io.snclr.model.Encoder;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;

/** A linear head on features, on a frozen backbone, or on a backbone that is fine-tuned with it. */
final class Classifier {
    private final Encoder backbone; // null: the inputs are already features
    private final boolean tuneBackbone;
    private final LinearImpl head;

    Classifier(Encoder backbone, boolean tuneBackbone, long featureDim, int classes, Device device) {
        this.backbone = backbone;
        this.tuneBackbone = tuneBackbone;
        this.head = Layers.linearNormal(featureDim, classes, 0.01); // main_lincls.py: normal_(0, 0.01), bias 0
        ModuleState.toDevice(head, device);
    }

    Tensor logits(Tensor x) {
        if (backbone == null) return head.forward(x);
        Tensor features = tuneBackbone ? backbone.forward(x) : ModuleState.noGrad(() -> backbone.forward(x));
        return head.forward(features);
    }

    List<Tensor> parameters() {
        List<Tensor> out = new ArrayList<>(ModuleState.parameters(head));
        if (tuneBackbone) out.addAll(ModuleState.parameters(backbone.module()));
        return out;
    }

    /** Training mode for what is trained; a frozen backbone keeps its batch-norm statistics (eval mode). */
    void train(boolean on) {
        head.train(on);
        if (backbone != null) backbone.module().train(on && tuneBackbone);
    }
}
