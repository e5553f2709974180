package io.snclr.api;

import java.util.ArrayList;
import java.util.List;

/** One line of a CSV file as RFC 4180 writes it: fields in double quotes may hold commas, newlines and "". */
public final class CsvLine {
    private CsvLine() {}

    public static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c != '"') field.append(c);
                else if (i + 1 < line.length() && line.charAt(i + 1) == '"') field.append(line.charAt(++i));
                else quoted = false;
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /** A field as it is written: quoted when it holds a comma, a quote or a line break. */
    public static String field(String s) {
        if (s == null) return "";
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
