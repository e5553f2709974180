package io.snclr.report;

import java.util.ArrayList;
import java.util.List;

/** A titled table rendered as Markdown (for docs) and CSV (for tools). */
public final class Table {
    private final String title;
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String title, List<String> header) {
        this.title = title;
        this.header = header;
    }

    public Table row(List<String> cells) {
        if (cells.size() != header.size()) throw new IllegalArgumentException("row has " + cells.size() + " cells");
        rows.add(cells);
        return this;
    }

    public String title() {
        return title;
    }

    public String markdown() {
        StringBuilder sb =
                new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
        sb.append("---|".repeat(header.size())).append('\n');
        for (List<String> r : rows)
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        return sb.toString();
    }

    public String csv() {
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (List<String> r : rows)
            sb.append(String.join(",", r.stream().map(Table::csvCell).toList())).append('\n');
        return sb.toString();
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
