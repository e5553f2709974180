package io.snclr.cli;

import io.snclr.augment.BatchAugmenter;
import io.snclr.data.ImageSet;
import io.snclr.dist.Collective;
import io.snclr.method.HeadConfig;
import io.snclr.method.MomentumNetworks;
import io.snclr.method.OnlineNetworks;
import io.snclr.method.PretrainMethod;
import io.snclr.method.byol.Byol;
import io.snclr.method.nnclr.Nnclr;
import io.snclr.method.simclr.SimClr;
import io.snclr.method.snclr.CandidateQueue;
import io.snclr.method.snclr.LossForm;
import io.snclr.method.snclr.NeighborSide;
import io.snclr.method.snclr.Positiveness;
import io.snclr.method.snclr.Snclr;
import io.snclr.method.snclr.SnclrConfig;
import io.snclr.method.spcl.Prototypes;
import io.snclr.method.spcl.Spcl;
import io.snclr.method.spcl.SpclConfig;
import io.snclr.method.spcl.SpclNetworks;
import io.snclr.model.EncoderSpec;
import io.snclr.model.Encoders;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/** The method, its encoder and heads: shared by pretrain and bench. */
final class MethodOptions {
    static final java.util.List<String> METHODS = java.util.List.of("snclr", "mocov3", "byol", "simclr", "nnclr", "spcl");

    @Option(names = "--method", defaultValue = "snclr", description = "snclr, mocov3 (= snclr with --neighbors 0), byol, simclr, nnclr or spcl")
    String method;
    @Option(names = "--encoder", defaultValue = "resnet18",
            description = "resnet18, resnet34, resnet50, vit-tiny, vit-small or vit-base")
    String encoder;
    @Option(names = "--patch", description = "ViT patch size (default 16; 4 for images under 64 px)")
    Integer patch;
    @Option(names = "--frozen-patch-embed", defaultValue = "true", arity = "1",
            description = "ViT: keep the random patch projection fixed (MoCo v3's stop-grad conv1)")
    boolean frozenPatchEmbed;
    @Option(names = "--width", defaultValue = "0.5", description = "ResNet width multiplier")
    double width;
    @Option(names = "--cifar-stem", defaultValue = "true", arity = "1", description = "3x3 stride-1 stem, no max-pool")
    boolean cifarStem;
    @Option(names = "--proj-hidden", defaultValue = "1024", description = "projector hidden width")
    int projHidden;
    @Option(names = "--dim", defaultValue = "256", description = "projection dimension D")
    int dim;
    @Option(names = "--pred-hidden", defaultValue = "1024", description = "predictor hidden width")
    int predHidden;

    @Option(names = "--neighbors", defaultValue = "30", description = "K neighbours per key")
    int neighbors;
    @Option(names = "--queue", defaultValue = "16384", description = "candidate queue length L")
    int queue;
    @Option(names = "--temperature", defaultValue = "0.2", description = "loss temperature T")
    double temperature;
    @Option(names = "--gamma", defaultValue = "1.0", description = "positiveness scale (Eq. 4)")
    double gamma;
    @Option(names = "--threshold", defaultValue = "false", arity = "1", description = "zero positiveness below 1/K")
    boolean threshold;
    @Option(names = "--loss", defaultValue = "soft", description = "soft (reference code) or paper (Eq. 2)")
    String loss;
    @Option(names = "--positiveness", defaultValue = "soft", description = "soft (Eq. 4) or binary (w = 1)")
    String positiveness;
    @Option(names = "--neighbor-side", defaultValue = "both", description = "both, positive or negative")
    String neighborSide;
    @Option(names = "--neighbor-warmup-epochs", defaultValue = "1", description = "epochs without neighbours")
    int neighborWarmup;

    @Option(names = "--prototypes", defaultValue = "50", description = "SPCL: k-means prototypes P per epoch")
    int prototypes;
    @Option(names = "--anchor-fraction", defaultValue = "0.5", description = "SPCL: share of a batch from its anchor prototype")
    double anchorFraction;
    @Option(names = "--lambda-con", defaultValue = "1", description = "SPCL: weight of the NT-Xent loss") double lambdaCon;
    @Option(names = "--lambda-metric", defaultValue = "1", description = "SPCL: weight of the Siamese metric loss")
    double lambdaMetric;
    @Option(names = "--lambda-proto", defaultValue = "1", description = "SPCL: weight of the prototypical CE")
    double lambdaProto;
    @Option(names = "--symmetric-ce", defaultValue = "false", arity = "1", description = "SPCL: alpha*CE + beta*reverse CE")
    boolean symmetricCe;
    @Option(names = "--sce-alpha", defaultValue = "1") double sceAlpha;
    @Option(names = "--sce-beta", defaultValue = "1") double sceBeta;

    /** Fails on a bad value before any data is loaded or anything is written. */
    void validate() {
        Encoders.requireKnown(encoder);
        snclrConfig();
        if (method.equals("spcl")) spclConfig();
        new HeadConfig(projHidden, dim, predHidden);
    }

    EncoderSpec encoderSpec(ImageSet data) {
        int p = patch != null ? patch : data.height() < 64 ? 4 : 16;
        if (data.height() != data.width() && isVit()) {
            throw new IllegalArgumentException("--encoder " + encoder + ": needs square images, got " + data.height() + "x"
                    + data.width());
        }
        return new EncoderSpec(encoder, width, cifarStem, data.channels(), data.height(), p, frozenPatchEmbed);
    }

    boolean isVit() {
        return encoder.startsWith("vit-");
    }

    String describeEncoder() {
        if (isVit()) return encoder + (patch != null ? "/" + patch : "") + (frozenPatchEmbed ? " (frozen patch embedding)" : "");
        return encoder + " x" + width + (cifarStem ? " (CIFAR stem)" : "");
    }

    /**
     * @param train the training images (SPCL clusters them every epoch)
     * @param augmenter the training views (SPCL embeds one view per image for its clustering)
     */
    PretrainMethod build(EncoderSpec spec, String device, Collective collective, ImageSet train, BatchAugmenter augmenter,
                         long seed) {
        HeadConfig heads = new HeadConfig(projHidden, dim, predHidden);
        return switch (method) {
            case "snclr", "mocov3" -> new Snclr(snclrConfig(), new MomentumNetworks(spec::create, heads, device), dim,
                    device, collective);
            case "byol" -> new Byol(new MomentumNetworks(spec::create, heads, device));
            case "simclr" -> new SimClr(new OnlineNetworks(spec.create(), heads, false, device), temperature);
            case "nnclr" -> new Nnclr(new OnlineNetworks(spec.create(), heads, true, device),
                    new CandidateQueue(queue, dim, device), temperature);
            case "spcl" -> new Spcl(spclConfig(), new SpclNetworks(new OnlineNetworks(spec.create(), heads, false, device),
                    prototypes, device), new Prototypes(train, augmenter, prototypes, 256, seed), seed);
            default -> throw new IllegalArgumentException("--method: expected one of " + METHODS + ", got '" + method + "'");
        };
    }

    SpclConfig spclConfig() {
        return new SpclConfig(prototypes, anchorFraction, temperature, lambdaCon, lambdaMetric, lambdaProto, symmetricCe,
                sceAlpha, sceBeta);
    }

    SnclrConfig snclrConfig() {
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("--method: expected one of " + METHODS + ", got '" + method + "'");
        }
        int k = method.equals("snclr") ? neighbors : 0;
        return new SnclrConfig(k, queue, temperature, gamma, threshold,
                choose("--loss", loss, Map.of("soft", LossForm.SOFT_TARGET, "paper", LossForm.PAPER)),
                choose("--positiveness", positiveness, Map.of("soft", Positiveness.SOFT, "binary", Positiveness.BINARY)),
                choose("--neighbor-side", neighborSide, Map.of("both", NeighborSide.BOTH,
                        "positive", NeighborSide.POSITIVE, "negative", NeighborSide.NEGATIVE)),
                neighborWarmup);
    }

    private static <E> E choose(String flag, String value, Map<String, E> choices) {
        E e = choices.get(value);
        if (e == null) {
            throw new IllegalArgumentException(flag + ": expected one of " + new TreeSet<>(choices.keySet()) + ", got '"
                    + value + "'");
        }
        return e;
    }
}
