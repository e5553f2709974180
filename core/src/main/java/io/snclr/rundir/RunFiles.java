package io.snclr.rundir;

/** The files of a run directory, named in one place (the encoder's own two are in {@code model.EncoderFiles}). */
public final class RunFiles {
    private RunFiles() {}

    /** The run's typed configuration, serialised; {@code --resume} and {@code --run} read it back. */
    public static final String CONFIG = "config.yaml";

    public static final String METRICS = "metrics.jsonl";
    public static final String CHECKPOINT = "checkpoint.pt";
    /** Size, SHA-256, format version and step of checkpoint.pt. */
    public static final String CHECKPOINT_MANIFEST = "checkpoint.json";
    /** The checkpoint before the newest one, kept so that a damaged newest one is not the end of the run. */
    public static final String CHECKPOINT_PREV = "checkpoint.prev.pt";

    public static final String CHECKPOINT_PREV_MANIFEST = "checkpoint.prev.json";
    /** Held (file lock) by the process writing the run; holds its PID. */
    public static final String LOCK = ".lock";

    public static final String SUMMARY = "summary.json";
    /** The training images the run trains on ({@code DataFingerprint}): a resume on other images is refused. */
    public static final String DATA = "data.json";
    /** The training images left out (unreadable when indexed) or replaced (failed when decoded), with reasons. */
    public static final String SKIPPED_IMAGES = "skipped-images.txt";

    public static final String REPORT_MD = "report.md";
    public static final String REPORT_HTML = "report.html";
    /** The linear probe's result, written by {@code linear --report} and by ablation cells. */
    public static final String LINEAR_RESULT = "linear-fast.json";
    /** The labelled subset a fine-tuning run trained on, one training-image index per line. */
    public static final String LABELLED_INDICES = "labelled-indices.txt";
}
