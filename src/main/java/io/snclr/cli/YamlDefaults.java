package io.snclr.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A YAML file of option values (keys = long option names without dashes, e.g. {@code batch-size: 256}) that
 * replaces the built-in defaults; flags on the command line still win.
 */
final class YamlDefaults implements CommandLine.IDefaultValueProvider {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final Path file;
    private final Map<String, Object> values;

    private YamlDefaults(Path file, Map<String, Object> values) {
        this.file = file;
        this.values = values;
    }

    static YamlDefaults read(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("--config " + file + ": no such file");
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = YAML.readValue(file.toFile(), LinkedHashMap.class);
            return new YamlDefaults(file, m == null ? Map.of() : m);
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage());
            throw new IllegalArgumentException(file + ": not a YAML map of option values ("
                    + msg.lines().findFirst().orElse(msg) + ")");
        }
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec o)) return null;
        Object v = values.get(key(o));
        return v == null ? null : String.valueOf(v);
    }

    /** Checks the YAML file that supplies {@code spec}'s defaults, if there is one. */
    static void checkKeys(CommandSpec spec) {
        if (spec.commandLine().getDefaultValueProvider() instanceof YamlDefaults y) y.check(spec);
    }

    /** Fails on keys that are not options of {@code spec}, so that a typo is not silently ignored. */
    void check(CommandSpec spec) {
        TreeSet<String> known = new TreeSet<>();
        for (OptionSpec o : spec.options()) known.add(key(o));
        for (String k : values.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException(file + ": unknown key '" + k + "' for 'snclr " + spec.name()
                        + "' (keys are the long option names, e.g. batch-size)");
            }
        }
    }

    /** Writes every option's resolved value, so that a run directory records exactly what ran. */
    static void write(CommandSpec spec, Path file, java.util.Set<String> skip) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            String k = key(o);
            if (o.usageHelp() || o.versionHelp() || skip.contains(k)) continue;
            Object v = o.getValue();
            if (v != null) out.put(k, v instanceof Path ? v.toString() : v);
        }
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".config", ".yaml");
        YAML.writeValue(tmp.toFile(), out);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String key(OptionSpec o) {
        return o.longestName().replaceFirst("^-+", "");
    }
}
