package io.snclr.config;

import java.util.List;

/**
 * One setting of a run: its flag ({@code --batch-size}), where it sits in the configuration ({@code optim.batch-size})
 * and, for a method's own setting, which methods have it.
 *
 * @param flag the long option name without dashes; also accepted as a flat key in a YAML file
 * @param section the configuration section
 * @param field the key inside the section
 * @param methods the methods that have this key (method section only; empty elsewhere)
 * @param defaultValue the default, as text (the first method's, for a method key)
 */
public record ConfigKey(String flag, String section, String field, List<String> methods, String defaultValue) {
    public String path() {
        return section + "." + field;
    }

    public boolean isMethodKey() {
        return section.equals(ConfigTrees.METHOD);
    }
}
