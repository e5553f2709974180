package io.snclr.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** summary.json's keys in words, and its values for people (accuracies as percentages, numbers rounded). */
final class SummaryLabels {
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("train_images", "training images"),
            Map.entry("batch_size", "batch size"),
            Map.entry("train_seconds_this_session", "training time of the last session (s)"),
            Map.entry("final_loss", "final loss"),
            Map.entry("knn_top1", "kNN top-1"),
            Map.entry("knn_top5", "kNN top-5"),
            Map.entry("knn_k", "kNN k"),
            Map.entry("knn_temperature", "kNN temperature"),
            Map.entry("test_images", "test images"),
            Map.entry("images_skipped", "images skipped"),
            Map.entry("images_failed", "images that failed to decode"));

    private SummaryLabels() {}

    static String label(String key) {
        return LABELS.getOrDefault(key, key.replace('_', ' '));
    }

    static String value(String key, JsonNode v) {
        if (!v.isNumber()) return v.asText();
        double d = v.asDouble();
        if (key.startsWith("knn_top")) return Numbers.of(Math.round(d * 10000) / 100.0) + " %";
        return Numbers.of(d);
    }
}
