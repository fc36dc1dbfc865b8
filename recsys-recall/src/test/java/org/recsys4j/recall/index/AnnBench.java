package org.recsys4j.recall.index;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Hand-run measurement on shared/bench/ann (not a unit test): build time, recall@10 and single-thread
 * queries/s of the approximate indexes. Run with
 * {@code java -cp ... org.recsys4j.recall.index.AnnBench ivf|e2lsh|sign [dir]}.
 */
public final class AnnBench {
    private AnnBench() {
    }

    static float[][] fvecs(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        int d = b.getInt(0);
        int n = b.capacity() / (4 * (d + 1));
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            b.getInt();
            for (int j = 0; j < d; j++) {
                out[i][j] = b.getFloat();
            }
        }
        return out;
    }

    static int[][] ivecs(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        int d = b.getInt(0);
        int n = b.capacity() / (4 * (d + 1));
        int[][] out = new int[n][d];
        for (int i = 0; i < n; i++) {
            b.getInt();
            for (int j = 0; j < d; j++) {
                out[i][j] = b.getInt();
            }
        }
        return out;
    }

    /** Prints recall@10 and single-thread queries/s of one operating point. */
    static void point(String label, float[][] queries, int[][] gt, Function<float[], Neighbors> search) {
        for (float[] q : queries) {
            search.apply(q); // warm-up
        }
        int[][] found = new int[queries.length][];
        double secs = Double.POSITIVE_INFINITY; // the fastest of 3 passes: the machine is shared
        double cpu = Double.POSITIVE_INFINITY;
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep < 3; rep++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < queries.length; i++) {
                found[i] = search.apply(queries[i]).rows();
            }
            secs = Math.min(secs, (System.nanoTime() - t0) / 1e9);
            cpu = Math.min(cpu, (mx.getCurrentThreadCpuTime() - c0) / 1e9);
        }
        double hits = 0;
        for (int i = 0; i < queries.length; i++) {
            for (int j = 0; j < 10; j++) {
                for (int f : found[i]) {
                    if (f == gt[i][j]) {
                        hits++;
                        break;
                    }
                }
            }
        }
        System.out.printf("| %s | %.3f | %.0f | %.0f |%n", label, hits / (10.0 * queries.length), queries.length / secs,
                queries.length / cpu);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 1 ? args[1] : "../../shared/bench/ann");
        float[][] base = fvecs(dir.resolve("base.fvecs"));
        float[][] queries = fvecs(dir.resolve("query.fvecs"));
        int dim = base[0].length;
        float[] flat = new float[base.length * dim];
        long[] ids = new long[base.length];
        for (int i = 0; i < base.length; i++) {
            System.arraycopy(base[i], 0, flat, i * dim, dim);
            ids[i] = i;
        }
        EmbeddingTable table = EmbeddingTable.of(IdIndex.ofLongs(ids), dim, flat);
        for (Metric metric : new Metric[] {Metric.L2, Metric.COSINE}) {
            int[][] gt = ivecs(dir.resolve(metric == Metric.L2 ? "gt_l2.ivecs" : "gt_cos.ivecs"));
            switch (args[0]) {
                case "ivf" -> {
                    for (int nlist : new int[] {256, 1024}) {
                        long t0 = System.nanoTime();
                        IvfFlatIndex index = IvfFlatIndex.builder(table, metric).withNlist(nlist).withIterations(10)
                                .withTrainingSample(64 * nlist).withSeed(1).build();
                        System.out.printf("%s ivf nlist=%d (10 iterations, 64 x nlist training rows) build %.1f s (2 threads)%n", metric, nlist,
                                (System.nanoTime() - t0) / 1e9);
                        for (int nprobe : new int[] {1, 4, 8, 16, 32, 64}) {
                            point(metric + " ivf nlist=" + nlist + " nprobe=" + nprobe, queries, gt,
                                    q -> index.search(q, 10, nprobe, null));
                        }
                    }
                }
                case "e2lsh" -> {
                    long t0 = System.nanoTime();
                    E2LshIndex.Builder b;
                    if (args.length > 2 && args[2].equals("notune")) { // the settings tune chose in a first run
                        b = E2LshIndex.builder(table, metric).withProjections(16).withSeed(1)
                                .withWidth(metric == Metric.L2 ? 32.072006385775126 : 2.673297490090578);
                    } else {
                        E2LshIndex.Tuning tuning = E2LshIndex.tune(table, metric, 0.9, 200, 1);
                        System.out.printf("%s e2lsh tune %.1f s: %s%n", metric, (System.nanoTime() - t0) / 1e9, tuning);
                        b = tuning.builder(table);
                    }
                    for (int l : new int[] {32, 64}) {
                        t0 = System.nanoTime();
                        E2LshIndex index = b.withTables(l).build();
                        System.out.printf("%s e2lsh w=%.3f k=%d L=%d build %.1f s%n", metric, index.width(),
                                index.projections(), l, (System.nanoTime() - t0) / 1e9);
                        int k = index.projections();
                        for (int p : new int[] {0, k / 2, k, 2 * k}) {
                            point(metric + " e2lsh L=" + l + " probes=" + p, queries, gt, q -> index.search(q, 10, p, null));
                        }
                    }
                }
                case "sign" -> {
                    if (metric == Metric.L2) {
                        continue;
                    }
                    for (int[] bl : new int[][] {{12, 16}, {16, 32}}) {
                        int bits = bl[0];
                        int l = bl[1];
                        long t0 = System.nanoTime();
                        SignLshIndex index = SignLshIndex.builder(table).withBits(bits).withTables(l).withSeed(1)
                                .build();
                        System.out.printf("%s sign bits=%d L=%d build %.1f s%n", metric, bits, l, (System.nanoTime() - t0) / 1e9);
                        for (int p : new int[] {0, 2, 4, 8}) {
                            point(metric + " sign bits=" + bits + " L=" + l + " probes=" + p, queries, gt,
                                    q -> index.search(q, 10, p, null));
                        }
                    }
                }
                default -> throw new IllegalArgumentException("index: " + args[0]);
            }
        }
    }
}
