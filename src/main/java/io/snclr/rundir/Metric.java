package io.snclr.rundir;

/** The keys of metrics.jsonl, in one place: written by the trainer and the methods, read by reports and ablations. */
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
    // every step (the methods)
    public static final String TP_SIM = "tp_sim";
    public static final String FN_SIM = "fn_sim";
    public static final String NEG_SIM = "neg_sim";
    /** The same similarities measured on the projections (SPCL's Fig. 2b) carry this suffix: tp_sim_proj, ... */
    public static final String PROJECTION_SUFFIX = "_proj";

    public static final String POSITIVENESS_ENTROPY = "positiveness_entropy";
    public static final String NEIGHBOR_PRECISION = "neighbor_precision";
    public static final String NEIGHBORS = "neighbors";
    /** Per query: how many of its own earlier keys would have been among its K neighbours had they not been left out. */
    public static final String SELF_NEIGHBORS_EXCLUDED = "self_neighbors_excluded";

    public static final String LOSS_CON = "loss_con";
    public static final String LOSS_PROTO = "loss_proto";
    public static final String LOSS_METRIC = "loss_metric";
    public static final String METRIC_PAIRS = "metric_pairs";
    // per-epoch records: their marker key holds the epoch
    public static final String EPOCH_START = "epoch_start";
    public static final String EPOCH_END = "epoch_end";
    public static final String KNN_TOP1 = "knn_top1";
    public static final String KNN_TOP5 = "knn_top5";
    public static final String CLUSTER_SECONDS = "cluster_s";
    public static final String PROTOTYPE_PURITY = "prototype_purity";
    public static final String PROTOTYPE_NMI = "prototype_nmi";
}
