package io.snclr.method;

import io.snclr.method.byol.ByolFactory;
import io.snclr.method.mocov3.MocoV3Factory;
import io.snclr.method.nnclr.NnclrFactory;
import io.snclr.method.simclr.SimClrFactory;
import io.snclr.method.snclr.SnclrFactory;
import io.snclr.method.spcl.SpclFactory;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The method registry: every method by name. */
public final class Methods {
    private static final List<MethodFactory<?>> ALL = List.of(
            SnclrFactory.FACTORY,
            MocoV3Factory.FACTORY,
            ByolFactory.FACTORY,
            SimClrFactory.FACTORY,
            NnclrFactory.FACTORY,
            SpclFactory.FACTORY);

    private Methods() {}

    public static List<String> names() {
        return ALL.stream().map(MethodFactory::name).toList();
    }

    public static List<MethodFactory<?>> all() {
        return ALL;
    }

    /** The help line of a method option's flag, from the first method that explains it. */
    public static Optional<String> help(String flag) {
        return ALL.stream()
                .map(f -> f.help().get(flag))
                .filter(Objects::nonNull)
                .findFirst();
    }

    public static MethodFactory<?> byName(String name) {
        return ALL.stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("--method: expected one of " + names() + ", got '" + name + "'"));
    }
}
