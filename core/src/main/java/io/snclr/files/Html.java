package io.snclr.files;

/** Text placed in the HTML pages snclr writes. */
public final class Html {
    private Html() {}

    /** {@code s} as text inside an element or a double-quoted attribute. */
    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
