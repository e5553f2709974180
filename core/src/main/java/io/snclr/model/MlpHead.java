package io.snclr.model;

import io.snclr.engine.Layers;
import io.snclr.engine.Scope;
import io.snclr.engine.Tensors;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.BatchNorm1dImpl;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * MoCo v3's MLP heads: {@code layers} × (Linear without bias → BatchNorm → ReLU), the last BatchNorm without affine
 * parameters and without ReLU. Children are numbered like the nn.Sequential they mirror (0, 1, 3, 4, ...).
 * MoCo v3: the projector has 2 layers (ResNet) or 3 (ViT); the predictor 2, its last BatchNorm only for ViTs.
 */
public final class MlpHead extends Module {
    private final List<LinearImpl> linears = new ArrayList<>();
    private final List<BatchNorm1dImpl> norms = new ArrayList<>();

    /** @param lastBn a BatchNorm (without affine parameters) after the last Linear */
    public MlpHead(int layers, long in, long hidden, long out, boolean lastBn) {
        if (layers < 1) throw new IllegalArgumentException("an MLP head needs at least one layer");
        int index = 0;
        for (int l = 0; l < layers; l++) {
            boolean last = l == layers - 1;
            long a = l == 0 ? in : hidden;
            long b = last ? out : hidden;
            linears.add(register_module(String.valueOf(index++), Layers.linear(a, b, false)));
            if (!last || lastBn) norms.add(register_module(String.valueOf(index++), Layers.batchNorm1d(b, !last)));
            if (!last) index++; // the ReLU's slot in the Sequential
        }
    }

    public static MlpHead projector(int layers, long in, long hidden, long out, boolean lastBn) {
        return new MlpHead(layers, in, hidden, out, lastBn);
    }

    public static MlpHead predictor(long dim, long hidden, boolean lastBn) {
        return new MlpHead(2, dim, hidden, dim, lastBn);
    }

    /** Its BatchNorm layers: what SyncBatchNorm synchronises. */
    public List<Module> batchNorms() {
        return List.copyOf(norms);
    }

    public Tensor forward(Tensor x) {
        return Scope.layer(() -> {
            Tensor y = x;
            for (int l = 0; l < linears.size(); l++) {
                y = Layers.linear(linears.get(l), y);
                if (l < norms.size()) y = norms.get(l).forward(y);
                if (l < linears.size() - 1) y = Tensors.reluInPlace(y);
            }
            return y;
        });
    }
}
