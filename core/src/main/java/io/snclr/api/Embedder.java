package io.snclr.api;

import io.snclr.augment.BatchAugmenter;
import io.snclr.augment.Normalization;
import io.snclr.data.ImageFolder;
import io.snclr.data.ImageHeader;
import io.snclr.engine.Device;
import io.snclr.engine.Engine;
import io.snclr.engine.ModuleState;
import io.snclr.eval.FeatureExtractor;
import io.snclr.files.DiskErrors;
import io.snclr.files.FileDigest;
import io.snclr.model.Encoder;
import io.snclr.model.EncoderSpec;
import io.snclr.model.PretrainedWeights;
import io.snclr.rundir.EncoderFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained encoder as a Java service uses it: images in, embeddings out.
 *
 * <pre>{@code
 * try (Embedder e = Embedder.open(Path.of("runs/fm"))) {
 *     float[] v = e.embed(ImageIO.read(file));          // L2-normalised, e.dimension() floats
 * }
 * }</pre>
 *
 * Images are prepared as for evaluation: centre-cropped to a square, resized to the training size, converted to the
 * encoder's channels and normalised with the training statistics. The backbone runs in eval mode without gradients,
 * so concurrent calls from several threads are safe; every call frees its native memory before it returns, and
 * {@link #close()} frees the weights.
 */
public final class Embedder implements AutoCloseable {
    private final Encoder encoder;
    private final FeatureExtractor features;
    private final EncoderFiles.Meta meta;
    private final boolean normalize;
    private final String weightsSha256;

    private Embedder(
            Encoder encoder,
            BatchAugmenter transform,
            EncoderFiles.Meta meta,
            boolean normalize,
            String weightsSha256) {
        this.encoder = encoder;
        this.features = new FeatureExtractor(encoder, transform, 1);
        this.meta = meta;
        this.normalize = normalize;
        this.weightsSha256 = weightsSha256;
    }

    /** The encoder of a finished run directory (encoder.pt + encoder.json), on the CPU, L2-normalised outputs. */
    public static Embedder open(Path run) {
        return open(run, Device.CPU, true);
    }

    /**
     * @param normalize return unit vectors (cosine similarity = dot product); false gives the raw representation
     */
    public static Embedder open(Path run, Device device, boolean normalize) {
        Engine.loadNatives();
        EncoderFiles.Meta meta = EncoderFiles.readMeta(run);
        Encoder encoder = EncoderFiles.load(run, device);
        encoder.module().train(false);
        BatchAugmenter transform = BatchAugmenter.forEvaluation(new Normalization(meta.mean(), meta.std()), 0, device);
        return new Embedder(encoder, transform, meta, normalize, meta.sha256());
    }

    /**
     * An encoder from a state_dict file ({@code snclr export --format torchvision|timm}, or a torchvision/timm model's
     * weights) built as {@code spec}, e.g. {@code new EncoderSpec("resnet50", 1.0, false, 3, 224)} with ImageNet's
     * {@code new Normalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f})}.
     */
    public static Embedder fromWeights(
            Path stateDict, EncoderSpec spec, Normalization norm, Device device, boolean normalize) {
        Engine.loadNatives();
        Encoder encoder = spec.create();
        PretrainedWeights.load(stateDict, encoder, spec.describe());
        ModuleState.toDevice(encoder.module(), device);
        encoder.module().train(false);
        EncoderFiles.Meta meta = new EncoderFiles.Meta(
                spec, norm.mean(), norm.std(), "imported", encoder.featureDim(), evaluationCrop(spec.imageSize()));
        String sha256;
        try {
            sha256 = FileDigest.sha256(stateDict);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stateDict + ": " + DiskErrors.reason(e), e);
        }
        return new Embedder(encoder, BatchAugmenter.forEvaluation(norm, 0, device), meta, normalize, sha256);
    }

    /** The evaluation view of torchvision for an image size: Resize(256) + CenterCrop(224) from 64 px on. */
    private static double evaluationCrop(int imageSize) {
        return imageSize >= 64 ? 224.0 / 256.0 : 1.0;
    }

    /** The SHA-256 of the weights: which encoder made an embedding ({@link EmbeddingsManifest}). */
    public String weightsSha256() {
        return weightsSha256;
    }

    /** Whether embeddings are unit vectors. */
    public boolean normalizes() {
        return normalize;
    }

    /** Floats per embedding. */
    public int dimension() {
        return (int) meta.featureDim();
    }

    /** Side of the square the images are resized to (the training size). */
    public int imageSize() {
        return meta.spec().imageSize();
    }

    /** The evaluation view's share of an image's shorter side (the centre crop images are embedded through). */
    public double centerCrop() {
        return meta.centerCropOrWhole();
    }

    public int channels() {
        return meta.spec().inChannels();
    }

    public float[] embed(BufferedImage image) {
        return embed(List.of(image))[0];
    }

    /** One image file, decoded as {@code snclr embed} and training decode files (JPEG incl. CMYK, PNG). */
    public float[] embed(Path imageFile) throws IOException {
        ImageFolder.Decoded d = ImageFolder.decode(imageFile, imageSize(), channels(), meta.centerCropOrWhole());
        if (d.pixels() == null) throw new IOException(imageFile + ": " + d.problem());
        return embedPixels(d.pixels(), 1)[0];
    }

    /** The most pixels an image may have (its header is read first: a larger one is refused before decoding). */
    public static final long MAX_IMAGE_PIXELS = ImageHeader.MAX_PIXELS;

    /**
     * The pixels an encoded image (JPEG or PNG bytes) says it has, read from its header before anything is decoded:
     * what decoding it will take.
     *
     * @throws IOException when the bytes are not a JPEG or PNG, or claim more than {@link #MAX_IMAGE_PIXELS}
     */
    public static long pixelsOf(byte[] encoded) throws IOException {
        ImageHeader h = ImageHeader.parse(encoded, encoded.length, encoded.length);
        return (long) h.width() * h.height();
    }

    /**
     * An encoded image (JPEG or PNG bytes, e.g. an upload) prepared for {@link #embedPixels}: checked as files are
     * (size limit, end marker, data), decoded and cropped as {@link #embed(Path)} does.
     *
     * @throws IOException naming what is wrong with the bytes
     */
    public byte[] prepare(byte[] encoded) throws IOException {
        ImageFolder.Decoded d = ImageFolder.decode(encoded, imageSize(), channels(), meta.centerCropOrWhole());
        if (d.pixels() == null) throw new IOException(d.problem());
        return d.pixels();
    }

    public float[][] embed(List<BufferedImage> images) {
        int size = imageSize(), c = channels(), bytes = c * size * size;
        byte[] pixels = new byte[images.size() * bytes];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(
                    ImageFolder.pixels(images.get(i), size, c, meta.centerCropOrWhole()), 0, pixels, i * bytes, bytes);
        }
        return embedPixels(pixels, images.size());
    }

    /** Embeddings of {@code n} images already prepared as CHW uint8 at {@link #imageSize()} (the streaming path). */
    public float[][] embedPixels(byte[] pixels, int n) {
        int size = imageSize();
        float[] flat = features.embed(pixels, n, channels(), size, size, normalize);
        int d = dimension();
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * d, out[i], 0, d);
        return out;
    }

    @Override
    public void close() {
        encoder.module().close();
    }
}
