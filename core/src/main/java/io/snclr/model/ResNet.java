package io.snclr.model;

import io.snclr.engine.Layers;
import io.snclr.engine.ModuleState;
import io.snclr.engine.Scope;
import io.snclr.engine.Tensors;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * ResNet-18/34/50 with torchvision's layout and parameter names ({@code conv1}, {@code bn1},
 * {@code layer1.0.conv1.weight}, ...), without the classifier: the representation is the global average pool.
 */
public final class ResNet extends Module implements Encoder {
    private final ResNetConfig config;
    private final Conv2d conv1;
    private final BatchNorm2dImpl bn1;
    private final List<List<ResidualBlock>> stages = new ArrayList<>();
    /** The layer1..4 containers: held so the Java peers that libtorch calls back into are never collected. */
    private final List<Module> layers = new ArrayList<>();

    private final long featureDim;

    public ResNet(ResNetConfig config) {
        this.config = config;
        long stem = config.stageWidth(0);
        conv1 = register_module(
                "conv1",
                config.cifarStem()
                        ? new Conv2d(config.inChannels(), stem, 3, 1, 1)
                        : new Conv2d(config.inChannels(), stem, 7, 2, 3));
        bn1 = register_module("bn1", Layers.batchNorm2d(stem));
        int expansion = config.bottleneck() ? Bottleneck.EXPANSION : BasicBlock.EXPANSION;
        long in = stem;
        int[] blocks = config.blocks();
        for (int s = 0; s < 4; s++) {
            Module layer = register_module("layer" + (s + 1), new Module());
            layers.add(layer);
            List<ResidualBlock> stage = new ArrayList<>();
            long planes = config.stageWidth(s);
            for (int b = 0; b < blocks[s]; b++) {
                long stride = (s > 0 && b == 0) ? 2 : 1;
                ResidualBlock block =
                        config.bottleneck() ? new Bottleneck(in, planes, stride) : new BasicBlock(in, planes, stride);
                layer.register_module(String.valueOf(b), block.asModule());
                stage.add(block);
                in = planes * expansion;
            }
            stages.add(stage);
        }
        featureDim = in;
        if (config.zeroInitResidual()) {
            ModuleState.noGrad(() -> {
                for (List<ResidualBlock> stage : stages)
                    for (ResidualBlock b : stage) b.lastNorm().weight().zero_();
            });
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        // one scope over the whole network: no Java reference keeps a block's output alive once the pool has it, so
        // autograd frees each saved activation during the backward pass, as PyTorch does
        return Scope.layer(() -> {
            Tensor y = Tensors.reluInPlace(bn1.forward(conv1.forward(Layers.channelsLast(x))));
            if (!config.cifarStem()) y = Layers.maxPool3x3s2(y);
            for (List<ResidualBlock> stage : stages) {
                for (ResidualBlock block : stage) y = block.forward(y);
            }
            return Layers.globalAvgPool(y);
        });
    }

    @Override
    public List<Module> batchNorms() {
        List<Module> out = new ArrayList<>(List.of(bn1));
        for (List<ResidualBlock> stage : stages) for (ResidualBlock b : stage) out.addAll(b.norms());
        return out;
    }

    @Override
    public long featureDim() {
        return featureDim;
    }

    @Override
    public Module module() {
        return this;
    }

    public ResNetConfig config() {
        return config;
    }
}
