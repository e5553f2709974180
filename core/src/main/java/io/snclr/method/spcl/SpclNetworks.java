package io.snclr.method.spcl;

import io.snclr.engine.BatchStatistics;
import io.snclr.engine.Device;
import io.snclr.engine.Layers;
import io.snclr.engine.ModuleState;
import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;
import io.snclr.method.Networks;
import io.snclr.method.OnlineNetworks;
import io.snclr.model.Encoder;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;

/**
 * SPCL's networks: SimCLR's encoder and projector, plus the metric head (C → 1 on |e_a − e_b|) and the prototype
 * head (C → P), both on the backbone representation. Checkpoint names: {@code online.*}, {@code spcl.metric_head.*},
 * {@code spcl.prototype_head.*}.
 */
public final class SpclNetworks implements Networks {
    private final OnlineNetworks online;
    private final LinearImpl metricHead;
    private final LinearImpl prototypeHead;

    public SpclNetworks(OnlineNetworks online, int prototypes, Device device) {
        this.online = online;
        long c = online.backbone().featureDim();
        this.metricHead = Layers.linear(c, 1, true);
        this.prototypeHead = Layers.linear(c, prototypes, true);
        ModuleState.toDevice(metricHead, device);
        ModuleState.toDevice(prototypeHead, device);
    }

    public OnlineNetworks online() {
        return online;
    }

    public LinearImpl metricHead() {
        return metricHead;
    }

    public LinearImpl prototypeHead() {
        return prototypeHead;
    }

    @Override
    public void shareBatchStatistics(BatchStatistics statistics, boolean withBackbone) {
        online.shareBatchStatistics(statistics, withBackbone);
    }

    @Override
    public Encoder backbone() {
        return online.backbone();
    }

    @Override
    public List<Tensor> trainableParameters() {
        List<Tensor> out = new ArrayList<>(online.trainableParameters());
        out.addAll(ModuleState.parameters(metricHead));
        out.addAll(ModuleState.parameters(prototypeHead));
        return out;
    }

    @Override
    public void train(boolean on) {
        online.train(on);
        metricHead.train(on);
        prototypeHead.train(on);
    }

    @Override
    public void save(StateWriter out) {
        online.save(out);
        out.putModule("spcl.metric_head", metricHead).putModule("spcl.prototype_head", prototypeHead);
    }

    @Override
    public void load(StateReader in) {
        online.load(in);
        in.intoModule("spcl.metric_head", metricHead);
        in.intoModule("spcl.prototype_head", prototypeHead);
    }
}
