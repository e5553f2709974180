package io.snclr.dist;

/**
 * SLURM's compressed host lists ({@code node[01-04,07],gpu-a}): only the first host is needed, where rank 0 runs.
 */
final class SlurmHosts {
    private SlurmHosts() {}

    /** The first host of a list: {@code node[01-04,07]-ib,other} → {@code node01-ib}. */
    static String first(String list) {
        String s = list.strip();
        int depth = 0, end = s.length();
        for (int i = 0; i < s.length(); i++) { // the first entry ends at the first comma outside brackets
            char c = s.charAt(i);
            if (c == '[') depth++;
            else if (c == ']') depth--;
            else if (c == ',' && depth == 0) {
                end = i;
                break;
            }
        }
        String entry = s.substring(0, end);
        int open = entry.indexOf('[');
        if (open < 0) return entry;
        int close = entry.indexOf(']', open);
        if (close < 0) throw new IllegalArgumentException("SLURM node list '" + list + "': unclosed '['");
        String range = entry.substring(open + 1, close).split(",")[0];
        String start = range.contains("-") ? range.substring(0, range.indexOf('-')) : range;
        // the rest may hold more bracketed parts (rack[1-2]-node[01-04]): take the first of each
        return entry.substring(0, open)
                + start
                + first(entry.substring(close + 1).isEmpty() ? "" : entry.substring(close + 1));
    }
}
