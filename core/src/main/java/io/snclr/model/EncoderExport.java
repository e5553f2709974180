package io.snclr.model;

import io.snclr.engine.ModuleState;
import io.snclr.engine.PickledState;
import io.snclr.engine.SafeTensors;
import io.snclr.engine.ScriptModules;
import io.snclr.files.AtomicFile;
import java.nio.file.Files;
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
        return write(encoder, spec, format, file, null, false);
    }

    /**
     * Writes {@code encoder} to {@code file} and returns the Python that prepares an image as the run did ({@code prep},
     * when known) and loads the file, one line per element.
     *
     * @param normalizationInGraph ONNX only: the graph takes pixels in [0, 1] and normalises them itself
     */
    public static List<String> write(
            Encoder encoder,
            EncoderSpec spec,
            WeightFormat format,
            Path file,
            Preprocessing prep,
            boolean normalizationInGraph) {
        Map<String, Tensor> tensors = ModuleState.named(encoder.module());
        List<String> lines = new ArrayList<>();
        if (prep != null) {
            lines.add("from PIL import Image; from torchvision import transforms");
            lines.add(prep.torchvision(spec, !(format == WeightFormat.ONNX && normalizationInGraph)));
            lines.add("x = prep(Image.open(\"photo.jpg\").convert(\"RGB\")).unsqueeze(0)");
        }
        if (prep == null) {
            lines.add("# x: N x " + spec.inChannels() + " x " + spec.imageSize() + " x " + spec.imageSize()
                    + ", prepared as the run evaluated images");
        }
        switch (format) {
            case TORCHSCRIPT -> {
                ScriptModules.save(
                        "snclr." + spec.name().replace("-", "_"), tensors, ScriptSource.of(spec, tensors), file);
                lines.add("import torch");
                lines.add("m = torch.jit.load(\"" + file.getFileName() + "\").eval()");
                lines.add("y = m(x)  # N x " + encoder.featureDim() + " features");
            }
            case ONNX -> {
                if (normalizationInGraph && prep == null) {
                    throw new IllegalArgumentException("the normalisation in the graph needs the run's mean and std");
                }
                byte[] model = OnnxExport.model(
                        spec,
                        tensors,
                        encoder.featureDim(),
                        normalizationInGraph ? prep.mean() : null,
                        normalizationInGraph ? prep.std() : null);
                AtomicFile.write(file, tmp -> Files.write(tmp, model));
                lines.add("import onnxruntime as ort");
                lines.add("session = ort.InferenceSession(\"" + file.getFileName() + "\")");
                lines.add("embedding, features = session.run(None, {\"image\": x.numpy()})  # embedding: "
                        + "L2-normalised, as snclr embed writes");
            }
            case SAFETENSORS -> {
                lines.addAll(python(
                        spec, spec.name().startsWith("vit-") ? WeightFormat.TIMM : WeightFormat.TORCHVISION, file));
                SafeTensors.write(tensors, Map.of("format", "pt", "snclr.encoder", spec.describe()), file);
            }
            default -> {
                lines.addAll(python(spec, format, file));
                PickledState.write(tensors, file);
            }
        }
        return lines;
    }

    static List<String> python(EncoderSpec spec, WeightFormat format, Path file) {
        boolean vit = spec.name().startsWith("vit-");
        if (vit && format == WeightFormat.TORCHVISION) {
            throw new IllegalArgumentException("--format torchvision: torchvision's ViTs use other parameter names; "
                    + "export " + spec.name() + " with --format timm");
        }
        List<String> lines = new ArrayList<>();
        String load = file.getFileName().toString().endsWith(".safetensors")
                ? "from safetensors.torch import load_file; sd = load_file(\"" + file.getFileName() + "\")"
                : "sd = torch.load(\"" + file.getFileName() + "\", map_location=\"cpu\")";
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
        lines.add("");
        lines.add(load);
        boolean timm = format == WeightFormat.TIMM && plain;
        lines.set(0, timm ? "import torch, timm" : "import torch, torchvision");
        lines.add(
                timm
                        ? "m = timm.create_model(\"resnet" + depth + "\", num_classes=0)"
                        : "m = torchvision.models.resnet" + depth + "()");
        if (spec.width() != 1.0 || spec.cifarStem() || spec.inChannels() != 3) lines.addAll(narrowResNet(spec));
        lines.add("print(m.load_state_dict(sd, strict=False))  # missing only "
                + (timm ? "nothing (num_classes=0)" : "fc.weight, fc.bias: the classifier"));
        return lines;
    }

    /**
     * torchvision's ResNet rebuilt with this run's stage widths, stem and input channels, by torchvision's own
     * {@code _make_layer}: the module the exported names and shapes load into with only the classifier left over.
     */
    static List<String> narrowResNet(EncoderSpec spec) {
        ResNetConfig c = new ResNetConfig(
                Integer.parseInt(spec.name().substring("resnet".length())),
                spec.width(),
                spec.cifarStem(),
                spec.inChannels());
        String block = c.bottleneck() ? "Bottleneck" : "BasicBlock";
        long[] w = new long[4];
        for (int stage = 0; stage < 4; stage++) w[stage] = c.stageWidth(stage);
        int[] blocks = c.blocks();
        List<String> lines = new ArrayList<>();
        lines.add("from torchvision.models.resnet import " + block);
        lines.add("w = " + java.util.Arrays.toString(w) + "  # this run's stage widths (--width " + spec.width() + ")");
        lines.add("m.inplanes = w[0]; m.conv1 = torch.nn.Conv2d(" + spec.inChannels() + ", w[0]"
                + (spec.cifarStem() ? ", 3, 1, 1" : ", 7, 2, 3") + ", bias=False); m.bn1 = torch.nn.BatchNorm2d(w[0])"
                + (spec.cifarStem() ? "; m.maxpool = torch.nn.Identity()  # CIFAR stem" : ""));
        for (int stage = 0; stage < 4; stage++) {
            lines.add("m.layer" + (stage + 1) + " = m._make_layer(" + block + ", w[" + stage + "], " + blocks[stage]
                    + (stage > 0 ? ", stride=2" : "") + ")");
        }
        lines.add("m.fc = torch.nn.Linear(w[3] * " + block + ".expansion, 1000)");
        return lines;
    }
}
