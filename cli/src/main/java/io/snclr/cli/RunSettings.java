package io.snclr.cli;

/** A command that takes run settings as flags: which sections of the run configuration it exposes. */
interface RunSettings {
    String[] sections();
}
