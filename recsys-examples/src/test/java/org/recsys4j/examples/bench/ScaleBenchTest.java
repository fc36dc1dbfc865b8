package org.recsys4j.examples.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench scale}'s rows survive their CSV, and the growth table puts each step of each size in its cell. */
class ScaleBenchTest {
    @Test
    void rowsRoundTripThroughTheirCsvLineAndTheGrowthTableHasACellPerStepAndSize() {
        ScaleBench.Row a = new ScaleBench.Row("1m", 1_000_000, "merge: item2vec (validation split)", 1, 84.582, 10.54,
                234_307_240L, 421_650_432L);
        assertEquals(a, ScaleBench.Row.parse(a.csv()));
        ScaleBench.Row b = new ScaleBench.Row("25m", 25_000_095, "merge: item2vec (validation split)", 1, 300, 45.5,
                1L << 31, 3L << 30);
        ScaleBench.Row nested = new ScaleBench.Row("25m", 25_000_095, "item graph", 2, 20, 10, 1L << 30, 2L << 30);
        Map<String, List<ScaleBench.Row>> bySize = new LinkedHashMap<>();
        bySize.put("1m", List.of(a));
        bySize.put("25m", List.of(nested, b));
        String t = ScaleBench.growthTable(bySize);
        assertTrue(t.contains("| merge: item2vec (validation split) | 84.6 / 10.5 / 223 MiB | 300.0 / 45.5 / 2,048 MiB |"), t);
        assertTrue(!t.contains("item graph"), "nested steps stay in the per-size tables: " + t);
        assertTrue(t.contains("25m (25,000,095 ratings)"), t);
        assertTrue(ScaleBench.stepTable("25m", List.of(nested)).contains("| &nbsp;&nbsp;&nbsp;&nbsp;item graph | 20.0 | 10.0 |"));
    }
}
