package io.snclr.model;

import io.snclr.engine.Tensors;
import io.snclr.files.ProtoWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.pytorch.Tensor;

/**
 * The backbone's inference forward as an ONNX graph (opset 17), built from the same structure as
 * {@link ScriptSource}: BatchNorm kept with its running statistics, attention written out with MatMul and Softmax, GELU
 * with Erf. Input {@code image} (N×C×H×W float); with the normalisation in the graph it takes pixels scaled to [0, 1]
 * and subtracts the run's mean and divides by its std first. Outputs {@code embedding} (L2-normalised, what
 * {@code snclr embed} writes) and {@code features} (the backbone's output before normalising).
 */
final class OnnxExport {
    static final int OPSET = 17;
    /** The IR version that goes with opset 17 (ONNX 1.12). */
    private static final int IR_VERSION = 8;

    private final Map<String, Tensor> tensors;
    private final ProtoWriter graph = new ProtoWriter();
    private final Set<String> initialized = new HashSet<>();
    private int counter;

    private OnnxExport(Map<String, Tensor> tensors) {
        this.tensors = tensors;
    }

    /**
     * The ONNX model's bytes.
     *
     * @param mean per-channel mean to subtract in the graph, or null to leave normalisation to the caller
     */
    static byte[] model(EncoderSpec spec, Map<String, Tensor> tensors, long featureDim, float[] mean, float[] std) {
        OnnxExport g = new OnnxExport(tensors);
        int c = spec.inChannels(), s = spec.imageSize();
        g.graph.message(11, OnnxProto.valueInfo("image", -1, c, s, s));
        String x = "image";
        if (mean != null) {
            x = g.node("Sub", x, g.constant(floats(mean), 1, c, 1, 1));
            x = g.node("Div", x, g.constant(floats(std), 1, c, 1, 1));
        }
        String features = spec.name().startsWith("vit-") ? g.vit(spec, x) : g.resnet(spec, x);
        g.graph.message(1, OnnxProto.node("Identity", List.of(features), "features"));
        g.graph.message(
                1,
                OnnxProto.node("LpNormalization", List.of("features"), "embedding")
                        .message(5, OnnxProto.intAttribute("axis", 1))
                        .message(5, OnnxProto.intAttribute("p", 2)));
        g.graph.string(2, "snclr_" + spec.name().replace('-', '_'));
        g.graph.message(12, OnnxProto.valueInfo("embedding", -1, featureDim));
        g.graph.message(12, OnnxProto.valueInfo("features", -1, featureDim));
        return new ProtoWriter()
                .varint(1, IR_VERSION)
                .string(2, "snclr")
                .message(7, g.graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, OPSET))
                .bytes();
    }

    private String resnet(EncoderSpec spec, String x) {
        x = node("Relu", batchNorm("bn1", conv("conv1", x, spec.cifarStem() ? 1 : 2)));
        if (!spec.cifarStem()) {
            x = node(
                    "MaxPool",
                    List.of(x),
                    OnnxProto.intsAttribute("kernel_shape", 3, 3),
                    OnnxProto.intsAttribute("strides", 2, 2),
                    OnnxProto.intsAttribute("pads", 1, 1, 1, 1));
        }
        boolean bottleneck = tensors.containsKey("layer1.0.conv3.weight");
        for (int stage = 1; stage <= 4; stage++) {
            for (int b = 0; tensors.containsKey("layer" + stage + "." + b + ".conv1.weight"); b++) {
                String p = "layer" + stage + "." + b + ".";
                int stride = stage > 1 && b == 0 ? 2 : 1;
                String y = node("Relu", batchNorm(p + "bn1", conv(p + "conv1", x, bottleneck ? 1 : stride)));
                if (bottleneck) {
                    y = node("Relu", batchNorm(p + "bn2", conv(p + "conv2", y, stride)));
                    y = batchNorm(p + "bn3", conv(p + "conv3", y, 1));
                } else {
                    y = batchNorm(p + "bn2", conv(p + "conv2", y, 1));
                }
                String identity = tensors.containsKey(p + "downsample.0.weight")
                        ? batchNorm(p + "downsample.1", conv(p + "downsample.0", x, stride))
                        : x;
                x = node("Relu", node("Add", y, identity));
            }
        }
        return node("Flatten", List.of(node("GlobalAveragePool", x)), OnnxProto.intAttribute("axis", 1));
    }

    private String vit(EncoderSpec spec, String x) {
        long d = tensors.get("cls_token").size(2);
        long heads = ViTConfig.preset(
                        spec.name(), spec.patch(), spec.imageSize(), spec.inChannels(), false, VitRecipe.TIMM)
                .heads();
        int p = spec.patch();
        String patches = node(
                "Conv",
                List.of(x, initializer("patch_embed.proj.weight"), initializer("patch_embed.proj.bias")),
                OnnxProto.intsAttribute("kernel_shape", p, p),
                OnnxProto.intsAttribute("strides", p, p));
        String t = node("Transpose", List.of(node("Reshape", patches, longs(0, 0, -1))), perm(0, 2, 1));
        // the class token expanded to the batch: shape [N, 1, D] from the input's first dimension
        String batch = node("Slice", node("Shape", x), longs(0), longs(1));
        String clsShape = node("Concat", List.of(batch, longs(1, d)), OnnxProto.intAttribute("axis", 0));
        String cls = node("Expand", initializer("cls_token"), clsShape);
        t = node("Add", node("Concat", List.of(cls, t), OnnxProto.intAttribute("axis", 1)), initializer("pos_embed"));
        for (int i = 0; tensors.containsKey("blocks." + i + ".norm1.weight"); i++) {
            String q = "blocks." + i + ".";
            String qkv = node(
                    "Transpose",
                    List.of(node(
                            "Reshape",
                            linear(q + "attn.qkv", layerNorm(q + "norm1", t)),
                            longs(0, 0, 3, heads, d / heads))),
                    perm(2, 0, 3, 1, 4)); // 3 × N × heads × T × d_head
            String query = node("Gather", qkv, scalarIndex(0));
            String keyT = node("Transpose", List.of(node("Gather", qkv, scalarIndex(1))), perm(0, 1, 3, 2));
            String scores =
                    node("Mul", node("MatMul", query, keyT), constant(floats((float) Math.pow(d / heads, -0.5))));
            String attention = node("Softmax", List.of(scores), OnnxProto.intAttribute("axis", -1));
            String mixed = node("MatMul", attention, node("Gather", qkv, scalarIndex(2)));
            String merged = node("Reshape", node("Transpose", List.of(mixed), perm(0, 2, 1, 3)), longs(0, 0, d));
            t = node("Add", t, linear(q + "attn.proj", merged));
            t = node("Add", t, linear(q + "mlp.fc2", gelu(linear(q + "mlp.fc1", layerNorm(q + "norm2", t)))));
        }
        return node("Gather", List.of(layerNorm("norm", t), scalarIndex(0)), OnnxProto.intAttribute("axis", 1));
    }

    private String conv(String name, String in, int stride) {
        long k = tensors.get(name + ".weight").size(2), pad = k / 2;
        return node(
                "Conv",
                List.of(in, initializer(name + ".weight")),
                OnnxProto.intsAttribute("kernel_shape", k, k),
                OnnxProto.intsAttribute("strides", stride, stride),
                OnnxProto.intsAttribute("pads", pad, pad, pad, pad));
    }

    private String batchNorm(String name, String in) {
        return node(
                "BatchNormalization",
                List.of(
                        in,
                        initializer(name + ".weight"),
                        initializer(name + ".bias"),
                        initializer(name + ".running_mean"),
                        initializer(name + ".running_var")),
                OnnxProto.floatAttribute("epsilon", 1e-5f));
    }

    private String layerNorm(String name, String in) {
        return node(
                "LayerNormalization",
                List.of(in, initializer(name + ".weight"), initializer(name + ".bias")),
                OnnxProto.intAttribute("axis", -1),
                OnnxProto.floatAttribute("epsilon", 1e-6f));
    }

    /** x·Wᵀ + b, with Wᵀ stored transposed so that MatMul takes it as it is. */
    private String linear(String name, String in) {
        Tensor w = tensors.get(name + ".weight");
        String wt = constant(Tensors.rawBytes(w.t().contiguous()), w.size(1), w.size(0));
        return node("Add", node("MatMul", in, wt), initializer(name + ".bias"));
    }

    /** GELU as PyTorch's exact form: x · ½ · (1 + erf(x / √2)). */
    private String gelu(String x) {
        String erf = node("Erf", node("Div", x, constant(floats((float) Math.sqrt(2)))));
        return node("Mul", node("Mul", x, node("Add", erf, constant(floats(1f)))), constant(floats(0.5f)));
    }

    private ProtoWriter perm(long... order) {
        return OnnxProto.intsAttribute("perm", order);
    }

    private String scalarIndex(long i) {
        String name = "c" + counter++;
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(i);
        graph.message(5, OnnxProto.tensor(name, OnnxProto.INT64, new long[0], b.array()));
        return name;
    }

    private String longs(long... values) {
        String name = "c" + counter++;
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) b.putLong(v);
        graph.message(5, OnnxProto.tensor(name, OnnxProto.INT64, new long[] {values.length}, b.array()));
        return name;
    }

    private String constant(byte[] raw, long... dims) {
        String name = "c" + counter++;
        graph.message(5, OnnxProto.tensor(name, OnnxProto.FLOAT, dims, raw));
        return name;
    }

    private static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return b.array();
    }

    /** One of the encoder's tensors as a graph initializer under its own name. */
    private String initializer(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new IllegalStateException("the encoder has no tensor " + name);
        if (initialized.add(name)) {
            graph.message(5, OnnxProto.tensor(name, OnnxProto.FLOAT, t.shape(), Tensors.rawBytes(Tensors.toFloat(t))));
        }
        return name;
    }

    private String node(String op, String... inputs) {
        return node(op, List.of(inputs));
    }

    private String node(String op, List<String> inputs, ProtoWriter... attributes) {
        String out = op.toLowerCase() + "_" + counter++;
        ProtoWriter n = OnnxProto.node(op, inputs, out);
        for (ProtoWriter a : attributes) n.message(5, a);
        graph.message(1, n);
        return out;
    }
}
