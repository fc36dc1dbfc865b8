package org.recsys4j.recall.index;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Hand measurement on shared/bench/ann (not a unit test): build time on 1 and 2 threads, recall@10 and
 * single-thread queries/s at several ef, for L2 and cosine. Usage: {@code HnswBench [shared/bench/ann] [threadsList]}.
 */
public final class HnswBench {
    private HnswBench() {
    }

    /** Runs the measurement. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "../../shared/bench/ann");
        String[] threadList = (args.length > 1 ? args[1] : "1,2").split(",");
        int[] dimOut = new int[1];
        float[] base = AnnTestData.fvecs(dir.resolve("base.fvecs"), Integer.MAX_VALUE, dimOut);
        int dim = dimOut[0];
        float[] queries = AnnTestData.fvecs(dir.resolve("query.fvecs"), Integer.MAX_VALUE, dimOut);
        int nq = queries.length / dim;
        for (Metric metric : new Metric[] {Metric.L2, Metric.COSINE}) {
            int[][] gt = AnnTestData.ivecs(dir.resolve(metric == Metric.L2 ? "gt_l2.ivecs" : "gt_cos.ivecs"), nq);
            HnswIndex index = null;
            for (String t : threadList) {
                long t0 = System.nanoTime();
                index = HnswIndex.builder(AnnTestData.table(base, dim), metric).withM(16).withEfConstruction(200)
                        .withEf(64).withThreads(Integer.parseInt(t)).withSeed(42).build();
                System.out.printf("%s build threads=%s: %.1f s (%s)%n", metric, t, (System.nanoTime() - t0) / 1e9, index);
            }
            for (int rep = 0; rep < 3; rep++) { // JIT warm-up before the first timed ef
                for (int q = 0; q < nq; q++) {
                    index.search(Arrays.copyOfRange(queries, q * dim, (q + 1) * dim), 10, 64, null);
                }
            }
            for (int ef : new int[] {16, 32, 64, 128, 256}) {
                // warm-up pass, then a timed pass
                for (int rep = 0; rep < 2; rep++) {
                    double recall = 0;
                    long t0 = System.nanoTime();
                    for (int q = 0; q < nq; q++) {
                        float[] qv = Arrays.copyOfRange(queries, q * dim, (q + 1) * dim);
                        Neighbors nb = index.search(qv, 10, ef, null);
                        recall += AnnTestData.recall(nb.rows(), gt[q], 10);
                    }
                    double secs = (System.nanoTime() - t0) / 1e9;
                    if (rep == 1) {
                        System.out.printf("%s ef=%d recall@10=%.4f qps=%.0f%n", metric, ef, recall / nq, nq / secs);
                    }
                }
            }
        }
    }
}
