package io.snclr.model;

import io.snclr.engine.ModuleState;
import io.snclr.engine.PickledState;
import io.snclr.engine.ScriptModules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * A backbone as the state_dict torchvision or timm would hold for it (our parameter names are theirs, without the
 * classifier), written in torch.save's format, or as a runnable TorchScript module; and the Python lines that load it.
 */
public final class EncoderExport {
    private EncoderExport() {}

    /** Writes {@code encoder} to {@code file} and returns the Python that loads it (one line per element). */
    public static List<String> write(Encoder encoder, EncoderSpec spec, WeightFormat format, Path file) {
        Map<String, Tensor> tensors = ModuleState.named(encoder.module());
        if (format == WeightFormat.TORCHSCRIPT) {
            ScriptModules.save("snclr." + spec.name().replace("-", "_"), tensors, ScriptSource.of(spec, tensors), file);
            return List.of(
                    "import torch",
                    "m = torch.jit.load(\"" + file.getFileName() + "\").eval()",
                    "y = m(x)  # x: N x " + spec.inChannels() + " x " + spec.imageSize() + " x " + spec.imageSize()
                            + ", normalised as above; y: N x " + encoder.featureDim());
        }
        List<String> python = python(spec, format, file);
        PickledState.write(tensors, file);
        return python;
    }

    static List<String> python(EncoderSpec spec, WeightFormat format, Path file) {
        boolean vit = spec.name().startsWith("vit-");
        if (vit && format == WeightFormat.TORCHVISION) {
            throw new IllegalArgumentException("--format torchvision: torchvision's ViTs use other parameter names; "
                    + "export " + spec.name() + " with --format timm");
        }
        List<String> lines = new ArrayList<>();
        String load = "sd = torch.load(\"" + file.getFileName() + "\", map_location=\"cpu\")";
        if (vit) {
            lines.add("import torch, timm");
            lines.add(load);
            lines.add("m = timm.create_model(\"vit_" + spec.name().substring(4)
                    + "_patch16_224\", num_classes=0, patch_size=" + spec.patch() + ", img_size=" + spec.imageSize()
                    + ", in_chans=" + spec.inChannels() + ", num_heads="
                    + ViTConfig.preset(
                                    spec.name(),
                                    spec.patch(),
                                    spec.imageSize(),
                                    spec.inChannels(),
                                    true,
                                    VitRecipe.MOCOV3)
                            .heads()
                    + ")");
            lines.add("print(m.load_state_dict(sd, strict=False))  # nothing missing: num_classes=0 has no head");
            return lines;
        }
        String depth = spec.name().substring("resnet".length());
        boolean plain = spec.width() == 1.0 && !spec.cifarStem() && spec.inChannels() == 3;
        lines.add(format == WeightFormat.TIMM ? "import torch, timm" : "import torch, torchvision");
        lines.add(load);
        lines.add(
                format == WeightFormat.TIMM
                        ? "m = timm.create_model(\"resnet" + depth + "\", num_classes=0)"
                        : "m = torchvision.models.resnet" + depth + "()");
        if (spec.width() != 1.0) {
            lines.add(
                    "# width " + spec.width() + ": the names are torchvision's, but no stock ResNet has these channel "
                            + "counts; build one with them before loading");
        }
        if (spec.cifarStem() || spec.inChannels() != 3) {
            long stem = Math.round(64 * spec.width());
            lines.add("m.conv1 = torch.nn.Conv2d(" + spec.inChannels() + ", " + stem
                    + (spec.cifarStem() ? ", 3, 1, 1" : ", 7, 2, 3") + ", bias=False)"
                    + (spec.cifarStem() ? "; m.maxpool = torch.nn.Identity()  # CIFAR stem" : ""));
        }
        lines.add("print(m.load_state_dict(sd, strict=False))  # missing only "
                + (format == WeightFormat.TIMM && plain
                        ? "nothing (num_classes=0)"
                        : "fc.weight, fc.bias: the classifier"));
        return lines;
    }
}
