package io.snclr.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/** Named parameters and buffers of a module: copy, freeze, exponential moving average, count. */
public final class ModuleState {
    private ModuleState() {}

    /** Parameters then buffers, by dotted name (torchvision-style: {@code layer1.0.conv1.weight}). */
    public static Map<String, Tensor> named(Module m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        put(out, m.named_parameters(true));
        put(out, m.named_buffers(true));
        return out;
    }

    private static void put(Map<String, Tensor> out, StringTensorDict dict) {
        var items = dict.items();
        for (long i = 0; i < items.size(); i++) {
            var item = items.get(i);
            out.put(item.key().getString(), new Tensor(item.value())); // own handle: the dict's storage may go
        }
    }

    public static List<Tensor> parameters(Module m) {
        TensorVector v = m.parameters(true);
        List<Tensor> out = new ArrayList<>();
        for (long i = 0; i < v.size(); i++) out.add(new Tensor(v.get(i))); // own handle, not a view into v
        return out;
    }

    /** The parameters that take gradients (a frozen patch embedding is left out). */
    public static List<Tensor> trainable(Module m) {
        return parameters(m).stream().filter(Tensor::requires_grad).toList();
    }

    /** Copies every parameter and buffer of {@code from} into the same-named tensor of {@code to}. */
    public static void copy(Module from, Module to) {
        Map<String, Tensor> src = named(from);
        Map<String, Tensor> dst = named(to);
        try (NoGradGuard g = new NoGradGuard()) {
            for (var e : dst.entrySet()) {
                Tensor s = src.get(e.getKey());
                if (s == null) throw new IllegalStateException("no tensor named " + e.getKey() + " in source module");
                e.getValue().copy_(s);
            }
        }
    }

    public static void toDevice(Module m, Device device) {
        if (!device.isCpu()) m.to(device.handle(), false);
    }

    public static void freeze(Module m) {
        for (Tensor p : parameters(m)) p.set_requires_grad(false);
    }

    /** θ' ← m·θ' + (1−m)·θ over parameters (buffers keep their own running statistics, as in MoCo v3). */
    public static void ema(Module target, Module online, double m) {
        List<Tensor> t = parameters(target);
        List<Tensor> o = parameters(online);
        try (NoGradGuard g = new NoGradGuard();
                Scope s = Scope.open()) {
            Scalar keep = new Scalar(m), take = new Scalar(1 - m);
            for (int i = 0; i < t.size(); i++) t.get(i).mul_(keep).add_(o.get(i), take);
        }
    }

    public static long parameterCount(Module m) {
        long n = 0;
        for (Tensor p : parameters(m)) n += p.numel();
        return n;
    }

    /** Runs {@code body} with autograd recording off. */
    public static <T> T noGrad(Supplier<T> body) {
        try (NoGradGuard g = new NoGradGuard()) {
            return body.get();
        }
    }

    public static void noGrad(Runnable body) {
        try (NoGradGuard g = new NoGradGuard()) {
            body.run();
        }
    }
}
