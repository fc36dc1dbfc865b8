package org.recsys4j.core.baseline;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.model.UserItemScorer;
import org.recsys4j.core.split.Split;
import org.recsys4j.core.split.Splits;
import org.recsys4j.core.testing.SharedData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Protocol T on ml-100k against the numpy reference ({@code anchors/topn/RESULTS.md}). Skipped when
 * {@code ../shared} is absent. The loader and evaluator here are minimal test code; the library's own
 * live elsewhere.
 */
class Ml100kReferenceTest {

    /** Reads u.data (tab-separated user, item, rating, timestamp; no header) with sorted id indices. */
    static Interactions loadUData(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        long[][] rows = new long[lines.size()][];
        IdIndex.NumericBuilder users = IdIndex.numericBuilder();
        IdIndex.NumericBuilder items = IdIndex.numericBuilder();
        int n = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split("\t");
            long[] r = {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])};
            users.add(r[0]);
            items.add(r[1]);
            rows[n++] = r;
        }
        IdIndex u = users.buildSorted();
        IdIndex i = items.buildSorted();
        Interactions.Builder b = Interactions.builder(u, i);
        for (int k = 0; k < n; k++) {
            b.addIds(rows[k][0], rows[k][1], rows[k][2], rows[k][3]);
        }
        return b.build();
    }

    /** Returns {HR@10, NDCG@10}: rank = number of non-train items other than the test item scoring ≥ it. */
    static double[] evaluate(UserItemScorer model, Split split) {
        Interactions train = split.train();
        Interactions test = split.test();
        Interactions.Csr byUser = train.byUser();
        int ni = train.numItems();
        double hits = 0;
        double ndcg = 0;
        int[] block = new int[64];
        int[] targets = new int[64];
        double[][] scores = new double[64][ni];
        int users = test.size();
        for (int start = 0; start < users; start += 64) {
            int m = Math.min(64, users - start);
            int[] ub = java.util.Arrays.copyOf(block, m);
            for (int b = 0; b < m; b++) {
                ub[b] = test.user(start + b);
                targets[b] = test.item(start + b);
            }
            model.score(ub, scores);
            for (int b = 0; b < m; b++) {
                double[] s = scores[b];
                boolean[] excluded = new boolean[ni];
                for (int p = byUser.start(ub[b]); p < byUser.end(ub[b]); p++) {
                    excluded[byUser.other(p)] = true;
                }
                double t = s[targets[b]];
                int rank = 0;
                for (int j = 0; j < ni; j++) {
                    if (j != targets[b] && !excluded[j] && s[j] >= t) {
                        rank++;
                    }
                }
                if (rank < 10) {
                    hits++;
                    ndcg += 1 / (Math.log(rank + 2) / Math.log(2));
                }
            }
        }
        return new double[] {hits / users, ndcg / users};
    }

    @Test
    void matchesNumpyReference() throws IOException {
        Path data = SharedData.dataSet("ml-100k").resolve("u.data");
        Split split = Splits.leaveLastOut(loadUData(data));
        assertEquals(943, split.test().size());
        assertEquals(99057, split.train().size());

        double[] pop = evaluate(ItemPop.builder().build().fit(split.train()), split);
        assertEquals(0.049841, pop[0], 5e-7); // 47 hits, protocols.md
        assertEquals(0.025018, pop[1], 5e-7);

        ItemKnnModel knn = ItemKnn.builder().withThreads(2).build().fit(split.train());
        double[] k = evaluate(knn, split);
        assertEquals(0.0594, k[0], 5e-5);
        assertEquals(0.0281, k[1], 5e-5);

        for (Ease.Solver solver : new Ease.Solver[] {Ease.Solver.DUAL, Ease.Solver.PRIMAL}) {
            EaseModel ease = Ease.builder().withLambda(100).withSolver(solver).withThreads(2).build()
                    .fit(split.train());
            double[] e = evaluate(ease, split);
            System.out.printf("ml-100k EASE %s fit %.3f s, ItemKnn fit %.3f s%n", solver, ease.fitSeconds(),
                    knn.fitSeconds());
            assertEquals(0.0912, e[0], 5e-5, solver.name());
            assertEquals(0.0417, e[1], 5e-5, solver.name());
        }
    }
}
