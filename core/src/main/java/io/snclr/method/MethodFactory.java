package io.snclr.method;

import io.snclr.augment.ViewRecipe;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * How one method is built from its own options record: what a new method registers in {@link Methods}.
 *
 * @param name the value of {@code --method} and of the {@code method.name} key
 * @param optionsType the options record; its components are the method's keys and flags
 * @param defaults every option's default value, declared once
 * @param creator the method and the batch plan it trains on
 * @param help one line of help per option, keyed by its flag name (without dashes)
 * @param views the method's own augmentation recipe (its views unless the configuration names others)
 */
public record MethodFactory<O extends MethodOptions>(
        String name,
        Class<O> optionsType,
        O defaults,
        BiFunction<O, MethodContext, MethodAssembly> creator,
        Map<String, String> help,
        ViewRecipe views) {
    public MethodFactory {
        help = Map.copyOf(help);
    }

    public MethodAssembly create(O options, MethodContext context) {
        return creator.apply(options, context);
    }

    /** {@link #create} for options already checked to be of {@link #optionsType()}. */
    public MethodAssembly createUnchecked(MethodOptions options, MethodContext context) {
        return create(optionsType.cast(options), context);
    }
}
