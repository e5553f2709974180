package io.snclr.experiments;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the {@code {placeholders}} of a table's title, labels and settings from the experiment: {@code {queue}},
 * {@code {queue/4}} and {@code {queue*4}} (whole numbers), {@code {ln(neighbors)}} (three decimals), and plain
 * names such as {@code {best.knn}}.
 */
final class Placeholders {
    private static final Pattern FIELD = Pattern.compile("\\{([^{}]+)}");
    private static final Pattern ARITHMETIC = Pattern.compile("([\\w.-]+)\\s*([*/])\\s*(\\d+)");
    private static final Pattern LOG = Pattern.compile("ln\\(([\\w.-]+)\\)");

    private final Map<String, Object> values;

    Placeholders(Map<String, Object> values) {
        this.values = Map.copyOf(values);
    }

    Placeholders with(Map<String, Object> more) {
        Map<String, Object> all = new java.util.LinkedHashMap<>(values);
        all.putAll(more);
        return new Placeholders(all);
    }

    /** {@code text} with every placeholder replaced. */
    String fill(String text) {
        Matcher m = FIELD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value(m.group(1)))));
        m.appendTail(out);
        return out.toString();
    }

    /** A setting's value: a whole placeholder ({@code "{queue*4}"}) becomes its number, anything else stays. */
    Object settle(Object value) {
        if (value instanceof String s
                && s.startsWith("{")
                && s.endsWith("}")
                && FIELD.matcher(s).matches()) {
            return value(s.substring(1, s.length() - 1));
        }
        return value;
    }

    private Object value(String expression) {
        Matcher a = ARITHMETIC.matcher(expression);
        if (a.matches()) {
            long x = number(a.group(1)).longValue(), y = Long.parseLong(a.group(3));
            return a.group(2).equals("*") ? x * y : x / y;
        }
        Matcher l = LOG.matcher(expression);
        if (l.matches())
            return String.format(
                    Locale.ROOT, "%.3f", Math.log(number(l.group(1)).doubleValue()));
        if (!values.containsKey(expression)) throw new IllegalStateException("no value for {" + expression + "}");
        return values.get(expression);
    }

    private Number number(String name) {
        if (values.get(name) instanceof Number n) return n;
        throw new IllegalStateException("{" + name + "} is not a number: " + values.get(name));
    }
}
