package io.snclr.model;

import io.snclr.engine.ScriptModules;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * The backbone's inference forward (BatchNorm with running statistics) as TorchScript source over its named tensors,
 * the same computation as {@link ResNet#forward} / {@link VisionTransformer#forward}: what {@code snclr export
 * --format torchscript} saves so that {@code torch.jit.load} runs the encoder without Python model code.
 */
final class ScriptSource {
    private final Map<String, Tensor> tensors;
    private final StringBuilder src = new StringBuilder("def forward(self, x: Tensor) -> Tensor:\n");

    private ScriptSource(Map<String, Tensor> tensors) {
        this.tensors = tensors;
    }

    static String of(EncoderSpec spec, Map<String, Tensor> tensors) {
        ScriptSource s = new ScriptSource(tensors);
        return spec.name().startsWith("vit-") ? s.vit(spec) : s.resnet(spec);
    }

    private String resnet(EncoderSpec spec) {
        line("x = torch.relu(" + bn("bn1", conv("conv1", "x", spec.cifarStem() ? 1 : 2)) + ")");
        if (!spec.cifarStem()) line("x = torch.max_pool2d(x, [3, 3], [2, 2], [1, 1])");
        boolean bottleneck = tensors.containsKey("layer1.0.conv3.weight");
        for (int stage = 1; stage <= 4; stage++) {
            for (int b = 0; tensors.containsKey("layer" + stage + "." + b + ".conv1.weight"); b++) {
                String p = "layer" + stage + "." + b + ".";
                int stride = stage > 1 && b == 0 ? 2 : 1;
                line("y = torch.relu(" + bn(p + "bn1", conv(p + "conv1", "x", bottleneck ? 1 : stride)) + ")");
                if (bottleneck) {
                    line("y = torch.relu(" + bn(p + "bn2", conv(p + "conv2", "y", stride)) + ")");
                    line("y = " + bn(p + "bn3", conv(p + "conv3", "y", 1)));
                } else {
                    line("y = " + bn(p + "bn2", conv(p + "conv2", "y", 1)));
                }
                String identity = tensors.containsKey(p + "downsample.0.weight")
                        ? bn(p + "downsample.1", conv(p + "downsample.0", "x", stride))
                        : "x";
                line("x = torch.relu(y + " + identity + ")");
            }
        }
        line("return torch.mean(x, [2, 3])");
        return src.toString();
    }

    private String vit(EncoderSpec spec) {
        long d = tensors.get("cls_token").size(2);
        long heads = ViTConfig.preset(
                        spec.name(), spec.patch(), spec.imageSize(), spec.inChannels(), false, VitRecipe.TIMM)
                .heads();
        int p = spec.patch();
        line("b = x.size(0)");
        line("t = torch.conv2d(x, " + self("patch_embed.proj.weight") + ", " + self("patch_embed.proj.bias") + ", [" + p
                + ", " + p + "]).flatten(2).transpose(1, 2)");
        line("t = torch.cat([" + self("cls_token") + ".expand(b, -1, -1), t], 1) + " + self("pos_embed"));
        line("n = t.size(1)");
        for (int i = 0; tensors.containsKey("blocks." + i + ".norm1.weight"); i++) {
            String q = "blocks." + i + ".";
            line("qkv = " + linear(q + "attn.qkv", norm(q + "norm1", "t", d)) + ".reshape(b, n, 3, " + heads + ", "
                    + d / heads + ").permute(2, 0, 3, 1, 4)");
            // written out rather than scaled_dot_product_attention, which PyTorch before 2.0 lacks
            line("a = torch.softmax(torch.matmul(qkv[0], qkv[1].transpose(-2, -1)) * " + Math.pow(d / heads, -0.5)
                    + ", -1)");
            line("t = t + "
                    + linear(q + "attn.proj", "torch.matmul(a, qkv[2]).transpose(1, 2).reshape(b, n, " + d + ")"));
            line("t = t + "
                    + linear(q + "mlp.fc2", "torch.gelu(" + linear(q + "mlp.fc1", norm(q + "norm2", "t", d)) + ")"));
        }
        line("return " + norm("norm", "t", d) + ".select(1, 0)");
        return src.toString();
    }

    private String conv(String name, String in, int stride) {
        long pad = tensors.get(name + ".weight").size(2) / 2;
        return "torch.conv2d(" + in + ", " + self(name + ".weight") + ", None, [" + stride + ", " + stride + "], ["
                + pad + ", " + pad + "])";
    }

    private String bn(String name, String in) {
        return "torch.batch_norm(" + in + ", " + self(name + ".weight") + ", " + self(name + ".bias") + ", "
                + self(name + ".running_mean") + ", " + self(name + ".running_var") + ", False, 0.1, 1e-05, True)";
    }

    private String norm(String name, String in, long d) {
        return "torch.layer_norm(" + in + ", [" + d + "], " + self(name + ".weight") + ", " + self(name + ".bias")
                + ", 1e-06)";
    }

    private String linear(String name, String in) {
        return "torch.linear(" + in + ", " + self(name + ".weight") + ", " + self(name + ".bias") + ")";
    }

    private String self(String name) {
        if (!tensors.containsKey(name)) throw new IllegalStateException("the encoder has no tensor " + name);
        return "self." + ScriptModules.attribute(name);
    }

    private void line(String s) {
        src.append("    ").append(s).append('\n');
    }
}
