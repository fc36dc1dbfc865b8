package org.recsys4j.examples.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.examples.cli.Recsys4jCli;
import org.recsys4j.recall.index.Texmex;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench ann} on a tiny generated texmex set, anchors off; the anchor-output parser and the ratio. */
class AnnBenchTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    /** Writes base (300 × 8), 20 queries and exact top-20 ground truth (double precision, ties to the lower row). */
    static Path tinySet(Path dir) throws IOException {
        int n = 300;
        int nq = 20;
        int d = 8;
        Random rnd = new Random(7);
        float[] base = new float[n * d];
        float[] query = new float[nq * d];
        for (int i = 0; i < base.length; i++) {
            base[i] = (float) (rnd.nextGaussian() + 1);
        }
        for (int i = 0; i < query.length; i++) {
            query[i] = (float) (rnd.nextGaussian() + 1);
        }
        Texmex.writeFvecs(dir.resolve("base.fvecs"), d, base);
        Texmex.writeFvecs(dir.resolve("query.fvecs"), d, query);
        for (String m : new String[] {"l2", "cos"}) {
            int[][] gt = new int[nq][];
            for (int q = 0; q < nq; q++) {
                double[] score = new double[n];
                for (int r = 0; r < n; r++) {
                    double dot = 0;
                    double dist = 0;
                    double nr = 0;
                    double nqq = 0;
                    for (int j = 0; j < d; j++) {
                        double a = query[q * d + j];
                        double b = base[r * d + j];
                        dot += a * b;
                        dist += (a - b) * (a - b);
                        nr += b * b;
                        nqq += a * a;
                    }
                    score[r] = m.equals("l2") ? -dist : dot / Math.sqrt(nr * nqq);
                }
                gt[q] = IntStream.range(0, n).boxed()
                        .sorted(Comparator.<Integer>comparingDouble(r -> -score[r]).thenComparingInt(r -> r))
                        .limit(20).mapToInt(Integer::intValue).toArray();
            }
            Texmex.writeIvecs(dir.resolve("gt_" + m + ".ivecs"), gt);
        }
        return dir;
    }

    @Test
    void runsBruteForceOnATinySetWithoutAnchors(@TempDir Path dir) throws IOException {
        tinySet(dir);
        int status = Recsys4jCli.run("bench", "ann", "--set", dir.toString(), "--metric", "l2,cos", "--threads", "1,2",
                "--passes", "1", "--no-faiss", "--anchors", dir.resolve("none").toString(), "--work", dir.toString(),
                "--index", "brute force");
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text + err);
        assertTrue(text.contains("| system | metric | settings | build s | index MB | recall@10 | QPS 1 thread "
                + "| QPS by CPU time | QPS 2 threads |"), text);
        for (String m : new String[] {"l2", "cos"}) {
            assertTrue(text.contains("| Recsys4J brute force | " + m + " | - | "), text);
        }
        assertEquals(4, text.split("\\| 1\\.0000 \\|", -1).length - 1, text);
        assertTrue(text.contains("| Recsys4J brute force | cos | searchBatch, all queries in one call (not protocol A) | "), text);
        assertTrue(text.contains("— (no anchor at this recall)"), text);
    }

    @Test
    void everyRegisteredIndexHasADistinctName() {
        java.util.List<String> names = AnnBench.specs().stream().map(AnnIndexSpec::name).toList();
        assertEquals(names.size(), new java.util.HashSet<>(names).size(), names.toString());
        assertTrue(names.containsAll(java.util.List.of("Recsys4J brute force", "Recsys4J HNSW", "Recsys4J IVF-Flat",
                "Recsys4J E2LSH")), names.toString());
    }

    @Test
    void badOptionsAreUserErrors(@TempDir Path dir) throws IOException {
        tinySet(dir);
        assertEquals(2, Recsys4jCli.run("bench", "ann", "--set", dir.toString(), "--metric", "ip", "--no-faiss"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--metric ip: must be l2 or cos"), err.toString());
        assertEquals(2, Recsys4jCli.run("bench", "ann", "--set", dir.resolve("nothing").toString(), "--no-faiss"));
        assertEquals(2, Recsys4jCli.run("bench", "ann", "--set", dir.toString(), "--index", "nope", "--no-faiss"));
    }

    @Test
    void parsesAnchorTablesAndComparesWithTheFastestAnchorAtOurRecall() {
        String faiss = String.join("\n", "faiss 1.7.3, numpy 1.24.2, python 3.11.2, cpu OPTIMIZE GENERIC",
                "  IndexFlatL2 | l2 | - | 0.0 / 0.0 | 1 | 171.2 | 185",
                "### faiss IndexFlatL2 / IndexFlatIP (exact scan), load 3.90 2.51 1.13", "",
                "| index | metric | params | build s (wall / CPU) | recall@10 | QPS (1 thread) | QPS by CPU time |",
                "|---|---|---|---|---|---|---|",
                "| IndexFlatL2 | l2 | - | 0.0 / 0.0 | 1.0000 | 171 | 185 |",
                "| IndexFlatIP | cos | - | 0.0 / 0.0 | 1.0000 | 250 | 257 |",
                "| IndexHNSWFlat | l2 | M=16 ef=96 | 156.4 / 65.3 | 0.9900 | 2318 | 3546 |");
        List<AnnBench.Row> rows = AnnBench.parseAnchor(faiss, "faiss 1.7.3 ");
        assertEquals(3, rows.size());
        assertEquals("faiss 1.7.3 IndexFlatL2", rows.get(0).system());
        assertEquals(171, rows.get(0).qps1());
        assertEquals(156.4, rows.get(2).buildSeconds());
        AnnBench.Row exact = new AnnBench.Row("ours", "l2", "-", 0, 1, 1.0, 342, 370, new double[0], false);
        assertEquals("2.00× faiss 1.7.3 IndexFlatL2 - (CPU 2.00×)", AnnBench.ratio(exact, rows));
        AnnBench.Row approx = new AnnBench.Row("ours", "l2", "-", 0, 1, 0.95, 4636, 3546, new double[0], false);
        assertEquals("2.00× faiss 1.7.3 IndexHNSWFlat M=16 ef=96 (CPU 1.00×)", AnnBench.ratio(approx, rows));
        String hnswlib = "| hnswlib (C++) | cos | M=16 ef=32 | 25.5 / 24.9 | 0.9812 | 20000 | 21000 | 2.10 |";
        assertEquals(Arrays.asList("hnswlib (C++)", "cos", "M=16 ef=32"), Arrays.asList(
                AnnBench.parseAnchor(hnswlib, "").get(0).system(), AnnBench.parseAnchor(hnswlib, "").get(0).metric(),
                AnnBench.parseAnchor(hnswlib, "").get(0).settings()));
    }
}
