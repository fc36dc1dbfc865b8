package org.recsys4j.examples.bench;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The parts of {@code bench store} that need no server. */
class StoreBenchTest {
    @Test
    void parsesRedisBenchmarkQuietOutput() throws IOException {
        // redis-benchmark -q rewrites a progress line with \r, then prints the result
        String out = "SET: rps=0.0 (overall: nan) avg_msec=nan (overall: nan)\r"
                + "SET: 869565.19 requests per second, p50=0.775 msec                    \n\n";
        assertEquals(869565.19, StoreBench.parseRequestsPerSecond(out), 1e-6);
        assertEquals(120000.0, StoreBench.parseRequestsPerSecond("SET: 120000 requests per second\n"));
        assertThrows(IOException.class, () -> StoreBench.parseRequestsPerSecond("Could not connect to Redis at 127.0.0.1:1"));
    }

    @Test
    void quantilesAndMedian() {
        double[] a = new double[100];
        for (int i = 0; i < 100; i++) {
            a[i] = 100 - i;
        }
        assertEquals(50, Stats.quantile(a, 0.5));
        assertEquals(99, Stats.quantile(a, 0.99));
        assertEquals(2, Stats.median(new double[] {3, 1, 2}));
    }

    @Test
    void syntheticRowsAndTableAgree() {
        EmbeddingTable t = SyntheticVectors.table(50, 8, 7);
        Iterator<Map.Entry<String, float[]>> it = SyntheticVectors.rows(50, 8, 7);
        for (int i = 0; i < 50; i++) {
            Map.Entry<String, float[]> r = it.next();
            assertEquals("i" + i, r.getKey());
            assertArrayEquals(t.vector(t.ids().indexOf("i" + i)), r.getValue());
        }
        assertEquals(false, it.hasNext());
    }
}
