package org.recsys4j.examples.bench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.examples.train.TrainingSettings;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The served pipelines on the one planted shape ({@link SyntheticMovieLens#plantedBuilder}: 15 clusters, genres
 * independent of them, 20 cross-cluster blockbusters rated by 90 % of the users), small: the pipelines built from the
 * item-neighbour and embedding recall and the ALS ranker keep at least 0.85 of their top-10 in the user's cluster
 * (plain ALS, which puts the unseen blockbusters on top, does not), NeuralCF ordering ALS's best candidates does too and
 * beats its recall order on T, and the whole evaluation is reproducible: the same seed gives the same lists, twice in
 * a row.
 */
class ServedPipelinesPlantedTest {
    /**
     * Small served settings: dimension 32 (the served one), short word2vec and walks, one SASRec epoch, the served 10 CTR
     * epochs at most (NeuralCF trains all of them: it has no early stopping).
     */
    private static final TrainingSettings SETTINGS = new TrainingSettings(32, 5, 2, 6, 8, 10, 1, 2, 7);
    private static final SyntheticMovieLens GENERATOR = SyntheticMovieLens.plantedBuilder(400, 600, 30_000, 7).build();
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    static Path dir;
    static MovieLensData data;
    static ServedPipelines.Planted truth;
    static Map<String, ServedPipelines.Result> first;

    @BeforeAll
    static void evaluate() throws Exception {
        GENERATOR.writeLatestCsv(dir);
        data = MovieLens.load(dir, LoadOptions.lenient());
        truth = ServedPipelines.planted(GENERATOR, data);
        first = byName(ServedPipelines.evaluate(data, SETTINGS, 2, truth, QUIET));
    }

    private static Map<String, ServedPipelines.Result> byName(ServedPipelines.Evaluation e) {
        Map<String, ServedPipelines.Result> m = new LinkedHashMap<>();
        for (ServedPipelines.Result r : e.results()) {
            m.put((r.component() ? "component " : "") + r.name(), r);
        }
        return m;
    }

    @Test
    void theRecallAndAlsPipelinesStayInTheUsersClusters() {
        for (String p : List.of("multi", "multi-ials", "emb")) {
            double in = first.get(p).inCluster();
            assertTrue(in >= 0.85, p + ": " + in + " of the top-10 in the user's cluster");
        }
        // the lifted ALS ranker alone, over every item, as well
        double als = first.get("component ials-dot").inCluster();
        assertTrue(als >= 0.85, "ials-dot over every item: " + als);
    }

    @Test
    void multiIalsRecallsAlsOwnBestSoItsTopTenIsAlsOverEveryItem() {
        // the merger's candidates plus ALS's own best (UnionRecall + RankerChannel): without them multi-ials missed
        // some of the movies ALS ranks first over the catalogue (issue 18)
        ServedPipelines.Result pipeline = first.get("multi-ials");
        ServedPipelines.Result als = first.get("component ials-dot");
        assertEquals(als.t().hitRate(10), pipeline.t().hitRate(10), "T HR@10");
        assertEquals(als.t().ndcg(10), pipeline.t().ndcg(10), 1e-12, "T NDCG@10");
        assertEquals(als.inCluster(), pipeline.inCluster(), 1e-12, "in own cluster");
    }

    @Test
    void neuralCfRanksInTheUsersClustersAndAboveTheAlsOrderItReorders() {
        // the served NeuMF (NeuralCF's MLP trained on the rankers' samples, fused with ALS as its GMF branch) orders ALS's
        // own best 32 (issue 18: trained on protocol C's "liked among rated" and ordering the whole recall it put 0.06
        // of its top 10 in the user's cluster here)
        ServedPipelines.Result ncf = first.get("neuralcf");
        assertTrue(ncf.inCluster() >= 0.85, "neuralcf: " + ncf.inCluster() + " of the top-10 in the user's cluster");
        // it re-orders what multi-ials lists (the same recall, ALS's order): at least as good
        double als = first.get("multi-ials").t().hitRate(10);
        assertTrue(ncf.t().hitRate(10) >= als, "neuralcf T HR@10 " + ncf.t().hitRate(10) + " < multi-ials' " + als);
        assertEquals(0, ncf.t().fallbackCases(), "the model server answered every request");
    }

    @Test
    void theSameSeedGivesTheSameFiguresAndLists() throws Exception {
        Map<String, ServedPipelines.Result> second = byName(ServedPipelines.evaluate(data, SETTINGS, 2, truth, QUIET));
        assertEquals(first.keySet(), second.keySet());
        for (String name : first.keySet()) {
            if (name.contains("deepfm") || name.contains("neuralcf")) {
                continue;   // the CTR models train with Hogwild-style threads (another part of issue 18)
            }
            ServedPipelines.Result a = first.get(name);
            ServedPipelines.Result b = second.get(name);
            assertEquals(a.t().hitRate(10), b.t().hitRate(10), name + " T HR@10");
            assertEquals(a.t().meanPairwiseJaccard(), b.t().meanPairwiseJaccard(), name + " Jaccard");
            int[][] la = a.t().topLists();
            int[][] lb = b.t().topLists();
            assertEquals(la.length, lb.length, name);
            for (int c = 0; c < la.length; c++) {
                assertArrayEquals(la[c], lb[c], name + " case " + c + ": " + Arrays.toString(la[c]) + " vs "
                        + Arrays.toString(lb[c]));
            }
        }
    }
}
