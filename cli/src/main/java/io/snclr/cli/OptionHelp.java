package io.snclr.cli;

import io.snclr.config.ConfigKey;
import io.snclr.method.Methods;
import java.util.Map;

/**
 * One line of help per run setting outside the method section (the flags themselves are generated from the
 * configuration records; a method's own settings are explained by its factory).
 */
final class OptionHelp {
    private static final Map<String, String> TEXT = Map.ofEntries(
            Map.entry(
                    "data",
                    "fashion-mnist, an ImageFolder root (class sub-folders, JPEG/PNG), or .tar shards (a file or folder)"),
            Map.entry("data-dir", "directory of the Fashion-MNIST IDX files (Debian package dataset-fashion-mnist)"),
            Map.entry("test-data", "ImageFolder root of the test split (for kNN on ImageFolder data)"),
            Map.entry("image-size", "ImageFolder images are resized to this side"),
            Map.entry("channels", "ImageFolder images: 3 (RGB) or 1 (grayscale)"),
            Map.entry(
                    "load",
                    "auto (in memory when it fits --memory-budget-mb), memory, or stream (decode per batch, crop the original)"),
            Map.entry("memory-budget-mb", "what --load auto may hold decoded in memory; 0 = a quarter of the JVM heap"),
            Map.entry("workers", "image-decoding threads; 0 = the machine's cores"),
            Map.entry(
                    "max-bad-fraction",
                    "stop when more than this fraction of the image files cannot be read or decoded"),
            Map.entry("limit", "use this many training images, class-balanced; 0 = all"),
            Map.entry("test-limit", "use this many test images, class-balanced; 0 = all"),
            Map.entry(
                    "crop-min",
                    "smallest crop scale (default: the method's recipe for the backbone, e.g. MoCo v3: 0.2 ResNet, 0.08 ViT)"),
            Map.entry(
                    "normalization",
                    "the views' mean and std: data (the images' own statistics; ours) or imagenet (ImageNet's "
                            + "constants, as the official code; RGB only)"),
            Map.entry("encoder", "resnet18, resnet34, resnet50, vit-tiny, vit-small or vit-base"),
            Map.entry("width", "ResNet width multiplier"),
            Map.entry("cifar-stem", "ResNet: 3x3 stride-1 stem, no max-pool"),
            Map.entry("patch", "ViT patch size (recipe: 16, or 4 for images under 64 px)"),
            Map.entry("frozen-patch-embed", "ViT: keep the random patch projection fixed (MoCo v3's stop-grad conv1)"),
            Map.entry("proj-hidden", "projector hidden width"),
            Map.entry("dim", "projection dimension D"),
            Map.entry("pred-hidden", "predictor hidden width"),
            Map.entry(
                    "projector-last-bn",
                    "a BatchNorm after the projector's last layer (MoCo v3's heads; false: BYOL's, as the SNCLR paper "
                            + "describes for ResNets)"),
            Map.entry("optimizer", "adamw (CPU-sized default), lars (ResNet-50 recipe) or sgd"),
            Map.entry("lr", "learning rate per 256 images (recipe: 2e-3 ResNet, 1.5e-4 ViT, 0.3 LARS)"),
            Map.entry("weight-decay", "recipe: 1e-4 ResNet, 0.1 ViT, 1e-6 LARS"),
            Map.entry("batch-size", "images per step"),
            Map.entry("epochs", "0 = save and evaluate the untrained network"),
            Map.entry("warmup-epochs", "linear learning-rate warm-up"),
            Map.entry("momentum", "EMA momentum m (the start, when it follows a cosine to 1)"),
            Map.entry("momentum-schedule", "constant or cosine (to 1); default: the method's recipe"),
            Map.entry("projector-layers", "projector depth; recipe: 2 ResNet, 3 ViT (MoCo v3)"),
            Map.entry("predictor-last-bn", "BatchNorm after the predictor; recipe: ResNet no, ViT yes (MoCo v3)"),
            Map.entry("zero-init-residual", "ResNet: zero gamma in each block's last BatchNorm (MoCo v3)"),
            Map.entry(
                    "holdout",
                    "training images set aside (class-balanced, the same for every seed) and scored instead of the test split, for choosing settings"),
            Map.entry(
                    "sync-bn",
                    "with --nproc > 1: BatchNorm statistics of the backbone over the global batch (SyncBN); the heads' always are"),
            Map.entry(
                    "init-from",
                    "torch.save state_dict (torchvision/timm names, e.g. from snclr export) the backbone starts from"),
            Map.entry("vit-recipe", "ViT: mocov3 (fixed sin-cos positions, xavier init) or timm (learned positions)"),
            Map.entry("knn-every", "kNN monitor every E epochs; 0 = only at the end"),
            Map.entry("knn-k", "kNN neighbours k"),
            Map.entry("knn-temperature", "kNN vote temperature"),
            Map.entry("eval-batch", "images per forward pass when extracting features"),
            Map.entry("max-steps", "stop after this many steps (checkpointed); not kept on resume"),
            Map.entry("checkpoint-every", "epochs between checkpoints"),
            Map.entry(
                    "checkpoint-minutes", "also checkpoint when this many minutes passed since the last one; 0 = off"),
            Map.entry("log-every", "steps between log lines (no progress bar)"),
            Map.entry(
                    "stop-on-collapse",
                    "end with exit code 3 when the representations collapse, keeping the checkpoint from before"),
            Map.entry("progress", "progress bar: auto, on, off"),
            Map.entry("prefetch", "batches prepared ahead; 0 = inline"),
            Map.entry("device", "cpu, cuda or cuda:N"),
            Map.entry("threads", "intra-op threads; 0 = all cores"),
            Map.entry("seed", "seed of weights, data order and augmentation"),
            Map.entry("precision", "fp32, or bf16 autocast for the networks (weights, optimiser, losses stay fp32)"));

    private OptionHelp() {}

    static String of(ConfigKey key) {
        if (key.flag().equals("method")) return "one of " + String.join(", ", Methods.names());
        if (key.isMethodKey()) return Methods.help(key.flag()).orElse(key.flag().replace('-', ' '));
        return TEXT.getOrDefault(key.flag(), key.flag().replace('-', ' '));
    }
}
