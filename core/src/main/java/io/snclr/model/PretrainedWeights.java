package io.snclr.model;

import io.snclr.engine.ModuleState;
import io.snclr.engine.PickledState;
import io.snclr.engine.Tensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * Starts a backbone from a state_dict file (torch.save format): one exported by {@code snclr export}, a torchvision or
 * timm model's, or another trainer's checkpoint whose backbone sits under a common prefix ({@code module.},
 * {@code backbone.}, ...). Every tensor the backbone has must be found with its shape; extra entries (the
 * classifier, heads) are ignored and counted.
 */
public final class PretrainedWeights {
    private static final List<String> PREFIXES = List.of(
            "",
            "module.",
            "backbone.",
            "encoder.",
            "model.",
            "base_encoder.",
            "module.base_encoder.",
            "module.backbone.",
            "module.encoder.");

    /** What a load took from the file. */
    public record Loaded(Path file, String prefix, int tensors, List<String> ignored) {}

    private PretrainedWeights() {}

    public static Loaded load(Path file, Encoder encoder, String describe) {
        Map<String, Tensor> saved = PickledState.read(file);
        Map<String, Tensor> wanted = ModuleState.named(encoder.module());
        String prefix = bestPrefix(saved, wanted);
        List<String> missing = new ArrayList<>();
        for (String name : wanted.keySet()) {
            // num_batches_tracked is absent from old torchvision files and plays no part in evaluation or training
            if (!saved.containsKey(prefix + name) && !name.endsWith("num_batches_tracked")) missing.add(name);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(file + ": lacks " + missing.size() + " of the " + wanted.size()
                    + " tensors of a " + describe + " (e.g. '" + missing.get(0) + "'); expected a state_dict of that "
                    + "architecture (torchvision/timm names)");
        }
        // every tensor is checked before any is copied: a refused file leaves the encoder as it was
        for (var e : wanted.entrySet()) {
            Tensor from = saved.get(prefix + e.getKey());
            if (from != null) requireFits(file, prefix + e.getKey(), from, e.getValue(), describe);
        }
        ModuleState.noGrad(() -> {
            for (var e : wanted.entrySet()) {
                Tensor from = saved.get(prefix + e.getKey());
                if (from != null) e.getValue().copy_(from);
            }
        });
        List<String> ignored = saved.keySet().stream()
                .filter(k -> !k.startsWith(prefix) || !wanted.containsKey(k.substring(prefix.length())))
                .toList();
        return new Loaded(file, prefix, wanted.size(), ignored);
    }

    /** Its shape, a floating-point type where the encoder has one (not integers cast), and finite values. */
    private static void requireFits(Path file, String name, Tensor from, Tensor to, String describe) {
        if (!Arrays.equals(from.shape(), to.shape())) {
            throw new IllegalArgumentException(file + ": '" + name + "' has shape " + Arrays.toString(from.shape())
                    + ", a " + describe + " expects " + Arrays.toString(to.shape()));
        }
        if (!to.is_floating_point()) return; // counters such as num_batches_tracked
        if (!from.is_floating_point()) {
            throw new IllegalArgumentException(file + ": '" + name + "' holds " + Tensors.dtypeName(from)
                    + " values, weights are floating point (" + Tensors.dtypeName(to) + ")");
        }
        long bad = ModuleState.noGrad(() -> from.isfinite().logical_not().sum().item_long());
        if (bad > 0) {
            throw new IllegalArgumentException(
                    file + ": '" + name + "' holds " + bad + " NaN or infinite value(s); weights must be finite");
        }
    }

    private static String bestPrefix(Map<String, Tensor> saved, Map<String, Tensor> wanted) {
        String best = "";
        long bestHits = -1;
        for (String p : PREFIXES) {
            long hits = wanted.keySet().stream()
                    .filter(k -> saved.containsKey(p + k))
                    .count();
            if (hits > bestHits) {
                best = p;
                bestHits = hits;
            }
        }
        return best;
    }
}
