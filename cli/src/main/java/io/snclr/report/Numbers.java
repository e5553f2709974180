package io.snclr.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Numbers for people: whole numbers as they are, others to four significant digits, tiny ones in E notation. */
public final class Numbers {
    private Numbers() {}

    public static String of(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return String.valueOf(v);
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(Locale.ROOT, "%d", (long) v);
        if (Math.abs(v) < 1e-3) return String.format(Locale.ROOT, "%.3g", v).replace("e-0", "e-");
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
