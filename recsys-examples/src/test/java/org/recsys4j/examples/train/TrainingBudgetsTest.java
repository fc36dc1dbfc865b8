package org.recsys4j.examples.train;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.synth.SyntheticMovieLens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training budgets that keep {@code train} bounded at the ml-25m shape ({@link ServingModels}): below them (the
 * ml-latest-small demo) nothing changes; above them the work is cut to the budget, deterministically.
 */
class TrainingBudgetsTest {
    @Test
    void word2vecEpochsAreTheSettingsUntilTheCorpusReadsMoreThanTheBudget() {
        // ml-latest-small's corpora: item2vec 61,716 tokens, the walks 964,800: 10 epochs each
        assertEquals(10, ServingModels.word2vecEpochs(61_716, 10));
        assertEquals(10, ServingModels.word2vecEpochs(964_800, 10));
        assertEquals(10, ServingModels.word2vecEpochs(ServingModels.W2V_TOKEN_BUDGET / 10, 10));
        assertEquals(9, ServingModels.word2vecEpochs(ServingModels.W2V_TOKEN_BUDGET / 10 + 1, 10));
        // the ml-25m shape: item2vec 17.3 million tokens, the walks 11.8 million (WALK_TOKEN_BUDGET); the 5 M set's
        // item2vec 3.4 million: 5 epochs
        assertEquals(1, ServingModels.word2vecEpochs(17_295_328, 10));
        assertEquals(1, ServingModels.word2vecEpochs(11_809_400, 10));
        assertEquals(5, ServingModels.word2vecEpochs(3_381_533, 10));
        assertEquals(1, ServingModels.word2vecEpochs(10 * ServingModels.W2V_TOKEN_BUDGET, 10), "never 0");
        for (long tokens = 1; tokens < 1L << 34; tokens = tokens * 3 + 1) {
            int e = ServingModels.word2vecEpochs(tokens, 10);
            assertTrue(e >= 1 && e <= 10);
            assertTrue(e == 1 || tokens * e <= ServingModels.W2V_TOKEN_BUDGET, tokens + " tokens, " + e + " epochs");
        }
    }

    @Test
    void ctrEpochsAndRowsStayWithinTheSampleBudget() {
        assertEquals(10, ServingModels.ctrEpochs(80_000, 10), "ml-latest-small");
        assertEquals(1, ServingModels.ctrEpochs(20_000_000, 10), "the ml-25m shape: the latest 1 M, once");
        assertEquals(10, ServingModels.ctrEpochs(281_000, 10), "ml-latest-small's ranker samples");
        assertEquals(1, ServingModels.ctrEpochs(3_000_000, 1));
        assertEquals(1, ServingModels.ctrEpochs(ServingModels.CTR_MAX_FIT_SAMPLES + 1, 10), "over the cap: one pass");
        assertEquals(3, ServingModels.ctrEpochs(ServingModels.CTR_MAX_FIT_SAMPLES, 10), "at the cap: the budget");
        for (int n = 1; n < 40_000_000; n = n * 2 + 7) {
            int e = ServingModels.ctrEpochs(n, 10);
            long read = (long) e * Math.min(n, ServingModels.CTR_MAX_FIT_SAMPLES);
            assertTrue(e >= 1 && (e == 1 || read <= ServingModels.CTR_SAMPLE_BUDGET), n + ": " + e);
        }
    }

    @Test
    void walksPerNodeAreTheSettingsUntilTheWalksHoldMoreThanTheBudget() {
        TrainingSettings s = TrainingSettings.defaults();   // 20 walks of 20 per node
        assertEquals(20, ServingModels.walksPerNode(2_412, s), "ml-latest-small");
        assertEquals(20, ServingModels.walksPerNode(30_000, s), "12 M tokens: at the budget");
        assertEquals(10, ServingModels.walksPerNode(59_047, s), "the ml-25m shape");
        assertEquals(1, ServingModels.walksPerNode(10_000_000, s), "never 0");
        for (int nodes = 1; nodes < 50_000_000; nodes = nodes * 3 + 1) {
            int w = ServingModels.walksPerNode(nodes, s);
            assertTrue(w >= 1 && w <= 20);
            assertTrue(w == 1 || (long) nodes * w * s.walkLength() <= ServingModels.WALK_TOKEN_BUDGET, nodes + ": " + w);
        }
    }

    @Test
    void theValidationSplitsComeFromAUserSampleAtScale() {
        Interactions r = SyntheticMovieLens.builder(400, 300, 60_000, 3).build().generate().interactions();
        assertSame(r, ServingModels.validationSample(r, 42, new LinkedHashMap<>()), "under the budget: every rating");
        Map<String, String> notes = new LinkedHashMap<>();
        Interactions sample = ServingModels.userSample(r, Integer.MAX_VALUE, 0, 20_000, 42, notes);
        assertTrue(sample.size() <= 20_000 && sample.size() > 15_000, sample.size() + " ratings");
        assertTrue(notes.get("sampledUsers").contains("of 400 users"), notes.toString());
        // whole users: a kept user keeps every rating
        int[] before = new int[r.numUsers()];
        int[] after = new int[r.numUsers()];
        for (int k = 0; k < r.size(); k++) {
            before[r.user(k)]++;
        }
        for (int k = 0; k < sample.size(); k++) {
            after[sample.user(k)]++;
        }
        for (int u = 0; u < before.length; u++) {
            assertTrue(after[u] == 0 || after[u] == before[u], "user " + u);
        }
        assertEquals(sample.size(), ServingModels.userSample(r, Integer.MAX_VALUE, 0, 20_000, 42, new LinkedHashMap<>())
                .size(), "deterministic");
    }

    @Test
    void sasRecEpochsAreTheSettingsOnMlLatestSmallAndCutAtScale() {
        assertEquals(40, ServingModels.seqEpochs(25_805, 40), "ml-latest-small's positions an epoch");
        assertEquals(22, ServingModels.seqEpochs(ServingModels.SEQ_POSITION_BUDGET, 40), "a sampled epoch at scale");
        assertEquals(1, ServingModels.seqEpochs(10L * ServingModels.SEQ_PASS_BUDGET, 40));
        assertEquals(40, ServingModels.seqEpochs(0, 40));
    }

    @Test
    void validationCasesAreAllBelowTheCapElseADeterministicSortedSample() {
        int[] all = ServingModels.validationCases(610, ServingModels.MERGE_MAX_VALIDATION_USERS, 42);
        assertEquals(610, all.length);
        for (int c = 0; c < all.length; c++) {
            assertEquals(c, all[c]);
        }
        int[] some = ServingModels.validationCases(162_541, 10_000, 42);
        assertEquals(10_000, some.length);
        assertTrue(Arrays.stream(some).allMatch(c -> c >= 0 && c < 162_541));
        for (int j = 1; j < some.length; j++) {
            assertTrue(some[j - 1] < some[j], "ascending and distinct");
        }
        assertArrayEquals(some, ServingModels.validationCases(162_541, 10_000, 42));
        assertTrue(!Arrays.equals(some, ServingModels.validationCases(162_541, 10_000, 43)), "another seed, another sample");
        // spread over the whole range, not a prefix
        assertTrue(some[some.length - 1] > 150_000 && some[0] < 1_000);
    }

    @Test
    void sasRecTrainsOnWholeUsersUpToThePositionBudget(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        SyntheticMovieLens.builder(300, 200, 30_000, 5).withClusters(4).build().writeLatestCsv(data);
        MovieLensData ml = MovieLens.load(data, LoadOptions.lenient());
        Interactions r = ml.ratings();
        Map<String, String> notes = new LinkedHashMap<>();
        assertSame(r, ServingModels.sequenceSample(r, Integer.MAX_VALUE, 42, notes), "under the budget: every rating");
        assertTrue(notes.isEmpty());

        int budget = 2_000;
        Interactions s = ServingModels.sequenceSample(r, budget, 42, notes);
        assertEquals(r.numItems(), s.numItems(), "the model still covers the whole catalogue");
        assertEquals(r.items(), s.items());
        int[] all = perUser(r);
        int[] kept = perUser(s);
        long positions = 0;
        int users = 0;
        for (int u = 0; u < all.length; u++) {
            assertTrue(kept[u] == 0 || kept[u] == all[u], "user " + u + " kept whole or not at all");
            if (kept[u] > 0) {
                users++;
                positions += Math.max(0, Math.min(ServingModels.SEQ_MAX_LENGTH, kept[u] - 2));
            }
        }
        assertTrue(positions <= budget && positions > budget - 2 * ServingModels.SEQ_MAX_LENGTH, positions + " positions");
        assertTrue(users > 0 && users < all.length);
        assertTrue(notes.get("sampledUsers").startsWith(users + " of " + all.length + " users"), notes.toString());
        assertArrayEquals(kept, perUser(ServingModels.sequenceSample(r, budget, 42, new LinkedHashMap<>())), "deterministic");
    }

    /**
     * The demo's recipe on ml-latest-small is what it was before the budgets: every corpus, SASRec's positions, the
     * CTR fit samples and the validation users are under their budgets, so every epoch count and every row is the
     * settings' (skipped without ../shared).
     */
    @Test
    void mlLatestSmallIsUnderEveryBudget() throws Exception {
        MovieLensData ml = MovieLens.load(org.recsys4j.core.testing.SharedData.dataSet("ml-latest-small"),
                LoadOptions.lenient());
        TrainingSettings s = TrainingSettings.defaults();
        org.recsys4j.embedding.seq.SequenceCorpus liked = org.recsys4j.embedding.seq.ItemSequences.builder()
                .withThreshold(ServingModels.LIKED).build().from(ml.ratings());
        assertEquals(s.epochs(), ServingModels.word2vecEpochs(liked.numTokens(), s.epochs()), "item2vec");
        org.recsys4j.embedding.graph.ItemGraph graph = ServingModels.itemGraph(liked);
        assertEquals(s.walksPerNode(), ServingModels.walksPerNode(graph.numNodes(), s), "walks per node");
        org.recsys4j.embedding.seq.SequenceCorpus walks = ServingModels.deepWalk(s).walks(graph);
        assertEquals(s.epochs(), ServingModels.word2vecEpochs(walks.numTokens(), s.epochs()), "walks");
        assertSame(ml.ratings(), ServingModels.validationSample(ml.ratings(), s.seed(), new LinkedHashMap<>()));
        long positions = ServingModels.sequencePositions(ml.ratings());
        assertTrue(positions <= ServingModels.SEQ_POSITION_BUDGET, positions + " positions");
        assertEquals(s.seqEpochs(), ServingModels.seqEpochs(positions, s.seqEpochs()));
        assertSame(ml.ratings(), ServingModels.sequenceSample(ml.ratings(), ServingModels.SEQ_POSITION_BUDGET, s.seed(),
                new LinkedHashMap<>()));
        assertTrue(ml.ratings().numUsers() <= ServingModels.MERGE_MAX_VALIDATION_USERS);
        // protocol C keeps fewer samples than ratings: every fit sample is read, 10 epochs
        assertTrue(ml.ratings().size() <= ServingModels.CTR_SAMPLE_BUDGET / s.ctrEpochs());
        assertEquals(s.ctrEpochs(), ServingModels.ctrEpochs(ml.ratings().size(), s.ctrEpochs()));
    }

    private static int[] perUser(Interactions r) {
        int[] n = new int[r.numUsers()];
        for (int k = 0; k < r.size(); k++) {
            n[r.user(k)]++;
        }
        return n;
    }
}
