package io.snclr.train;

/** The progress display: a bar on a terminal (auto), always, or log lines only. */
public enum Progress {
    AUTO,
    ON,
    OFF;

    public boolean bar() {
        return this == ON || (this == AUTO && System.console() != null);
    }
}
