package io.snclr.experiments;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How the results tables print numbers: accuracies in percent with two decimals, seconds whole. */
final class Format {
    private Format() {}

    static String pct(double fraction) {
        return String.format("%.2f", 100 * fraction);
    }

    static String decimals(double v, int places) {
        return String.format("%." + places + "f", v);
    }

    /** "mean ± sd (min-max)", or the one value; accuracies as percent, seconds whole. */
    static String spread(SeedStats.Spread s, boolean percent) {
        double scale = percent ? 100 : 1;
        String fmt = percent ? "%.2f" : "%.0f";
        if (s.n() == 1) return String.format(fmt, scale * s.mean());
        return String.format(
                fmt + " ± " + fmt + " (" + fmt + "-" + fmt + ")",
                scale * s.mean(),
                scale * s.sd(),
                scale * s.min(),
                scale * s.max());
    }

    /** Differences already in points: "+m ± sd (each; k of n > 0)". */
    static String paired(SeedStats.Differences d) {
        return String.format(
                "%+.2f ± %.2f (%s; %d of %d > 0)",
                d.spread().mean(),
                d.spread().sd(),
                Arrays.stream(d.each()).mapToObj(v -> String.format("%+.2f", v)).collect(Collectors.joining(" ")),
                d.positive(),
                d.each().length);
    }
}
