package io.snclr.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snclr.augment.ViewSettings;
import io.snclr.method.MethodFactory;
import io.snclr.method.Methods;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Every setting of a run with its flag, its place in the configuration and its default: what the CLI offers. */
public final class ConfigKeys {
    /** Settings whose null means "not given" rather than "the recipe decides". */
    private static final Set<String> OPTIONAL_FILES = Set.of("data.test-source", "encoder.init-from");

    /** Settings that are records of their own, given in YAML only (a view's settings): no flag. */
    private static final Set<Class<?>> NESTED = Set.of(ViewSettings.class);

    private static final List<ConfigKey> KEYS = keyTable();

    private ConfigKeys() {}

    /** Every setting, in section order: what the CLI turns into flags. */
    public static List<ConfigKey> keys() {
        return KEYS;
    }

    /** The keys of the given sections. */
    public static List<ConfigKey> keys(String... sections) {
        List<String> wanted = List.of(sections);
        return KEYS.stream().filter(k -> wanted.contains(k.section())).toList();
    }

    private static List<ConfigKey> keyTable() {
        List<ConfigKey> out = new ArrayList<>();
        ObjectNode defaults = ConfigTrees.toTree(RunConfig.DEFAULT);
        for (String section : ConfigTrees.SECTIONS.keySet()) {
            if (section.equals(ConfigTrees.METHOD)) {
                out.add(new ConfigKey(
                        "method",
                        ConfigTrees.METHOD,
                        ConfigTrees.NAME,
                        Methods.names(),
                        RunConfig.DEFAULT.methodName()));
                Map<String, List<String>> owners = new LinkedHashMap<>();
                Map<String, String> firstDefault = new LinkedHashMap<>();
                for (MethodFactory<?> f : Methods.all()) {
                    ObjectNode d = ConfigTrees.MAPPER.valueToTree(f.defaults());
                    d.fields().forEachRemaining(e -> {
                        owners.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                                .add(f.name());
                        firstDefault.putIfAbsent(e.getKey(), text(e.getValue()));
                    });
                }
                owners.forEach((field, methods) -> out.add(new ConfigKey(
                        ConfigTrees.flagOf(ConfigTrees.METHOD + "." + field),
                        ConfigTrees.METHOD,
                        field,
                        List.copyOf(methods),
                        firstDefault.get(field))));
            } else {
                defaults.get(section).fields().forEachRemaining(e -> {
                    if (!isScalar(ConfigTrees.SECTIONS.get(section), e.getKey())) return; // YAML only
                    out.add(new ConfigKey(
                            ConfigTrees.flagOf(section + "." + e.getKey()),
                            section,
                            e.getKey(),
                            List.of(),
                            OPTIONAL_FILES.contains(section + "." + e.getKey()) ? "none" : text(e.getValue())));
                });
            }
        }
        TreeSet<String> seen = new TreeSet<>();
        for (ConfigKey k : out) {
            if (!seen.add(k.flag())) throw new IllegalStateException("two settings share the flag --" + k.flag());
        }
        return List.copyOf(out);
    }

    /** Whether a section's setting is a single value (a flag) rather than a record of its own (YAML only). */
    private static boolean isScalar(Class<?> section, String field) {
        for (var c : section.getRecordComponents()) {
            if (ConfigTrees.kebab(c.getName()).equals(field)) return !NESTED.contains(c.getType());
        }
        return true;
    }

    private static String text(JsonNode v) {
        return v.isNull() ? "recipe" : v.asText();
    }

    static String pathOf(String flag, String source) {
        for (ConfigKey k : KEYS) if (k.flag().equals(flag)) return k.path();
        throw new IllegalArgumentException((source.isEmpty() ? "" : source + ": ") + "unknown setting '" + flag + "'");
    }
}
