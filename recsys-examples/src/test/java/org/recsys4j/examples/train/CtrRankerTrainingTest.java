package org.recsys4j.examples.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.rank.ctr.CtrModel;
import org.recsys4j.rank.ctr.CtrTrainer;
import org.recsys4j.rank.ctr.ModelSpec;
import org.recsys4j.rank.ctr.ModelType;
import org.recsys4j.rank.ctr.ProtocolC;
import org.recsys4j.rank.ctr.ProtocolCFeatureProvider;
import org.recsys4j.rank.serving.ModelRanker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The personalised CTR rankers of the served pipelines ({@link CtrRankerTraining}): the sampled negatives, and on
 * planted data (clusters, genres independent of them, cross-cluster blockbusters) that the ranker reading the user id
 * and history puts the user's own cluster in the top 10 where the unpersonalised one (the served DeepFM before issue
 * 18: no user id, no recent positives) does not.
 */
class CtrRankerTrainingTest {
    private static SyntheticMovieLens gen;
    private static MovieLensData data;

    @BeforeAll
    static void generate() throws Exception {
        Path dir = Files.createTempDirectory("recsys4j-ctr-ranker");
        try {
            gen = SyntheticMovieLens.builder(400, 500, 24_000, 11).withClusters(5).withIndependentGenres(true)
                    .withBlockbusters(5).withBlockbusterShare(0.5).build();
            gen.writeLatestCsv(dir);
            data = MovieLens.load(dir, LoadOptions.lenient());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void negativesAreUnratedMoviesAtTheRatingsSecondWithValueZeroAndDependOnlyOnTheSeed() {
        Interactions r = data.ratings();
        Interactions a = CtrRankerTraining.withNegatives(r, 3, 0.5, 5);
        assertEquals(4L * r.size(), a.size());
        Set<Long> rated = new HashSet<>();
        for (int k = 0; k < r.size(); k++) {
            rated.add((long) r.user(k) << 32 | r.item(k));
            assertEquals(r.value(k), a.value(k));
            assertEquals(r.item(k), a.item(k));
        }
        long[] ts = r.timestampColumn();
        int k = r.size();
        for (int i = 0; i < r.size(); i++) {
            for (int j = 0; j < 3; j++, k++) {
                assertEquals(r.user(i), a.user(k));
                assertEquals(ts[i], a.timestamp(k), "a negative has its rating's second");
                assertEquals(0f, a.value(k));
                assertFalse(rated.contains((long) a.user(k) << 32 | a.item(k)), "a rated movie drawn as a negative");
            }
        }
        Interactions b = CtrRankerTraining.withNegatives(r, 3, 0.5, 5);
        assertArrayEquals(a.itemColumn(), b.itemColumn());
        assertFalse(Arrays.equals(a.itemColumn(), CtrRankerTraining.withNegatives(r, 3, 0.5, 6).itemColumn()));
        assertEquals(r.size(), CtrRankerTraining.withNegatives(r, 0, 0, 1).size());
        assertThrows(IllegalArgumentException.class, () -> CtrRankerTraining.withNegatives(r, -1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> CtrRankerTraining.withNegatives(r, 1, Double.NaN, 1));
        // every rating is a positive of the ranker's samples, every negative is not
        ProtocolC pc = CtrRankerTraining.samples(data, 1);
        int positives = 0;
        for (int i = 0; i < pc.samples().size(); i++) {
            assertEquals(pc.samples().value(i) > 0, pc.samples().label(i));
            positives += pc.samples().label(i) ? 1 : 0;
        }
        // about one in three (2 negatives per rating), the users' first seconds dropped
        double share = positives / (double) pc.samples().size();
        assertEquals(1.0 / (1 + CtrRankerTraining.NEGATIVES), share, 0.03, positives + " of " + pc.samples().size());
        assertEquals(CtrRankerTraining.MAX_RECENT, pc.samples().spec().maxRecentPositives());
    }

    @Test
    void thePersonalisedRankerPutsTheUsersClusterInTheTopTenWhereTheUnpersonalisedDoesNot() {
        ProtocolC pc = CtrRankerTraining.samples(data, 3);
        // the served DIN: the candidate attends over the user's 20 latest rated movies
        double din = inCluster(pc, train(pc, CtrRankerTraining.modelSpec(ModelType.DIN)));
        assertTrue(din >= 0.85, "DIN: " + din + " of the top 10 in the user's cluster");
        // without the history (no recent movies, no favourite genres: what the served DeepFM saw before issue 18 but
        // the user id) the same samples teach the movies' popularity only
        ModelSpec deepFm = CtrRankerTraining.modelSpec(ModelType.DEEP_FM);
        double without = inCluster(pc, train(pc, deepFm.withoutFields(List.of("recentPositive", "favouriteGenres"))));
        assertTrue(without < 0.5 && without < din - 0.3, "unpersonalised: " + without + ", DIN " + din);
    }

    private static CtrModel train(ProtocolC pc, ModelSpec spec) {
        return CtrTrainer.builder(spec).withLearningRate(CtrRankerTraining.LEARNING_RATE).withSeed(3).withMaxEpochs(6)
                .withThreads(2).build().fit(pc.fit(), pc.validation()).model();
    }

    /**
     * Returns the mean share of the top 10 in the user's planted cluster when the model, served through a
     * {@link ModelRanker} from each user's history as a request carries it, orders every movie the user has not rated
     * (users with at least 10 such movies of their cluster).
     */
    private static double inCluster(ProtocolC pc, CtrModel model) {
        InMemoryFeatureStore store = InMemoryFeatureStore.builder().withNamespace(NamespaceSpec.vectors("stats", 3)).build();
        ModelRanker ranker = ModelRanker.builder("r", new ProtocolCFeatureProvider(pc, store, "stats"), model)
                .withThreads(1).build();
        Interactions r = data.ratings();
        Interactions.Csr byUser = r.byUser();
        int n = r.numItems();
        double sum = 0;
        int users = 0;
        for (int u = 0; u < r.numUsers(); u++) {
            long id = r.users().longId(u);
            int own = gen.userCluster((int) (id - 1));
            int[] history = byUser.othersOf(u);
            boolean[] seen = new boolean[n];
            int unseenOwn = 0;
            for (int i : history) {
                seen[i] = true;
            }
            int[] unseen = new int[n - (int) Arrays.stream(history).distinct().count()];
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (!seen[i]) {
                    unseen[m++] = i;
                    unseenOwn += gen.itemCluster(i) == own ? 1 : 0;
                }
            }
            if (unseenOwn < 10) {
                continue;
            }
            double[] scores = new double[m];
            RecRequest request = RecRequest.builder(10).withUser(Long.toString(id), u).withHistory(history).build();
            ranker.score(request, CandidateBatch.ofItems(Arrays.copyOf(unseen, m)), scores);
            Integer[] order = new Integer[m];
            for (int i = 0; i < m; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (x, y) -> Double.compare(scores[y], scores[x]));
            int in = 0;
            for (int t = 0; t < 10; t++) {
                in += gen.itemCluster(unseen[order[t]]) == own ? 1 : 0;
            }
            sum += in / 10.0;
            users++;
        }
        assertTrue(users > 100, users + " users");
        return sum / users;
    }
}
