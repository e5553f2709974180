package io.snclr.model;

import io.snclr.engine.Device;
import io.snclr.engine.Layers;
import io.snclr.engine.ModuleState;
import io.snclr.engine.Scope;
import io.snclr.engine.Tensors;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * ViT (Dosovitskiy et al. 2021) with timm/DeiT parameter names ({@code cls_token}, {@code pos_embed},
 * {@code patch_embed.proj.*}, {@code blocks.i.*}, {@code norm.*}), learned position embeddings, pre-norm blocks and
 * the final-norm [CLS] token as the representation; no classifier head.
 */
public final class VisionTransformer extends Module implements Encoder {
    private final ViTConfig config;
    private final Tensor clsToken;
    private final Tensor posEmbed;
    private final Module patchEmbed;
    private final Module patchProj;
    private final Tensor patchWeight;
    private final Tensor patchBias;
    private final Module blockList;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNorm norm;

    public VisionTransformer(ViTConfig config) {
        this.config = config;
        int d = config.dim(), p = config.patch();
        // own handles (new Tensor): register_parameter returns a reference into a dict that reallocates as it grows
        clsToken = new Tensor(register_parameter(
                "cls_token", Tensors.randn(Device.CPU, 1, 1, d).mul(Tensors.scalar(1e-6))));
        boolean moco = config.recipe() == VitRecipe.MOCOV3;
        // MoCo v3 keeps pos_embed as a frozen parameter, so the state_dict has the same names as timm's
        posEmbed = new Tensor(register_parameter(
                "pos_embed",
                moco
                        ? SinCos.positions(config.imageSize() / p, d)
                        : Layers.truncNormal(0.02, 1, config.patches() + 1, d),
                !moco));
        patchEmbed = register_module("patch_embed", new Module());
        patchProj = patchEmbed.register_module("proj", new Module());
        long fanIn = (long) config.inChannels() * p * p;
        patchWeight = new Tensor(
                patchProj.register_parameter("weight", Layers.xavierUniform(d, fanIn, d, config.inChannels(), p, p)));
        patchBias = new Tensor(patchProj.register_parameter("bias", Tensors.zeros(Device.CPU, d)));
        if (config.frozenPatchEmbedding()) ModuleState.freeze(patchEmbed);
        blockList = register_module("blocks", new Module());
        for (int i = 0; i < config.depth(); i++) {
            blocks.add(blockList.register_module(
                    String.valueOf(i), new TransformerBlock(d, config.heads(), config.mlpRatio(), moco)));
        }
        norm = register_module("norm", new LayerNorm(d));
    }

    @Override
    public Tensor forward(Tensor images) {
        return Scope.layer(
                () -> { // as ResNet: the blocks' outputs are autograd's to free
                    long b = images.size(0);
                    Tensor x = Layers.patchConv(images, patchWeight, patchBias, config.patch())
                            .flatten(2, 3)
                            .transpose(1, 2);
                    x = Tensors.cat(1, clsToken.expand(b, -1, -1), x).add(posEmbed);
                    for (TransformerBlock block : blocks) x = block.forward(x);
                    return norm.forward(x).select(1, 0);
                });
    }

    @Override
    public boolean isTransformer() {
        return true;
    }

    @Override
    public long featureDim() {
        return config.dim();
    }

    @Override
    public Module module() {
        return this;
    }

    public ViTConfig config() {
        return config;
    }
}
