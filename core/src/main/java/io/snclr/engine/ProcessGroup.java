package io.snclr.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.AllreduceOptions;
import org.bytedeco.pytorch.Backend;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.GlooDeviceVector;
import org.bytedeco.pytorch.PrefixStore;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorBase;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorTensorHook;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.Work;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.nccl.ProcessGroupNCCL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A c10d process group: rendezvous through a TCPStore (rank 0 serves it), then Gloo collectives on CPU tensors or
 * NCCL collectives on CUDA tensors (the CUDA build of the natives, {@code mvn -Pcuda}).
 * Every operation waits for its completion; a peer that dies or hangs surfaces as a {@link CollectiveException}
 * (connection closed at once, or the timeout).
 */
public final class ProcessGroup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessGroup.class);

    private final Store store;
    private final Backend backend;
    private final int rank;
    private final int world;
    private final Device device;
    /** Gradient hooks registered this step: libtorch calls them back, so they must stay reachable until backward ran. */
    private final List<TensorTensorHook> hooks = new ArrayList<>();

    private RuntimeException hookFailure;

    private ProcessGroup(Store store, Backend backend, int rank, int world, Device device) {
        this.device = device;
        this.store = store;
        this.backend = backend;
        this.rank = rank;
        this.world = world;
    }

    /**
     * Joins the group of processes that meet at {@code r}'s store; NCCL when the tensors live on {@code device}
     * CUDA, else Gloo.
     */
    public static ProcessGroup connect(Rendezvous r, Duration timeout, Device device) {
        // said at once: a missing peer otherwise shows nothing until the timeout
        LOG.info(
                "rank {} of {}: waiting up to {} s for the other processes at {}:{} (SNCLR_DIST_TIMEOUT)",
                r.rank(),
                r.world(),
                timeout.toSeconds(),
                r.host(),
                r.port());
        Milliseconds ms = new Milliseconds(timeout.toMillis());
        TCPStoreOptions o = new TCPStoreOptions();
        o.port((short) r.port());
        o.isServer(r.serveStore());
        o.waitWorkers(false);
        o.timeout(ms);
        Store store;
        try {
            TCPStore tcp = new TCPStore(r.host(), o);
            store = r.keyPrefix().isEmpty() ? tcp : new PrefixStore(r.keyPrefix(), tcp);
        } catch (RuntimeException e) {
            throw new CollectiveException("rank " + r.rank() + ": no rendezvous at " + r.host() + ":" + r.port()
                    + " (MASTER_ADDR / MASTER_PORT) within " + timeout.toSeconds() + " s: "
                    + NativeErrors.firstLine(e));
        }
        try {
            return new ProcessGroup(
                    store,
                    device.isCuda()
                            ? nccl(store, r.rank(), r.world(), ms)
                            : gloo(store, r.rank(), r.world(), ms, r.host()),
                    r.rank(),
                    r.world(),
                    device);
        } catch (RuntimeException e) {
            throw new CollectiveException("rank " + r.rank() + ": the " + r.world()
                    + " processes did not all join within " + timeout.toSeconds() + " s: "
                    + NativeErrors.firstLine(e));
        }
    }

    private static Backend gloo(Store store, int rank, int world, Milliseconds timeout, String host) {
        ProcessGroupGloo.Options options = ProcessGroupGloo.Options.create(timeout);
        options.devices(new GlooDeviceVector(device(host)));
        return new ProcessGroupGloo(store, rank, world, options);
    }

    private static Backend nccl(Store store, int rank, int world, Milliseconds timeout) {
        ProcessGroupNCCL.Options options = ProcessGroupNCCL.Options.create(false);
        options.timeout(timeout);
        return new ProcessGroupNCCL(store, rank, world, options);
    }

    /** The network device Gloo binds: loopback for a local run, GLOO_SOCKET_IFNAME if set, else this host's name. */
    private static org.bytedeco.pytorch.gloo.Device device(String host) {
        String ifname = System.getenv("GLOO_SOCKET_IFNAME");
        if (ifname != null && !ifname.isBlank()) return ProcessGroupGloo.createDeviceForInterface(ifname);
        try {
            if (InetAddress.getByName(host).isLoopbackAddress())
                return ProcessGroupGloo.createDeviceForHostname("127.0.0.1");
        } catch (UnknownHostException e) {
            throw new CollectiveException("MASTER_ADDR " + host + ": unknown host");
        }
        return ProcessGroupGloo.createDefaultDevice();
    }

    public int rank() {
        return rank;
    }

    public int worldSize() {
        return world;
    }

    /** Where this group's tensors must live (CUDA for NCCL). */
    public Device device() {
        return device;
    }

    /** Sums {@code t} over all processes, in place. */
    public void allReduceSum(Tensor t) {
        await(backend.allreduce(new TensorVector(t), new AllreduceOptions()), "all-reduce");
    }

    /** The rows of {@code t} from every process, in rank order (same shape on every process). */
    public Tensor allGather(Tensor t) {
        Tensor local = t.contiguous();
        long[] shape = local.shape().clone();
        shape[0] *= world;
        Tensor out =
                torch.empty(shape, new TensorOptions(local.dtype()).device(new DeviceOptional(local.device())), null);
        await(backend._allgather_base(out, local), "all-gather");
        return out;
    }

    /** Returns when every process has called it. */
    public void barrier() {
        allReduceSum(Tensors.zeros(device, 1));
    }

    /**
     * {@code local} summed over all processes, as a differentiable op whose gradient is likewise summed over them (in
     * backward, through a tensor hook): SyncBatchNorm's statistics.
     */
    public Tensor sumWithGradient(Tensor local) {
        Tensor reduced = local.detach().clone();
        allReduceSum(reduced);
        Tensor out = local.add(reduced.sub(local.detach()));
        if (local.requires_grad()) sumGradientOver(out);
        return out;
    }

    /**
     * {@link #allGather} as a differentiable op: this rank's rows are {@code t} itself, and the gradient arriving at
     * the gathered tensor is summed over the ranks (in backward, through a tensor hook), so each rank's rows receive
     * what every rank's loss sends them.
     */
    public Tensor allGatherWithGradient(Tensor t) {
        Tensor gathered = allGather(t.detach());
        long n = t.size(0);
        Tensor out = Tensors.cat(
                0,
                gathered.narrow(0, 0, rank * n),
                t,
                gathered.narrow(0, (rank + 1) * n, (long) (world - rank - 1) * n));
        if (t.requires_grad()) sumGradientOver(out);
        return out;
    }

    /** Registers a hook on {@code out} that sums its gradient over all processes before it flows on. */
    private void sumGradientOver(Tensor out) {
        TensorTensorHook hook = new TensorTensorHook() {
            @Override
            public TensorBase call(TensorBase grad) {
                // no gradient reached this tensor (the same on every rank: the graphs are the same)
                if (grad == null || grad.isNull() || !grad.defined()) return new Tensor();
                Tensor g = new Tensor(grad).clone();
                try {
                    allReduceSum(g);
                } catch (RuntimeException e) {
                    // an exception must not cross the native callback: remembered, raised after backward
                    if (hookFailure == null) hookFailure = e;
                }
                return g;
            }
        };
        // a memory scope (a layer's) must not free the callback before backward has called it
        hooks.add(Scope.unscoped(hook));
        out.register_hook(hook);
    }

    /** After backward: releases this step's gradient hooks and raises what failed inside them. */
    public void endBackward() {
        hooks.forEach(TensorTensorHook::releaseReference);
        hooks.clear();
        RuntimeException failure = hookFailure;
        hookFailure = null;
        if (failure != null) throw failure;
    }

    private void await(Work work, String what) {
        try {
            work._wait();
        } catch (RuntimeException e) {
            throw new CollectiveException("rank " + rank + ": " + what + " failed, another process has probably died "
                    + "or hung (" + NativeErrors.firstLine(e) + ")");
        }
    }

    @Override
    public void close() {
        backend.shutdown();
        store.close();
    }
}
