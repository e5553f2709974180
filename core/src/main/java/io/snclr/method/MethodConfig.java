package io.snclr.method;

/** The method section of a run: which method, with its own options record. */
public record MethodConfig(String name, MethodOptions options) {
    public MethodConfig {
        MethodFactory<?> f = Methods.byName(name);
        if (!f.optionsType().isInstance(options)) {
            throw new IllegalArgumentException("--method " + name + ": options of type "
                    + options.getClass().getSimpleName() + ", expected "
                    + f.optionsType().getSimpleName());
        }
    }

    public static MethodConfig defaults(String name) {
        return new MethodConfig(name, Methods.byName(name).defaults());
    }

    public MethodAssembly create(MethodContext context) {
        return Methods.byName(name).createUnchecked(options, context);
    }
}
