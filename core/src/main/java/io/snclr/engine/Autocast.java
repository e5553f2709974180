package io.snclr.engine;

import java.util.function.Supplier;
import org.bytedeco.pytorch.global.torch;

/**
 * Runs a forward pass under libtorch's autocast (mixed precision): matmuls and convolutions in bfloat16 on the run's
 * device, numerically sensitive ops in fp32, the weights kept in fp32. Autocast is per thread, like a Python
 * {@code with torch.autocast(...)} block, and caches like one: inside the outermost region each trainable weight is
 * cast once, however many forward passes use it, and leaving that region drops the casts, so a weight updated
 * after it (by the optimiser) is cast afresh.
 */
public final class Autocast {
    private Autocast() {}

    public static <T> T run(Precision precision, Device device, Supplier<T> body) {
        if (precision == Precision.FP32) return body.get();
        torch.DeviceType type = device.isCuda() ? torch.DeviceType.CUDA : torch.DeviceType.CPU;
        boolean was = torch.is_autocast_enabled(type);
        torch.set_autocast_cache_enabled(true);
        torch.set_autocast_dtype(type, torch.ScalarType.BFloat16);
        torch.set_autocast_enabled(type, true);
        torch.increment_nesting();
        try {
            return body.get();
        } finally {
            if (torch.decrement_nesting() == 0) torch.clear_cache(); // PyTorch's rule: the outermost exit drops casts
            torch.set_autocast_enabled(type, was);
        }
    }

    /** Whether autocast is on for the device in this thread (for tests). */
    public static boolean enabled(Device device) {
        return torch.is_autocast_enabled(device.isCuda() ? torch.DeviceType.CUDA : torch.DeviceType.CPU);
    }
}
