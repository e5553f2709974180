package io.snclr.engine;

import java.util.List;
import org.bytedeco.pytorch.BatchNorm1dImpl;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * BatchNorm whose training statistics may span the processes of a data-parallel run (PyTorch's SyncBatchNorm). The
 * modules are libtorch's BatchNorm1d/2d, with the same parameter and buffer names, so checkpoints and exports are
 * unchanged. Until {@link Shared#shareStatistics} is called, and always in eval mode, they run libtorch's own kernel.
 */
public final class SyncBatchNorm {
    private SyncBatchNorm() {}

    /** Makes every one of {@code norms} (built by {@link Layers}) compute its training statistics with {@code s}. */
    public static void share(List<org.bytedeco.pytorch.Module> norms, BatchStatistics s) {
        for (org.bytedeco.pytorch.Module m : norms) {
            if (!(m instanceof Shared shared))
                throw new IllegalStateException("not a SyncBatchNorm layer: " + m.name());
            shared.shareStatistics(s);
        }
    }

    /** A BatchNorm that can share its statistics. */
    public interface Shared {
        void shareStatistics(BatchStatistics statistics);
    }

    /** BatchNorm2d (N×C×H×W). */
    public static final class Norm2d extends BatchNorm2dImpl implements Shared {
        private BatchStatistics statistics;

        public Norm2d(BatchNormOptions options) {
            super(options);
        }

        @Override
        public void shareStatistics(BatchStatistics s) {
            statistics = s;
        }

        @Override
        public Tensor forward(Tensor x) {
            if (statistics == null || !is_training()) return super.forward(x);
            return normalize(
                    x,
                    weight(),
                    bias(),
                    running_mean(),
                    running_var(),
                    num_batches_tracked(),
                    options().momentum().get(),
                    options().eps().get(),
                    statistics);
        }
    }

    /** BatchNorm1d (N×C), with or without affine parameters. */
    public static final class Norm1d extends BatchNorm1dImpl implements Shared {
        private BatchStatistics statistics;

        public Norm1d(BatchNormOptions options) {
            super(options);
        }

        @Override
        public void shareStatistics(BatchStatistics s) {
            statistics = s;
        }

        @Override
        public Tensor forward(Tensor x) {
            if (statistics == null || !is_training()) return super.forward(x);
            boolean affine = options().affine().get();
            return normalize(
                    x,
                    affine ? weight() : null,
                    affine ? bias() : null,
                    running_mean(),
                    running_var(),
                    num_batches_tracked(),
                    options().momentum().get(),
                    options().eps().get(),
                    statistics);
        }
    }

    /**
     * Training-mode BatchNorm from sums shared across processes: mean = Σx / n, var = Σx² / n − mean² over the whole
     * global batch (in fp32), running statistics updated with the unbiased variance as torch.nn.BatchNorm does.
     */
    static Tensor normalize(
            Tensor x,
            Tensor weight,
            Tensor bias,
            Tensor runningMean,
            Tensor runningVar,
            Tensor batchesTracked,
            double momentum,
            double eps,
            BatchStatistics statistics) {
        Tensor xf = Tensors.toFloat(x);
        long c = x.size(1);
        long[] dims = x.dim() == 2 ? new long[] {0} : new long[] {0, 2, 3};
        long[] shape = x.dim() == 2 ? new long[] {1, c} : new long[] {1, c, 1, 1};
        double count = (double) x.numel() / c;
        ScalarTypeOptional same = new ScalarTypeOptional();
        Tensor local = Tensors.cat(
                0,
                xf.sum(dims, false, same),
                xf.mul(xf).sum(dims, false, same),
                Tensors.onDeviceOf(Tensors.floats(new float[] {(float) count}, 1), x));
        Tensor global = statistics.sum(local);
        Tensor n = global.narrow(0, 2 * c, 1);
        Tensor mean = global.narrow(0, 0, c).div(n);
        Tensor var = global.narrow(0, c, c).div(n).sub(mean.mul(mean));
        try (NoGradGuard g = new NoGradGuard()) {
            double total = n.item_double();
            runningMean.mul_(Tensors.scalar(1 - momentum)).add_(mean.detach().mul(Tensors.scalar(momentum)));
            runningVar
                    .mul_(Tensors.scalar(1 - momentum))
                    .add_(var.detach().mul(Tensors.scalar(momentum * total / Math.max(1, total - 1))));
            batchesTracked.add_(new Scalar(1L));
        }
        Tensor y = xf.sub(mean.view(shape))
                .mul(torch.rsqrt(var.add(Tensors.scalar(eps))).view(shape));
        return weight == null ? y : y.mul(weight.view(shape)).add(bias.view(shape));
    }
}
