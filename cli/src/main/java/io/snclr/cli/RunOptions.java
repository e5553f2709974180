package io.snclr.cli;

import io.snclr.config.ConfigKey;
import io.snclr.config.Recipes;
import io.snclr.config.RunConfig;
import io.snclr.config.RunConfigs;
import io.snclr.rundir.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The run configuration's settings as flags: one per key of {@link RunConfigs#keys()}, generated, so a flag, its
 * YAML key and its default are declared once (in the configuration records). A flag that is not given leaves the
 * setting as the layers below it have it (defaults, then {@code --config} or the resumed run's config.yaml).
 */
final class RunOptions {
    private RunOptions() {}

    /** Adds a flag for every key of {@code sections} to {@code spec}. */
    static void addTo(CommandSpec spec, String... sections) {
        for (ConfigKey k : RunConfigs.keys(sections)) {
            String methods =
                    k.isMethodKey() && !k.field().equals("name") ? " [" + String.join(", ", k.methods()) + "]" : "";
            spec.addOption(OptionSpec.builder("--" + k.flag())
                    .type(String.class)
                    .arity("1")
                    .paramLabel("<" + k.field() + ">")
                    .description(OptionHelp.of(k) + methods + " (default: " + k.defaultValue() + ")")
                    .userObject(k)
                    .build());
        }
    }

    /** The settings given on the command line, by flag name. */
    static Map<String, String> given(CommandSpec spec) {
        ParseResult parsed = spec.commandLine().getParseResult();
        Map<String, String> out = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            // only the generated flags: a command's own --epochs (linear's) is not a run setting
            if (o.userObject() instanceof ConfigKey k && parsed.hasMatchedOption(o)) {
                out.put(k.flag(), parsed.matchedOptionValue(o.longestName(), ""));
            }
        }
        return out;
    }

    /** {@code base}, then the recipe or YAML file of {@code --config} (if any), then the flags given. */
    static RunConfig resolve(CommandSpec spec, RunConfig base, String recipe) {
        RunConfig c = recipe != null ? Recipes.overlay(base, recipe) : base;
        return RunConfigs.override(c, given(spec), "");
    }

    /**
     * The settings of a finished run's evaluation: its own config.yaml (so the data are the run's), else the defaults,
     * then the flags given.
     */
    static RunConfig forSavedRun(CommandSpec spec, Path run) {
        Path file = run.resolve(RunFiles.CONFIG);
        return resolve(spec, Files.isRegularFile(file) ? RunConfigs.read(file) : RunConfig.DEFAULT, null);
    }

    /** The sections of a command that trains (pretrain, bench). */
    static final List<String> TRAINING =
            List.of("data", "views", "encoder", "heads", "method", "optim", "schedule", "eval", "loop", "engine");
}
