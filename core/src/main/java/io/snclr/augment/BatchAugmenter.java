package io.snclr.augment;

import io.snclr.data.StreamedImages;
import io.snclr.engine.Device;
import io.snclr.engine.ImageOps;
import io.snclr.engine.Scope;
import io.snclr.engine.Tensors;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;

/**
 * Makes the two asymmetric views of a uint8 batch with batched tensor ops (so the same code runs on a GPU).
 * Order as in torchvision's BYOL pipeline: crop+flip, colour jitter (brightness, contrast, saturation and hue, in
 * an order drawn per image as torchvision's ColorJitter does; hue shifted in HSV), grayscale, Gaussian blur (a
 * kernel covering ±3σ), solarize, normalise. Saturation, hue and grayscale are no-ops on one-channel data.
 */
public final class BatchAugmenter {
    private static final float[] LUMA = {0.299f, 0.587f, 0.114f};

    private final ViewConfig first;
    private final ViewConfig second;
    private final Normalization norm;
    private final long seed;
    private final Device device;

    public BatchAugmenter(ViewConfig first, ViewConfig second, Normalization norm, long seed, Device device) {
        this.first = first;
        this.second = second;
        this.norm = norm;
        this.seed = seed;
        this.device = device;
    }

    /**
     * The transform of evaluation and inference: {@link #plain} and {@link #view} with an explicit recipe are all
     * they use, so the two pre-training views are never drawn and their recipe does not matter.
     */
    public static BatchAugmenter forEvaluation(Normalization norm, long seed, Device device) {
        return new BatchAugmenter(ViewConfig.cropFlip(1.0), ViewConfig.cropFlip(1.0), norm, seed, device);
    }

    /** The per-channel mean/std every view is normalised with (saved with the encoder). */
    public Normalization normalization() {
        return norm;
    }

    /** The two views of a whole batch {@code images} (uint8 N×C×H×W) for training step {@code step}. */
    public Tensor[] views(Tensor images, long step) {
        int n = (int) images.size(0);
        return views(images, step, 0, n);
    }

    /**
     * The two views of {@code images} (uint8 N×C×H×W) for training step {@code step}: a pair of float tensors. The
     * images are rows {@code offset..offset+N} of a global batch of {@code global} (one rank's share), and their views
     * are those rows of the global batch's views, so a data-parallel run sees what one process would.
     */
    public Tensor[] views(Tensor images, long step, int offset, int global) {
        return new Tensor[] {
            view(images, first, step, 0, offset, global, true), view(images, second, step, 1, offset, global, true)
        };
    }

    /** One view of a whole batch; depends only on (seed, step, view index), never on the thread or device. */
    public Tensor view(Tensor images, ViewConfig cfg, long step, int viewIndex) {
        int n = (int) images.size(0);
        return view(images, cfg, step, viewIndex, 0, n, true);
    }

    /**
     * Where the two views of step {@code step} cut each image of a streamed set: {@link RandomResizedCrop} on the
     * original image's size and a flip, drawn per image from (seed, step, view, position in the global batch), so a
     * crop does not depend on which worker decodes it, nor on the number of ranks.
     *
     * @param offset where the images sit in the global batch
     */
    public StreamedImages.CropSource crops(long step, int offset) {
        return (position, w, h) -> new StreamedImages.Region[] {
            crop(first, step, 0, (long) offset + position, w, h), crop(second, step, 1, (long) offset + position, w, h)
        };
    }

    /**
     * Where one view of recipe {@code cfg} (a probe's crop and flip) cuts each image's whole picture at step
     * {@code step}: as {@link #crops}, for a single view.
     */
    public StreamedImages.CropSource crops(ViewConfig cfg, long step) {
        return (position, w, h) -> new StreamedImages.Region[] {crop(cfg, step, 0, position, w, h)};
    }

    private StreamedImages.Region crop(ViewConfig cfg, long step, int view, long position, int w, int h) {
        return RandomResizedCrop.sample(cfg, w, h, new SplittableRandom(mix(mix(seed, step, 3 + view), position, 5)));
    }

    /** The two views of images already cropped and mirrored by {@link #crops}: the photometric transforms only. */
    public Tensor[] viewsOfCrops(Tensor crops1, Tensor crops2, long step, int offset, int global) {
        return new Tensor[] {
            view(crops1, first, step, 0, offset, global, false), view(crops2, second, step, 1, offset, global, false)
        };
    }

    /**
     * @param offset, global the images are rows {@code offset..} of a batch of {@code global}: the draws are the
     *     whole batch's, sliced
     * @param geometric crop and flip here (else the images come cropped, and only the colour transforms apply)
     */
    private Tensor view(
            Tensor images, ViewConfig cfg, long step, int viewIndex, int offset, int global, boolean geometric) {
        int n = (int) images.size(0);
        SplittableRandom rng = new SplittableRandom(mix(seed, step, viewIndex));
        ViewParams p = ViewParams.draw(cfg, global, rng).slice(offset, n);
        // each transform in its own scope: a view then holds two batches at a time, not its every intermediate
        Tensor x = toUnitFloat(images);
        long h = x.size(2), w = x.size(3);
        if (geometric)
            x = Scope.transform(x, v -> ImageOps.warpAffine(v, dev(Tensors.floats(p.theta(), n, 2, 3)), h, w));
        x = colorJitter(x, p);
        if (x.size(1) == 3)
            x = Scope.transform(x, v -> blend(v, gray(v), dev(Tensors.floats(p.grayscale(), n, 1, 1, 1))));
        int radius = blurRadius(max(p.blurSigma()), h, w);
        x = Scope.transform(x, v -> ImageOps.gaussianBlur(v, dev(Tensors.floats(p.blurSigma(), n)), radius));
        x = Scope.transform(
                x, v -> solarize(v, dev(Tensors.floats(p.solarize(), n, 1, 1, 1)), cfg.solarizeThreshold()));
        return Scope.transform(x, this::normalize);
    }

    /**
     * The first view's augmentation for SPCL's per-epoch clustering pass over chunk {@code chunk} of the data set;
     * a random stream of its own (view index 2), so it never repeats a training view. The same on every rank: each
     * clusters the whole data set.
     */
    public Tensor clusteringView(Tensor images, int epoch, int chunk) {
        return view(images, first, ((long) epoch << 32) | chunk, 2);
    }

    /** The evaluation transform: no augmentation, only scaling and normalisation. */
    public Tensor plain(Tensor images) {
        return normalize(toUnitFloat(images));
    }

    private Tensor toUnitFloat(Tensor uint8) {
        return Tensors.toFloat(dev(uint8)).div(Tensors.scalar(255.0));
    }

    /**
     * Brightness, contrast, saturation and hue, each image in its own order. At every one of the four positions,
     * brightness, contrast and saturation run over the whole batch with the identity factor for the images that have
     * another part there (cheap, and the per-image means are then reduced over the same shape whatever the batch
     * holds, so a rank's slice gives the whole batch's values); hue, whose HSV round trip costs more than the other
     * three together, runs only on the images that shift it there: its operations are elementwise, so an image's
     * result does not depend on which others are selected with it.
     */
    private Tensor colorJitter(Tensor x, ViewParams p) {
        int n = (int) x.size(0);
        boolean colour = x.size(1) == 3;
        for (int position = 0; position < 4; position++) {
            for (int part = 0; part < 4; part++) {
                if (!colour && (part == ViewParams.SATURATION || part == ViewParams.HUE)) continue;
                float[] factor = new float[n];
                boolean any = false;
                for (int i = 0; i < n; i++) {
                    boolean here = p.jitterOrder()[i * 4 + position] == part;
                    float f = switch (part) {
                        case ViewParams.BRIGHTNESS -> p.brightness()[i];
                        case ViewParams.CONTRAST -> p.contrast()[i];
                        case ViewParams.SATURATION -> p.saturation()[i];
                        default -> p.hue()[i];
                    };
                    float identity = part == ViewParams.HUE ? 0f : 1f;
                    factor[i] = here ? f : identity;
                    any |= factor[i] != identity;
                }
                if (!any) continue;
                int drawn = part;
                x = Scope.transform(
                        x, v -> drawn == ViewParams.HUE ? shiftHueWhereDrawn(v, factor) : jitterPart(v, drawn, factor));
            }
        }
        return x;
    }

    /** The hue shift on the images whose shift is not 0, the others left as they are. */
    private Tensor shiftHueWhereDrawn(Tensor x, float[] shift) {
        long[] rows = new long[shift.length];
        float[] drawn = new float[shift.length];
        int m = 0;
        for (int i = 0; i < shift.length; i++) {
            if (shift[i] == 0f) continue;
            rows[m] = i;
            drawn[m++] = shift[i];
        }
        if (m == shift.length) return jitterPart(x, ViewParams.HUE, shift);
        Tensor index = dev(Tensors.longs(Arrays.copyOf(rows, m), m));
        return x.index_copy(0, index, jitterPart(x.index_select(0, index), ViewParams.HUE, Arrays.copyOf(drawn, m)));
    }

    private Tensor jitterPart(Tensor x, int part, float[] factor) {
        int n = (int) x.size(0);
        Tensor f = dev(Tensors.floats(factor, n, 1, 1, 1));
        return switch (part) {
            case ViewParams.BRIGHTNESS -> clamp01(x.mul(f));
            case ViewParams.CONTRAST ->
                clamp01(blend(Tensors.meanKeep(gray(x), 1, 2, 3).expand_as(x), x, f));
            case ViewParams.SATURATION -> clamp01(blend(gray(x), x, f));
            default -> ImageOps.shiftHue(x, dev(Tensors.floats(factor, n)));
        };
    }

    /** a·(1−t) + b·t, with t broadcast per image. */
    private static Tensor blend(Tensor a, Tensor b, Tensor t) {
        return a.add(b.sub(a).mul(t));
    }

    private Tensor gray(Tensor x) {
        if (x.size(1) == 1) return x;
        Tensor luma = dev(Tensors.floats(LUMA, 1, 3, 1, 1));
        return Tensors.sumKeep(x.mul(luma), 1).expand_as(x);
    }

    private static Tensor solarize(Tensor x, Tensor apply, double threshold) {
        Tensor inverted = Tensors.where(x.ge(Tensors.scalar(threshold)), x.neg().add(Tensors.scalar(1.0)), x);
        return blend(x, inverted, apply);
    }

    private Tensor normalize(Tensor x) {
        int c = (int) x.size(1);
        Tensor mean = dev(Tensors.floats(norm.mean(), 1, c, 1, 1));
        Tensor std = dev(Tensors.floats(norm.std(), 1, c, 1, 1));
        return x.sub(mean).div(std);
    }

    private static Tensor clamp01(Tensor x) {
        return Tensors.clamp(x, 0, 1);
    }

    private Tensor dev(Tensor t) {
        return Tensors.to(t, device);
    }

    /**
     * The blur kernel's radius for the largest σ of a batch: ⌈3σ⌉, so that it covers ±3σ (PIL's GaussianBlur, which
     * the papers' pipelines use, does not truncate at a fraction of the image), kept below the image's side because
     * the padding reflects.
     */
    static int blurRadius(double maxSigma, long height, long width) {
        int r = (int) Math.ceil(3 * maxSigma);
        return (int) Math.max(0, Math.min(r, Math.min(height, width) - 1));
    }

    private static double max(float[] v) {
        double m = 0;
        for (float x : v) m = Math.max(m, x);
        return m;
    }

    static long mix(long seed, long step, int view) {
        long z = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + view * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
