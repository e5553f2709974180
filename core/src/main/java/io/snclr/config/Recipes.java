package io.snclr.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The published recipes (and this project's CPU recipes) shipped with snclr: {@code configs/<name>.yaml}, inside the
 * jar too. {@code --config NAME} takes one of them, or any YAML file of settings.
 */
public final class Recipes {
    /** The recipes by name, in the order {@code snclr recipes} lists them. */
    public static final List<String> NAMES = List.of(
            "snclr-vit-small-imagenet",
            "snclr-resnet50-imagenet",
            "mocov3-vit-small-imagenet",
            "mocov3-resnet50-imagenet",
            "byol-resnet50-imagenet",
            "simclr-resnet50-imagenet",
            "nnclr-resnet50-imagenet",
            "spcl-resnet50-imagenet",
            "cpu-fashion-mnist",
            "cpu-fashion-mnist-tuned",
            "cpu-vit-tiny");

    /** One recipe: its name and its first comment line. */
    public record Entry(String name, String summary) {}

    private Recipes() {}

    /** A bundled recipe by name, or a YAML file, laid over {@code base}. */
    public static RunConfig overlay(RunConfig base, String nameOrFile) {
        Path file = Path.of(nameOrFile);
        if (Files.isRegularFile(file)) return RunConfigs.overlay(base, file);
        if (!NAMES.contains(nameOrFile)) {
            throw new IllegalArgumentException("--config " + nameOrFile + ": no such file, and not a recipe ("
                    + String.join(", ", NAMES) + "; see snclr recipes)");
        }
        try (InputStream in = open(nameOrFile)) {
            return RunConfigs.overlay(base, ConfigTrees.YAML.readTree(in), "recipe " + nameOrFile);
        } catch (IOException e) {
            throw new UncheckedIOException("recipe " + nameOrFile + ": " + e.getMessage(), e);
        }
    }

    /** A bundled recipe over the defaults. */
    public static RunConfig load(String name) {
        return overlay(RunConfig.DEFAULT, name);
    }

    public static List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        for (String name : NAMES) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(open(name), StandardCharsets.UTF_8))) {
                String first = r.readLine();
                out.add(new Entry(
                        name,
                        first != null && first.startsWith("#")
                                ? first.substring(1).trim()
                                : ""));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static InputStream open(String name) {
        InputStream in = Recipes.class.getResourceAsStream("/configs/" + name + ".yaml");
        if (in == null) throw new IllegalStateException("the jar lacks configs/" + name + ".yaml");
        return in;
    }
}
