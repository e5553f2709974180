package io.snclr.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.snclr.config.RunConfig;
import io.snclr.config.RunConfigs;
import io.snclr.method.MocoV3Recipe;
import io.snclr.train.TrainConfig;
import java.util.Locale;

/** The budget line of a results page, written from the resolved configuration of its cells. */
final class Budget {
    private Budget() {}

    static String describe(Grid grid, Experiment e) {
        RunConfig snclr = grid.config(new Cell("budget", "snclr", e.seeds().get(0)));
        JsonNode method = RunConfigs.toJson(snclr).get("method");
        TrainConfig train = snclr.train();
        StringBuilder s = new StringBuilder("Budget per cell: ");
        s.append(
                        snclr.data().isFashionMnist()
                                ? "Fashion-MNIST"
                                : "`" + snclr.data().source() + "`")
                .append(", ")
                .append(
                        snclr.data().limit() > 0
                                ? String.format(
                                        Locale.ROOT,
                                        "%d class-balanced training images",
                                        snclr.data().limit())
                                : "every training image")
                .append(", ")
                .append(snclr.encoder().describe())
                .append(String.format(
                        Locale.ROOT,
                        ", batch %d, %d epochs, %s lr %s per 256 (weight decay %s), queue %s, K = %s, T = %s, neighbour"
                                + " warm-up %s epoch(s); kNN k = %d, T = %s and a %d-epoch %s linear probe (batch %d, lr %s per 256), "
                                + "both on the %s.",
                        snclr.optim().batchSize(),
                        snclr.schedule().epochs(),
                        snclr.optim()
                                .optimizer()
                                .toString()
                                .toUpperCase(Locale.ROOT)
                                .replace("ADAMW", "AdamW"),
                        number(train.lrPer256()),
                        number(train.weightDecay()),
                        method.path("queue").asText(),
                        method.path("neighbors").asText(),
                        method.path("temperature").isNumber()
                                ? method.path("temperature").asText()
                                : number(MocoV3Recipe.temperature(
                                                snclr.encoder().isVit())) + " (MoCo v3's for the backbone)",
                        method.path("neighbor-warmup-epochs").asText(),
                        snclr.eval().knnK(),
                        number(snclr.eval().knnTemperature()),
                        snclr.eval().linearEpochs(),
                        snclr.eval().linearMode(),
                        snclr.eval().linearBatch(),
                        number(snclr.eval().linearLrFor(snclr.encoder().isVit())),
                        snclr.data().testLimit() > 0
                                ? snclr.data().testLimit() + " class-balanced test images"
                                : "whole test split"));
        if (e.methods().contains("spcl") || e.tables().stream().anyMatch(t -> t.startsWith("spcl"))) {
            JsonNode spcl = RunConfigs.toJson(
                            grid.config(new Cell("budget", "spcl", e.seeds().get(0))))
                    .get("method");
            s.append(String.format(
                    Locale.ROOT,
                    " SPCL: P = %s prototypes (k-means on one augmented view per image each epoch), %s of each batch "
                            + "from its anchor prototype, λ_c = %s, λ_m = %s, λ_p = %s, %s, NT-Xent T = %s.",
                    spcl.path("prototypes").asText(),
                    spcl.path("anchor-fraction").asText(),
                    spcl.path("lambda-con").asText(),
                    spcl.path("lambda-metric").asText(),
                    spcl.path("lambda-proto").asText(),
                    spcl.path("symmetric-ce").asBoolean() ? "symmetric CE" : "plain CE",
                    spcl.path("temperature").asText()));
        }
        s.append(String.format(
                Locale.ROOT,
                " Seeds %s; \"a ± s (b-c)\" is the mean, the sample standard deviation and the range over seeds; paired "
                        + "rows are per-seed differences in points. Forward passes in %s. Records: `%s`; cells: `%s`.",
                e.seeds(),
                snclr.engine().precision().name().toLowerCase(Locale.ROOT),
                e.records(),
                e.cells()));
        return s.toString();
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
