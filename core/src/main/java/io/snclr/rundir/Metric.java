package io.snclr.rundir;

/**
 * The keys of metrics.jsonl that the trainer writes (every step, and the per-epoch records). A method's own
 * diagnostics are declared by the method ({@code PretrainMethod.metrics()}).
 */
public final class Metric {
    private Metric() {}

    // every step (the trainer)
    public static final String STEP = "step";
    public static final String EPOCH = "epoch";
    public static final String LOSS = "loss";
    public static final String LR = "lr";
    public static final String MOMENTUM = "momentum";
    public static final String STEP_SECONDS = "step_s";
    public static final String IMAGES_PER_SECOND = "images_per_s";
    public static final String DATA_WAIT_SECONDS = "data_wait_s";
    public static final String PREPARE_SECONDS = "prepare_s";
    /** Images of a streamed set that failed to decode so far (each replaced by the next image). */
    public static final String IMAGES_FAILED = "images_failed";

    public static final String RSS_MB = "rss_mb";
    /** Data-parallel runs: gradient MB this rank all-reduced, and MB it received through all-gathers, this step. */
    public static final String ALLREDUCE_MB = "allreduce_mb";

    public static final String ALLGATHER_MB = "allgather_mb";
    // per-epoch records: their marker key holds the epoch
    public static final String EPOCH_START = "epoch_start";
    public static final String EPOCH_END = "epoch_end";
    public static final String KNN_TOP1 = "knn_top1";
    public static final String KNN_TOP5 = "knn_top5";
}
