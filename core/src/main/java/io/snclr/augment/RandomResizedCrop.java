package io.snclr.augment;

import io.snclr.data.StreamedImages.Region;
import java.util.SplittableRandom;

/**
 * torchvision's {@code RandomResizedCrop.get_params} on an image's own pixel size, plus the horizontal flip: up to 10
 * draws of an area fraction (uniform in the view's scale range) and a log-uniform aspect ratio in the view's range (3/4 to 4/3 by default), the first
 * that fits placed uniformly; otherwise the centred largest crop whose ratio is within range.
 */
final class RandomResizedCrop {
    private RandomResizedCrop() {}

    static Region sample(ViewConfig c, int width, int height, SplittableRandom rng) {
        double area = (double) width * height;
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * uniform(rng, c.cropScaleMin(), c.cropScaleMax());
            double ratio = Math.exp(uniform(rng, Math.log(c.ratioMin()), Math.log(c.ratioMax())));
            int w = (int) Math.round(Math.sqrt(target * ratio));
            int h = (int) Math.round(Math.sqrt(target / ratio));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int y = rng.nextInt(height - h + 1);
                int x = rng.nextInt(width - w + 1);
                return new Region(x, y, w, h, rng.nextDouble() < c.flipP());
            }
        }
        double inRatio = (double) width / height;
        int w = width, h = height;
        if (inRatio < c.ratioMin()) h = (int) Math.round(w / c.ratioMin());
        else if (inRatio > c.ratioMax()) w = (int) Math.round(h * c.ratioMax());
        return new Region((width - w) / 2, (height - h) / 2, w, h, rng.nextDouble() < c.flipP());
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }
}
