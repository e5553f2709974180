package io.snclr.method.byol;

import io.snclr.method.MethodOptions;

/** BYOL has no settings of its own: its momentum comes from the schedule, its heads from the run. */
public record ByolConfig() implements MethodOptions {
    public static final ByolConfig DEFAULT = new ByolConfig();
}
