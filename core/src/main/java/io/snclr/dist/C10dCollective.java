package io.snclr.dist;

import io.snclr.engine.BatchStatistics;
import io.snclr.engine.Device;
import io.snclr.engine.ProcessGroup;
import io.snclr.engine.Tensors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * Data parallelism over c10d (Gloo): gradients averaged in a few flattened buckets, rows gathered in rank order,
 * BatchNorm statistics summed over all processes.
 */
public final class C10dCollective implements Collective, AutoCloseable {
    /** Gradient bucket size: few calls per step, each large enough to use the link well (DDP uses 25 MB). */
    static final long BUCKET_BYTES = 25L << 20;

    private final ProcessGroup group;
    private long bytesReduced;
    private long bytesGathered;

    private C10dCollective(ProcessGroup group) {
        this.group = group;
    }

    /** @param device this rank's device: CUDA tensors go through NCCL, CPU tensors through Gloo */
    public static C10dCollective connect(DistEnv env, Duration timeout, Device device) {
        return new C10dCollective(ProcessGroup.connect(env.rendezvous(), timeout, device));
    }

    @Override
    public int rank() {
        return group.rank();
    }

    @Override
    public int worldSize() {
        return group.worldSize();
    }

    @Override
    public Tensor allGather(Tensor t) {
        bytesGathered += t.numel() * t.element_size() * (worldSize() - 1);
        return group.allGather(t);
    }

    @Override
    public Tensor allGatherWithGradient(Tensor t) {
        bytesGathered += t.numel() * t.element_size() * (worldSize() - 1);
        return group.allGatherWithGradient(t);
    }

    @Override
    public void averageGradients(List<Tensor> params) {
        group.endBackward();
        List<Tensor> bucket = new ArrayList<>();
        long bytes = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (!g.defined()) { // unused on this rank (SPCL's metric head without pairs), maybe not on the others
                p.mutable_grad().put(Tensors.zeros(group.device(), p.shape()));
                g = p.grad();
            }
            bucket.add(g);
            bytes += g.numel() * g.element_size();
            if (bytes >= BUCKET_BYTES) {
                reduceBucket(bucket);
                bucket.clear();
                bytes = 0;
            }
        }
        if (!bucket.isEmpty()) reduceBucket(bucket);
    }

    /** One all-reduce for the bucket: flatten, sum, divide, copy back. */
    private void reduceBucket(List<Tensor> grads) {
        Tensor flat = Tensors.cat(0, grads.stream().map(g -> g.reshape(-1)).toArray(Tensor[]::new));
        group.allReduceSum(flat);
        flat.div_(Tensors.scalar(worldSize()));
        bytesReduced += flat.numel() * flat.element_size();
        long offset = 0;
        for (Tensor g : grads) {
            long n = g.numel();
            g.copy_(flat.narrow(0, offset, n).view_as(g));
            offset += n;
        }
    }

    @Override
    public double mean(double value) {
        Tensor t = Tensors.to(Tensors.floats(new float[] {(float) value}, 1), group.device());
        group.allReduceSum(t);
        return Tensors.item(t) / worldSize();
    }

    @Override
    public void barrier() {
        group.barrier();
    }

    @Override
    public BatchStatistics batchStatistics() {
        return group::sumWithGradient;
    }

    @Override
    public long bytesReduced() {
        return bytesReduced;
    }

    @Override
    public long bytesGathered() {
        return bytesGathered;
    }

    @Override
    public void close() {
        group.close();
    }
}
