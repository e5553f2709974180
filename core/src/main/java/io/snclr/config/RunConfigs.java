package io.snclr.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snclr.files.AtomicFile;
import io.snclr.method.MethodFactory;
import io.snclr.method.Methods;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run configuration as YAML and as key/value overrides. A configuration is read as a tree laid over the defaults
 * and then bound to the typed records, so every default is the records' own, every key is checked (an unknown one
 * is an error naming it) and every value is validated by the record that holds it.
 *
 * <p>YAML files have one map per section ({@code optim: {batch-size: 256}}); flat keys named like the flags
 * ({@code batch-size: 256}) are accepted too.
 */
public final class RunConfigs {
    private RunConfigs() {}

    /** Every setting, in section order: what the CLI turns into flags. */
    public static List<ConfigKey> keys() {
        return ConfigKeys.keys();
    }

    /** The keys of the given sections. */
    public static List<ConfigKey> keys(String... sections) {
        return ConfigKeys.keys(sections);
    }

    /** The configuration as a JSON tree (what config.yaml holds): for records and comparisons. */
    public static JsonNode toJson(RunConfig c) {
        return ConfigTrees.toTree(c);
    }

    // ---- files

    /** Writes {@code config} as YAML through a temporary file, so a reader never sees half a file. */
    public static void write(RunConfig config, Path file) {
        AtomicFile.write(file, tmp -> ConfigTrees.YAML.writeValue(tmp.toFile(), ConfigTrees.toTree(config)));
    }

    /**
     * {@code file} read as YAML into {@code type} with the configuration's conventions (kebab-case keys, unknown keys
     * refused, paths as text): how experiment files and recipes are read. One line naming the file on error.
     */
    public static <T> T readYaml(Path file, java.io.InputStream in, Class<T> type, String what) {
        if (in == null) requireSmall(file);
        try {
            return in != null ? ConfigTrees.YAML.readValue(in, type) : ConfigTrees.YAML.readValue(file.toFile(), type);
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage());
            throw new IllegalArgumentException(
                    file + ": not " + what + " (" + msg.lines().findFirst().orElse(msg) + ")");
        }
    }

    /** The largest configuration file read: a recipe is a few kB; a file this large is a mistake, refused unread. */
    static final long MAX_YAML_BYTES = 1L << 20;

    private static void requireSmall(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_YAML_BYTES) {
                throw new IllegalArgumentException(file + ": " + (size >> 20) + " MB, larger than the "
                        + (MAX_YAML_BYTES >> 20) + " MB a configuration file may have");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** A run configuration file ({@code config.yaml} or a user's ConfigTrees.YAML), laid over the defaults. */
    public static RunConfig read(Path file) {
        return overlay(RunConfig.DEFAULT, file);
    }

    /** {@code base} with the settings of a YAML file laid over it. */
    public static RunConfig overlay(RunConfig base, Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such file");
        requireSmall(file);
        JsonNode doc;
        try {
            doc = ConfigTrees.YAML.readTree(file.toFile());
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage());
            throw new IllegalArgumentException(
                    file + ": not YAML (" + msg.lines().findFirst().orElse(msg) + ")");
        }
        return overlay(base, doc, file.toString());
    }

    /**
     * {@code base} with the settings of a configuration tree laid over it (sections or flat flag names): also how a
     * configuration recorded by an older version reads, with the settings it lacks at their defaults.
     */
    public static RunConfig overlay(RunConfig base, JsonNode doc, String source) {
        if (doc == null || doc.isMissingNode() || doc.isNull()) return base;
        if (!doc.isObject()) throw new IllegalArgumentException(source + ": expected a map of settings");
        Map<String, JsonNode> flat = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (ConfigTrees.SECTIONS.containsKey(e.getKey()) && e.getValue().isObject()) {
                e.getValue().fields().forEachRemaining(f -> flat.put(e.getKey() + "." + f.getKey(), f.getValue()));
            } else {
                flat.put(ConfigKeys.pathOf(e.getKey(), source), e.getValue());
            }
        }
        return apply(base, flat, source + ": ", false);
    }

    // ---- overrides

    /**
     * {@code base} with settings replaced, keyed by flag name ({@code batch-size}) or path ({@code optim.batch-size});
     * values as text (from the command line) or numbers/booleans.
     *
     * @param source prefix of error messages ("" for flags, whose names the messages already carry)
     */
    public static RunConfig override(RunConfig base, Map<String, ?> values, String source) {
        return apply(base, byPath(values, source), source, false);
    }

    /**
     * Like {@link #override}, but a method key that the configured method does not have is left out instead of being
     * an error: for grids that set e.g. the queue length of every method that has a queue.
     */
    public static RunConfig overrideWhereApplicable(RunConfig base, Map<String, ?> values) {
        return apply(base, byPath(values, ""), "", true);
    }

    /** Values keyed by flag name or by path, keyed by path, as JSON. */
    private static Map<String, JsonNode> byPath(Map<String, ?> values, String source) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(
                k.contains(".") ? k : ConfigKeys.pathOf(k, source),
                v == null ? null : ConfigTrees.MAPPER.valueToTree(v)));
        return out;
    }

    private static RunConfig apply(RunConfig base, Map<String, JsonNode> byPath, String source, boolean lenient) {
        ObjectNode tree = ConfigTrees.toTree(base);
        JsonNode name = byPath.get(ConfigTrees.METHOD + "." + ConfigTrees.NAME);
        if (name != null) switchMethod(tree, name.asText());
        MethodFactory<?> method = Methods.byName(
                tree.get(ConfigTrees.METHOD).get(ConfigTrees.NAME).asText());
        List<String> methodKeys = ConfigTrees.fieldsOf(method.defaults());
        for (Map.Entry<String, JsonNode> e : byPath.entrySet()) {
            String path = e.getKey();
            int dot = path.indexOf('.');
            String section = path.substring(0, dot), field = path.substring(dot + 1);
            if (!ConfigTrees.SECTIONS.containsKey(section)) {
                throw new IllegalArgumentException(
                        source + "unknown section '" + section + "' (sections: " + ConfigTrees.SECTIONS.keySet() + ")");
            }
            if (section.equals(ConfigTrees.METHOD) && field.equals(ConfigTrees.NAME)) continue;
            if (section.equals(ConfigTrees.METHOD) && !methodKeys.contains(field)) {
                if (lenient) continue;
                throw new IllegalArgumentException(
                        source + "--" + ConfigTrees.flagOf(path) + ": not a setting of --method " + method.name()
                                + " (its settings: " + (methodKeys.isEmpty() ? "none" : methodKeys) + ")");
            }
            ObjectNode node = (ObjectNode) tree.get(section);
            if (!node.has(field)) {
                throw new IllegalArgumentException(source + "unknown key '" + path + "' (" + section + " has: "
                        + ConfigTrees.fieldsOf(node) + ")");
            }
            JsonNode old = node.get(field), value = e.getValue();
            if (old instanceof ObjectNode o && value instanceof ObjectNode v) { // a view's settings add up
                ObjectNode merged = o.deepCopy();
                merged.setAll(v);
                value = merged;
            }
            node.set(field, value);
        }
        return ConfigTrees.fromTree(tree, source);
    }

    /** A new method starts from its defaults; settings given for the previous one carry over where it has them. */
    private static void switchMethod(ObjectNode tree, String name) {
        ObjectNode old = (ObjectNode) tree.get(ConfigTrees.METHOD);
        if (old.get(ConfigTrees.NAME).asText().equals(name)) return;
        MethodFactory<?> from = Methods.byName(old.get(ConfigTrees.NAME).asText()), to = Methods.byName(name);
        ObjectNode fromDefaults = ConfigTrees.MAPPER.valueToTree(from.defaults());
        ObjectNode next = ConfigTrees.methodNode(name, to.defaults());
        old.fields().forEachRemaining(e -> {
            boolean given =
                    !e.getKey().equals(ConfigTrees.NAME) && !e.getValue().equals(fromDefaults.get(e.getKey()));
            if (given && next.has(e.getKey())) next.set(e.getKey(), e.getValue());
        });
        tree.set(ConfigTrees.METHOD, next);
    }
}
