package io.snclr.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in this JVM and keeps what it printed on stderr besides log lines: the user-facing error lines. */
public final class CliCapture {
    /** The exit code and the non-log stderr lines. */
    public record Outcome(int code, String err) {}

    private CliCapture() {}

    /** Runs the CLI, requires exit code 0 and returns what it printed on stdout. */
    public static String stdout(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            if (code != 0) throw new AssertionError("snclr " + String.join(" ", args) + " exited with " + code);
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(saved);
        }
    }

    public static Outcome run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Outcome(
                    code,
                    buf.toString(StandardCharsets.UTF_8)
                            .lines()
                            .filter(l ->
                                    !l.startsWith("Warning: Versions of") && !l.matches("^\\d\\d:\\d\\d:\\d\\d .*"))
                            .reduce("", (a, b) -> a.isEmpty() ? b : a + "\n" + b));
        } finally {
            System.setErr(saved);
        }
    }
}
