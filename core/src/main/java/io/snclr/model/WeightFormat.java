package io.snclr.model;

/** Where exported weights are meant to be loaded. */
public enum WeightFormat {
    /** A state_dict for {@code torchvision.models.resnet*} (ResNets only). */
    TORCHVISION,
    /** A state_dict for {@code timm.create_model(...)}: ViTs (vit_*_patch16_224 names) and ResNets. */
    TIMM,
    /** A TorchScript module with the inference forward: {@code torch.jit.load} runs it without model code. */
    TORCHSCRIPT,
    /** The state_dict (torchvision/timm names) as a safetensors file, the format of the model hubs. */
    SAFETENSORS,
    /** An ONNX graph (opset 17) of the inference forward, for ONNX Runtime, DJL, Triton and OpenVINO. */
    ONNX;

    public static WeightFormat parse(String s) {
        for (WeightFormat f : values()) if (f.name().equalsIgnoreCase(s)) return f;
        throw new IllegalArgumentException(
                "--format: expected torchvision, timm, torchscript, safetensors or onnx, got '" + s + "'");
    }

    public String label() {
        return name().toLowerCase();
    }

    /** The file name {@code snclr export} writes by default. */
    public String fileName() {
        return switch (this) {
            case TORCHSCRIPT -> "encoder-torchscript.pt";
            case SAFETENSORS -> "encoder.safetensors";
            case ONNX -> "encoder.onnx";
            default -> "encoder-" + label() + ".pth";
        };
    }
}
