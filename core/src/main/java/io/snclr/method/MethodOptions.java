package io.snclr.method;

/**
 * A method's own settings: one record per method, with a kebab-case key per component in the run configuration's
 * {@code method} section ({@code method: {name: snclr, neighbors: 30, ...}}) and a flag of the same name.
 */
public interface MethodOptions {
    /** These options with every setting the recipe decides by backbone filled in (what a run with them uses). */
    default MethodOptions resolvedFor(boolean transformer) {
        return this;
    }
}
