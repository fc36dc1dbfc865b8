package org.recsys4j.examples.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recsys4j.examples.ConsoleCapture;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.examples.cli.Recsys4jCli;
import org.recsys4j.recall.index.Texmex;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream out = console.out;
    private final ByteArrayOutputStream err = console.err;

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
        assertTrue(text.contains("| system | metric | settings | build s | index bytes | recall@10 | QPS 1 thread "
                + "| QPS by CPU time | QPS 2 threads |"), text);
        for (String m : new String[] {"l2", "cos"}) {
            assertTrue(text.contains("| Recsys4J brute force | " + m + " | - | "), text);
        }
        assertEquals(4, text.split("\\| 1\\.0000 \\|", -1).length - 1, text);
        assertTrue(text.contains("| Recsys4J brute force | cos | searchBatch, all queries in one call (not protocol A) | "), text);
        assertTrue(text.contains("— (no anchor at this recall)"), text);
        assertTrue(text.contains("(no goal could be checked"), text);
    }

    @Test
    void writesCsvAndPlotsToTheOutputFolder(@TempDir Path dir) throws IOException {
        tinySet(dir);
        Path outDir = dir.resolve("out");
        int status = Recsys4jCli.run("bench", "ann", "--set", dir.toString(), "--metric", "cos", "--threads", "1",
                "--passes", "1", "--no-faiss", "--anchors", dir.resolve("none").toString(), "--work", dir.toString(),
                "--index", "brute force,sign-LSH", "--out", outDir.toString());
        assertEquals(0, status, out.toString(StandardCharsets.UTF_8) + err);
        List<String> csv = java.nio.file.Files.readAllLines(outDir.resolve("ann-cos.csv"));
        assertEquals("system,curve,metric,settings,build_s,index_bytes,recall10,qps_1thread,qps_cpu,qps_more_threads,anchor",
                csv.get(0));
        // brute force, its searchBatch row, and one row per sign-LSH probe count
        assertEquals(1 + 2 + 6, csv.size(), csv.toString());
        assertTrue(csv.get(1).startsWith("Recsys4J brute force,Recsys4J brute force,cos,-,"), csv.get(1));
        byte[] png = java.nio.file.Files.readAllBytes(outDir.resolve("ann-cos.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));
        assertTrue(java.nio.file.Files.isRegularFile(outDir.resolve("ann-goals.md")));
        // sign-LSH is cosine only: an L2 run does not build it
        out.reset();
        Recsys4jCli.run("bench", "ann", "--set", dir.toString(), "--metric", "l2", "--threads", "1", "--passes", "1",
                "--no-faiss", "--anchors", dir.resolve("none").toString(), "--index", "sign-LSH,brute");
        assertTrue(!out.toString(StandardCharsets.UTF_8).contains("| Recsys4J sign-LSH |"), out.toString());
    }

    @Test
    void parsesSparkAndHnswlibCoreOutput() {
        String spark = String.join("\n", "spark 3.5.6, java 17.0.15, master local[2], base 100000 x 64, queries sampled 50",
                "  | 2.00 | 3 | 0.5 | 0.9680 | 0.180 | 0.176 | 76.0 |  (load 1.0 1.0 1.0)", "",
                "### Spark MLlib BucketedRandomProjectionLSH, local[2], L2, first 50 queries, load 2.18 3.55 4.17", "",
                "| bucketLength | numHashTables | fit + hash/cache base (s) | recall@10 | s/query mean | s/query median "
                        + "| candidates (% of base) |",
                "|---|---|---|---|---|---|---|",
                "| 1.00 | 5 | 0.4 | 0.9320 | 0.200 | 0.186 | 67.6 |",
                "| 2.00 | 3 | 0.5 | 0.9680 | 0.180 | 0.176 | 76.0 |");
        List<AnnBench.Row> rows = AnnBench.parseSpark(spark, "l2");
        assertEquals(2, rows.size());
        assertEquals("Spark 3.5.6 BRP", rows.get(0).system());
        assertEquals(5.0, rows.get(0).qps1(), 1e-9);
        assertEquals(0.968, rows.get(1).recall10(), 1e-9);
        assertTrue(rows.get(1).settings().startsWith("bucketLength=2.00 tables=3, local[2], first 50 queries"));
        assertTrue(Double.isNaN(rows.get(1).qpsCpu()));
        assertEquals("Spark 3.5.6 BRP", AnnBench.curve(rows.get(1)));
        String core = String.join("\n", "java 17.0.15, hnswlib-core 1.2.1, base 100000 x 64, queries 1000",
                "  | hnswlib-core M=16 | l2 | ef=10 | 148.9 / 100.6 | 0.8425 | 6886 | 9330 |",
                "| hnswlib-core M=16 | l2 | ef=10 | 148.9 / 100.6 | 0.8425 | 6886 | 9330 |",
                "| hnswlib-core M=16 | l2 | >= 0.90 | ef=16 | 0.9104 | 5469 | 7624 | 148.9 / 100.6 |");
        List<AnnBench.Row> coreRows = AnnBench.parseAnchor(core, "");
        assertEquals(1, coreRows.size(), "the summary table's rows are not measurements");
        assertEquals("hnswlib-core M=16", AnnBench.curve(coreRows.get(0)));
        AnnBench.Row faiss = new AnnBench.Row("faiss 1.7.3 IndexHNSWFlat", "l2", "M=32 ef=64", 1, -1, 0.99, 1, 1,
                new double[0], true);
        assertEquals("faiss 1.7.3 IndexHNSWFlat M=32", AnnBench.curve(faiss));
    }

    @Test
    void goalsCompareTheBestRowsReachingEachTargetInTheSameRun() {
        List<AnnBench.Row> rows = List.of(
                row("Recsys4J HNSW", "M=16 ef=16", 0.94, 30000, false),
                row("Recsys4J HNSW", "M=16 ef=32", 0.96, 20000, false),
                row("Recsys4J HNSW", "M=16 ef=96", 0.991, 9000, false),
                row("hnswlib-core M=16", "ef=32", 0.959, 5000, true),
                row("hnswlib-core M=16", "ef=96", 0.990, 4000, true),
                row("Recsys4J brute force", "-", 1.0, 300, false),
                row("Recsys4J E2LSH", "probes=4", 0.91, 1200, false),
                row("Recsys4J E2LSH", "probes=0", 0.70, 3000, false),
                row("Spark 3.5.6 BRP", "bucketLength=2.00 tables=3", 0.97, 5, true));
        List<AnnGoals.Goal> goals = AnnGoals.evaluate(rows);
        assertEquals(4, goals.size(), goals.toString());
        assertEquals(4.0, goals.get(0).ratio(), 1e-9); // 20000 at 0.96 vs 5000 at 0.959 (≥ 0.95)
        assertTrue(goals.get(0).met());
        assertEquals(2.25, goals.get(1).ratio(), 1e-9); // 9000 vs 4000 at ≥ 0.99
        assertEquals(4.0, goals.get(2).ratio(), 1e-9); // E2LSH 1200 at 0.91 vs brute force 300
        assertTrue(!goals.get(2).met(), "needs 5×");
        assertEquals(240.0, goals.get(3).ratio(), 1e-9); // vs Spark's 5 QPS
        String md = AnnGoals.markdown(goals);
        assertTrue(md.contains("| l2 | HNSW ≥ 2× hnswlib-core at recall@10 ≥ 0.95 | M=16 ef=32 (0.9600): 20,000 QPS, "
                + "20,000 by CPU vs hnswlib-core M=16 ef=32 (0.9590): 5,000 QPS, 5,000 by CPU; wall-clock ratio 4.00×, "
                + "judged by CPU time | 4.00× (need ≥ 2.00×) | **yes** |"), md);
        assertTrue(md.contains("judged by wall clock"), md); // Spark has no CPU-time figure
        assertTrue(md.contains("| E2LSH ≥ 5× our brute force at recall@10 ≥ 0.9 |"), md);
    }

    private static AnnBench.Row row(String system, String settings, double recall, double qps, boolean anchor) {
        return new AnnBench.Row(system, "l2", settings, 1, -1, recall, qps, system.startsWith("Spark") ? Double.NaN : qps,
                new double[0], anchor);
    }

    @Test
    void replotReadsTheCsvBackIntoTheSameRows(@TempDir Path dir) throws IOException {
        List<AnnBench.Row> rows = List.of(
                new AnnBench.Row("Recsys4J HNSW", "cos", "M=16, 2 build threads ef=32", 15.25, 35_700_000, 0.984,
                        15000.5, 15100.25, new double[] {30000.5}, false),
                new AnnBench.Row("Spark 3.5.6 BRP", "cos", "bucketLength=0.10 tables=5, \"local\"", 0.5, -1, 0.968,
                        4.9, Double.NaN, new double[0], true));
        AnnBench.writeCsv(dir.resolve("ann-cos.csv"), rows);
        List<AnnBench.Row> back = AnnBench.readCsv(dir.resolve("ann-cos.csv"));
        assertEquals(2, back.size());
        for (int i = 0; i < 2; i++) {
            AnnBench.Row a = rows.get(i);
            AnnBench.Row b = back.get(i);
            assertEquals(List.of(a.system(), a.metric(), a.settings(), a.bytes(), a.anchor()),
                    List.of(b.system(), b.metric(), b.settings(), b.bytes(), b.anchor()));
            assertEquals(a.recall10(), b.recall10(), 1e-4);
            assertEquals(a.qps1(), b.qps1(), 0.05);
            assertEquals(a.qpsCpu(), b.qpsCpu(), 0.05);
            assertEquals(a.qpsMore().length, b.qpsMore().length);
        }
        assertTrue(Double.isNaN(back.get(1).qpsCpu()));
        int status = Recsys4jCli.run("bench", "ann", "--replot", dir.toString(), "--metric", "cos");
        assertEquals(0, status, out.toString(StandardCharsets.UTF_8) + err);
        assertTrue(java.nio.file.Files.isRegularFile(dir.resolve("ann-cos.png")));
        assertTrue(java.nio.file.Files.readString(dir.resolve("ann-goals.md")).contains("no goal could be checked"));
    }

    @Test
    void everyRegisteredIndexHasADistinctName() {
        java.util.List<String> names = AnnBench.specs().stream().map(AnnIndexSpec::name).toList();
        assertEquals(names.size(), new java.util.HashSet<>(names).size(), names.toString());
        assertTrue(names.containsAll(java.util.List.of("Recsys4J brute force", "Recsys4J HNSW", "Recsys4J IVF-Flat",
                "Recsys4J E2LSH", "Recsys4J sign-LSH")), names.toString());
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
