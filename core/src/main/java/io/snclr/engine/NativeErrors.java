package io.snclr.engine;

/** Messages of libtorch's exceptions: their text is followed by a native stack trace, which users need not read. */
final class NativeErrors {
    private NativeErrors() {}

    /** The first line of {@code e}'s message: what went wrong, without the trace. */
    static String firstLine(RuntimeException e) {
        String m = String.valueOf(e.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
