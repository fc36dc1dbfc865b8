package org.recsys4j.examples.bench;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.vector.Vectors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JMH set-up without running JMH: the generated benchmark list, and the naive loops' answers. */
class KernelBenchTest {
    @Test
    void theAnnotationProcessorListedEveryBenchmark() throws IOException {
        String list;
        try (InputStream in = KernelBench.class.getResourceAsStream("/META-INF/BenchmarkList")) {
            assertNotNull(in, "META-INF/BenchmarkList missing: jmh-generator-annprocess did not run");
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String m : new String[] {"dotVectors", "dotNaive", "axpyVectors", "axpyNaive"}) {
            assertTrue(list.contains("KernelBench_" + m + "_jmhTest"), m);
        }
    }

    @Test
    void theNaiveLoopsComputeTheSameAsVectors() {
        float[] a = {1, 2, 3, 4, 5, 6, 7};
        float[] b = {7, 6, 5, 4, 3, 2, 1};
        assertEquals(Vectors.dot(a, 0, b, 0, 7), KernelBench.naiveDot(a, 0, b, 0, 7));
        float[] y1 = b.clone();
        float[] y2 = b.clone();
        Vectors.axpy(0.5f, a, 0, y1, 0, 7);
        KernelBench.naiveAxpy(0.5f, a, 0, y2, 0, 7);
        assertArrayEquals(y1, y2);
    }
}
