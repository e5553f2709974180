package io.snclr.experiments;

import io.snclr.experiments.TableSpec.BestOf;
import io.snclr.experiments.TableSpec.Cells;
import io.snclr.experiments.TableSpec.Curve;
import io.snclr.experiments.TableSpec.Curves;
import io.snclr.experiments.TableSpec.MethodComparison;
import io.snclr.experiments.TableSpec.Paired;
import io.snclr.experiments.TableSpec.PrototypeSweep;
import io.snclr.experiments.TableSpec.QueueOverhead;
import io.snclr.experiments.TableSpec.Row;
import io.snclr.experiments.TableSpec.Seeds;
import io.snclr.experiments.TableSpec.Similarity;
import io.snclr.method.NeighborPrecision;
import io.snclr.method.snclr.Snclr;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The tables of the SNCLR and SPCL papers as this project reproduces them, by id: which cells each runs and what it
 * shows. Data only; {@link TableMaker} runs and renders them.
 */
public final class PaperTables {
    /** Training images set aside to choose settings on, never the test split. */
    static final int HOLDOUT = 10_000;

    private static final String NEIGHBORS = "{neighbors}";

    private static final BestOf CHOSEN_TEMPERATURE = new BestOf(
            "compare-tuned",
            "SNCLR with the positiveness temperature chosen on held-out images",
            "select-temperature",
            List.of("positiveness-temperature"),
            "snclr, positiveness temperature {best.positiveness-temperature} (best held-out kNN {best.knn})");

    private static final List<TableSpec> ALL = List.of(
            new MethodComparison("compare", "Method comparison"),
            new Cells(
                    "tab4",
                    "Tab. 4: neighbours (K = " + NEIGHBORS + ") and K",
                    List.of(
                            Row.of("no neighbours (MoCo v3)", "mocov3"),
                            Row.of("neighbours, binary", "snclr", Map.of("positiveness", "binary")),
                            Row.of("neighbours, soft positiveness", "snclr"),
                            Row.of("soft, K = 10", "snclr", Map.of("neighbors", 10)),
                            Row.of("soft, K = 50", "snclr", Map.of("neighbors", 50)))),
            new Cells(
                    "tab5",
                    "Tab. 5: queue length",
                    List.of(
                            Row.of("queue {queue/4}", "snclr", Map.of("queue", "{queue/4}")),
                            Row.of("queue {queue}", "snclr"),
                            Row.of("queue {queue*4}", "snclr", Map.of("queue", "{queue*4}")))),
            new QueueOverhead("tab6", "Tab. 6: queue overhead", List.of(0.25, 1.0, 4.0, 16.0)),
            new Cells(
                    "tab7",
                    "Tab. 7: where neighbours act",
                    List.of(
                            Row.of("positives only", "snclr", Map.of("neighbor-side", "positive")),
                            Row.of("negatives only", "snclr", Map.of("neighbor-side", "negative")),
                            Row.of("both", "snclr"))),
            new Cells(
                    "investigate",
                    "Positiveness and loss variants (SNCLR vs MoCo v3 gap)",
                    List.of(
                            Row.of("reference: positiveness temperature 1, soft targets", "snclr"),
                            Row.of("positiveness temperature 0.1", "snclr", Map.of("positiveness-temperature", 0.1)),
                            Row.of("positiveness temperature 0.05", "snclr", Map.of("positiveness-temperature", 0.05)),
                            Row.of(
                                    "temperature 0.1, threshold 1/K",
                                    "snclr",
                                    Map.of("positiveness-temperature", 0.1, "threshold", true)),
                            Row.of("positiveness detached (no gradient)", "snclr", Map.of("detach-positiveness", true)),
                            Row.of("own earlier keys kept as neighbours", "snclr", Map.of("exclude-self", false)),
                            Row.of("loss = paper (Eq. 2)", "snclr", Map.of("loss", "paper")),
                            Row.of("no neighbour warm-up", "snclr", Map.of("neighbor-warmup-epochs", 0)))),
            new Similarity("similarity", "View similarity: true positives vs false negatives (SPCL Fig. 2b)"),
            new Cells(
                    "spcl-tab2",
                    "SPCL Tab. 2: loss weights (λ_c, λ_m, λ_p)",
                    List.of(
                            Row.of("all three losses (1, 1, 1)", "spcl"),
                            Row.of("without L_con (0, 1, 1)", "spcl", Map.of("lambda-con", 0)),
                            Row.of("without L_metric (1, 0, 1)", "spcl", Map.of("lambda-metric", 0)),
                            Row.of("without L_proto (1, 1, 0)", "spcl", Map.of("lambda-proto", 0)),
                            Row.of("λ_c = 0.1", "spcl", Map.of("lambda-con", 0.1)),
                            Row.of("λ_m = 0.1", "spcl", Map.of("lambda-metric", 0.1)),
                            Row.of("λ_p = 0.1", "spcl", Map.of("lambda-proto", 0.1)))),
            new PrototypeSweep("spcl-prototypes", "SPCL: number of prototypes P", List.of(10, 50, 200)),
            new Cells(
                    "select-temperature",
                    "SNCLR's positiveness temperature, chosen on " + HOLDOUT
                            + " held-out training images (kNN and linear on them, not on the test split)",
                    List.of(
                            Row.of("temperature 1 (default)", "snclr", Map.of("holdout", HOLDOUT)),
                            Row.of(
                                    "temperature 0.2",
                                    "snclr",
                                    Map.of("holdout", HOLDOUT, "positiveness-temperature", 0.2)),
                            Row.of(
                                    "temperature 0.05",
                                    "snclr",
                                    Map.of("holdout", HOLDOUT, "positiveness-temperature", 0.05)))),
            CHOSEN_TEMPERATURE,
            new Seeds(
                    "tab4-seeds",
                    "Tab. 4 over seeds: none, binary and soft neighbours (K = " + NEIGHBORS + ")",
                    "setting",
                    List.of(
                            new Row("none", "no neighbours (MoCo v3)", "mocov3", Map.of()),
                            new Row("binary", "neighbours, binary", "snclr", Map.of("positiveness", "binary")),
                            new Row("soft", "neighbours, soft positiveness", "snclr", Map.of())),
                    List.of(
                            new Paired("binary − none (paired by seed)", "binary", "none"),
                            new Paired("soft − binary (paired by seed)", "soft", "binary"),
                            new Paired("soft − none (paired by seed)", "soft", "none"))),
            new Curves(
                    "neighbour-curves",
                    "Neighbour precision and positiveness entropy per epoch (K = " + NEIGHBORS
                            + ", ln K = {ln(neighbors)})",
                    List.of(
                            Row.of("binary", "snclr", Map.of("positiveness", "binary")),
                            Row.of("soft, temperature 1", "snclr")),
                    List.of(
                            new Curve(
                                    NeighborPrecision.KEY,
                                    "neighbour precision",
                                    true,
                                    "Neighbour precision (same class among the K), mean over seeds",
                                    "fraction of neighbours",
                                    "neighbour precision"),
                            new Curve(
                                    Snclr.POSITIVENESS_ENTROPY,
                                    "positiveness entropy",
                                    false,
                                    "Positiveness entropy, mean over seeds (ln K: uniform weights)",
                                    "entropy (nats)",
                                    "positiveness entropy"),
                            new Curve(
                                    Snclr.SELF_NEIGHBORS_EXCLUDED,
                                    "own keys excluded (fraction of neighbours)",
                                    false,
                                    null,
                                    null,
                                    null)),
                    new BestOf(
                            CHOSEN_TEMPERATURE.id(),
                            CHOSEN_TEMPERATURE.title(),
                            CHOSEN_TEMPERATURE.selection(),
                            CHOSEN_TEMPERATURE.keys(),
                            "soft, temperature {best.positiveness-temperature} (chosen on held-out images)")));

    private PaperTables() {}

    public static List<TableSpec> all() {
        return ALL;
    }

    /** The ids, for help texts. */
    public static String ids() {
        return ALL.stream().map(TableSpec::id).collect(Collectors.joining(", "));
    }

    public static TableSpec byId(String id) {
        return find(id).orElseThrow(() ->
                new IllegalArgumentException("--tables: unknown table '" + id + "' (tables: " + ids() + ")"));
    }

    static Optional<TableSpec> find(String id) {
        return ALL.stream().filter(t -> t.id().equals(id)).findFirst();
    }
}
