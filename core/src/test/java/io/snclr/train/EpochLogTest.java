package io.snclr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The epoch's log line is for people: names and four significant digits, not a Java map of 16-digit doubles. */
class EpochLogTest {
    @Test
    void epochValuesAreRounded() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("tp_sim", 0.8286542646237649);
        values.put("positiveness_entropy", 3.388414353132248);
        values.put("knn_top1", 0.62);
        assertEquals("tp_sim 0.8287, positiveness_entropy 3.388, knn_top1 0.6200", EpochLog.rounded(values));
    }
}
