package io.snclr.cli;

import io.snclr.config.EffectiveSettings;
import io.snclr.config.Recipes;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snclr recipes}: the shipped recipes, one line each, or every effective setting of one. */
@Command(
        name = "recipes",
        mixinStandardHelpOptions = true,
        description = "List the shipped recipes (pretrain --config NAME), or show every setting of one as a run uses "
                + "it. docs/recipes.md gives each value's source.")
public final class RecipesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--show", paramLabel = "NAME", description = "print every effective setting of this recipe")
    String show;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (show == null) {
            int width = Recipes.NAMES.stream().mapToInt(String::length).max().orElse(0);
            for (Recipes.Entry e : Recipes.list()) out.printf("%-" + width + "s  %s%n", e.name(), e.summary());
            return 0;
        }
        Map<String, String> settings = EffectiveSettings.of(Recipes.load(show));
        int width = settings.keySet().stream().mapToInt(String::length).max().orElse(0);
        settings.forEach((k, v) -> out.printf("%-" + width + "s  %s%n", k, v));
        return 0;
    }
}
