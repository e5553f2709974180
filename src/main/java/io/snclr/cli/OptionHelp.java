package io.snclr.cli;

import java.util.Map;

/** One line of help per run setting (the flags themselves are generated from the configuration records). */
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
            Map.entry("crop-min", "smallest crop scale (recipe: 0.2 grayscale, 0.08 colour)"),
            Map.entry("encoder", "resnet18, resnet34, resnet50, vit-tiny, vit-small or vit-base"),
            Map.entry("width", "ResNet width multiplier"),
            Map.entry("cifar-stem", "ResNet: 3x3 stride-1 stem, no max-pool"),
            Map.entry("patch", "ViT patch size (recipe: 16, or 4 for images under 64 px)"),
            Map.entry("frozen-patch-embed", "ViT: keep the random patch projection fixed (MoCo v3's stop-grad conv1)"),
            Map.entry("proj-hidden", "projector hidden width"),
            Map.entry("dim", "projection dimension D"),
            Map.entry("pred-hidden", "predictor hidden width"),
            Map.entry("method", "snclr, mocov3, byol, simclr, nnclr or spcl"),
            Map.entry("neighbors", "K neighbours per key"),
            Map.entry("queue", "candidate queue (support set) length L"),
            Map.entry("temperature", "loss temperature T"),
            Map.entry("gamma", "γ of Eq. 4: positiveness = softmax(...) / γ"),
            Map.entry(
                    "positiveness-temperature",
                    "softmax temperature of the positiveness; < 1 sharpens (not in the paper)"),
            Map.entry(
                    "detach-positiveness", "stop the gradient through the soft targets (the reference code keeps it)"),
            Map.entry("exclude-self", "leave an image's own earlier keys out of its neighbours"),
            Map.entry("threshold", "zero positiveness below 1/K"),
            Map.entry("loss", "soft (reference code) or paper (Eq. 2)"),
            Map.entry("positiveness", "soft (Eq. 4) or binary (w = 1)"),
            Map.entry("neighbor-side", "both, positive or negative (Tab. 7)"),
            Map.entry("neighbor-warmup-epochs", "epochs without neighbours while the queue fills"),
            Map.entry("prototypes", "SPCL: k-means prototypes P per epoch"),
            Map.entry("anchor-fraction", "SPCL: share of a batch from its anchor prototype"),
            Map.entry("lambda-con", "SPCL: weight of the NT-Xent loss"),
            Map.entry("lambda-metric", "SPCL: weight of the Siamese metric loss"),
            Map.entry("lambda-proto", "SPCL: weight of the prototypical CE"),
            Map.entry("symmetric-ce", "SPCL: alpha*CE + beta*reverse CE"),
            Map.entry("sce-alpha", "SPCL: alpha of the symmetric CE"),
            Map.entry("sce-beta", "SPCL: beta of the symmetric CE"),
            Map.entry("contrastive-sum", "SPCL: NT-Xent summed over the 2N views (its Eq. 2) instead of averaged"),
            Map.entry("optimizer", "adamw (CPU-sized default), lars (ResNet-50 recipe) or sgd"),
            Map.entry("lr", "learning rate per 256 images (recipe: 2e-3 ResNet, 1.5e-4 ViT, 0.3 LARS)"),
            Map.entry("weight-decay", "recipe: 1e-4 ResNet, 0.1 ViT, 1e-6 LARS"),
            Map.entry("batch-size", "images per step"),
            Map.entry("epochs", "0 = save and evaluate the untrained network"),
            Map.entry("warmup-epochs", "linear learning-rate warm-up"),
            Map.entry("momentum", "EMA momentum m (the start, when it follows a cosine to 1)"),
            Map.entry("momentum-schedule", "constant or cosine (to 1); recipe: constant ResNet, cosine ViT"),
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
            Map.entry("progress", "progress bar: auto, on, off"),
            Map.entry("prefetch", "batches prepared ahead; 0 = inline"),
            Map.entry("device", "cpu, cuda or cuda:N"),
            Map.entry("threads", "intra-op threads; 0 = all cores"),
            Map.entry("seed", "seed of weights, data order and augmentation"),
            Map.entry("precision", "fp32, or bf16 autocast for the networks (weights, optimiser, losses stay fp32)"));

    private OptionHelp() {}

    static String of(String flag) {
        return TEXT.getOrDefault(flag, flag.replace('-', ' '));
    }
}
