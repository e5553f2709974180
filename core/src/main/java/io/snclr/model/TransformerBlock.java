package io.snclr.model;

import io.snclr.engine.Layers;
import io.snclr.engine.ModuleState;
import io.snclr.engine.Scope;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * A pre-norm transformer block with timm's names: x + attn(norm1(x)), then x + mlp(norm2(x));
 * {@code attn.qkv}, {@code attn.proj}, {@code mlp.fc1}, {@code mlp.fc2}.
 */
final class TransformerBlock extends Module {
    private final int heads;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    /** The attn and mlp containers: held so the Java peers libtorch refers to are never collected. */
    private final Module attn;

    private final Module mlp;
    private final LinearImpl qkv;
    private final LinearImpl proj;
    private final LinearImpl fc1;
    private final LinearImpl fc2;

    TransformerBlock(int dim, int heads, int mlpRatio, boolean mocoInit) {
        this.heads = heads;
        norm1 = register_module("norm1", new LayerNorm(dim));
        attn = register_module("attn", new Module());
        qkv = attn.register_module("qkv", linear(dim, 3L * dim, mocoInit, true));
        proj = attn.register_module("proj", linear(dim, dim, mocoInit, false));
        norm2 = register_module("norm2", new LayerNorm(dim));
        mlp = register_module("mlp", new Module());
        fc1 = mlp.register_module("fc1", linear(dim, (long) mlpRatio * dim, mocoInit, false));
        fc2 = mlp.register_module("fc2", linear((long) mlpRatio * dim, dim, mocoInit, false));
    }

    /**
     * timm's initialisation (truncated normal, std 0.02) or MoCo v3's (xavier-uniform; qkv as three d×d matrices,
     * so its bound is √(6 / (out/3 + in))); zero biases either way.
     */
    private static LinearImpl linear(long in, long out, boolean moco, boolean qkv) {
        LinearImpl l = Layers.linear(in, out, true);
        ModuleState.noGrad(() -> {
            l.weight()
                    .copy_(
                            moco
                                    ? Layers.xavierUniform(qkv ? out / 3 : out, in, out, in)
                                    : Layers.truncNormal(0.02, out, in));
            l.bias().zero_();
        });
        return l;
    }

    Tensor forward(Tensor x) {
        return Scope.layer(() -> {
            Tensor h = x.add(attention(norm1.forward(x)));
            return h.add(Layers.linear(fc2, Layers.gelu(Layers.linear(fc1, norm2.forward(h)))));
        });
    }

    private Tensor attention(Tensor x) {
        long b = x.size(0), n = x.size(1), d = x.size(2);
        Tensor parts = Layers.linear(qkv, x).reshape(b, n, 3, heads, d / heads).permute(2, 0, 3, 1, 4); // 3×B×H×N×d_h
        Tensor out = Layers.attention(parts.select(0, 0), parts.select(0, 1), parts.select(0, 2));
        return Layers.linear(proj, out.transpose(1, 2).reshape(b, n, d));
    }
}
