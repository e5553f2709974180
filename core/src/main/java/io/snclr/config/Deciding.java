package io.snclr.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * The one definition of which settings decide what a run computes: everything but the loop's bookkeeping (progress,
 * checkpoints, logging, --max-steps), the threads and decoding workers, the device and the memory budget. A resumed run
 * may change only those; an experiment's cell is the same cell when all others are equal, its evaluation included.
 */
public final class Deciding {
    /** Flags outside the loop section that change how a run is carried out, not what it computes. */
    private static final Set<String> CIRCUMSTANCES = Set.of("threads", "device", "workers", "memory-budget-mb");

    private Deciding() {}

    /** Whether {@code key} changes what training computes (the evaluation settings do not). */
    public static boolean training(ConfigKey key) {
        return result(key) && !key.section().equals("eval");
    }

    /** Whether {@code key} changes a run's result, its evaluation included. */
    public static boolean result(ConfigKey key) {
        return !key.section().equals("loop") && !CIRCUMSTANCES.contains(key.flag());
    }

    /** {@code config} (as {@link RunConfigs#toJson}) with only the settings that decide its result. */
    public static JsonNode resultOf(JsonNode config) {
        ObjectNode out = ConfigTrees.MAPPER.createObjectNode();
        for (ConfigKey k : RunConfigs.keys()) {
            JsonNode v = config.path(k.section()).path(k.field());
            if (!result(k) || v.isMissingNode()) continue;
            // through text, so that a number read back from a file compares equal to the one computed (3 vs 3L)
            out.put(k.section() + "." + k.field(), v.toString());
        }
        return out;
    }
}
