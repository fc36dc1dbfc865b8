package org.recsys4j.rank.similarity;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.rank.cf.MatrixFactorizationRanker;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero vectors (the ALS factors of an item nobody liked) are never ranked: an item whose vector is zero has no
 * vector, a zero query scores nothing, a zero user factor row is folded in from the history.
 */
class ZeroVectorsTest {
    /** Random vectors for items 0..n-1 (ids 100+i), rows in {@code zero} all zeros. */
    private static EmbeddingTable table(int n, int dim, long seed, int... zero) {
        Random r = new Random(seed);
        float[] v = new float[n * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        for (int z : zero) {
            java.util.Arrays.fill(v, z * dim, (z + 1) * dim, 0f);
        }
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 100 + i;
        }
        return EmbeddingTable.of(IdIndex.ofLongs(ids), dim, v);
    }

    @Test
    void aZeroOrNonFiniteRowIsNoVector() {
        EmbeddingTable t = table(6, 4, 1, 2, 4);
        for (ItemMatrix m : new ItemMatrix[] {ItemMatrix.of(t, t.ids()), ItemMatrix.ofRows(t, t.ids())}) {
            assertEquals(2, m.missingItems());
            for (int i = 0; i < 6; i++) {
                assertEquals(i != 2 && i != 4, m.has(i), "item " + i);
            }
        }
    }

    @Test
    void zeroVectorsGetTheFallbackScoreNeverZero() {
        int n = 40;
        int dim = 5;
        EmbeddingTable t = table(n, dim, 7, 3, 11, 29);
        // through the matrix and through a store holding the zero rows as they are
        InMemoryFeatureStore store = InMemoryFeatureStore.builder().withNamespace(NamespaceSpec.vectors("emb", dim)).build();
        for (int i = 0; i < n; i++) {
            store.put("emb", Integer.toString(i), t.vector(i));
        }
        ItemVectors[] sources = {ItemVectors.of(t, t.ids()), ItemVectors.fromStore(store, "emb", Integer::toString)};
        for (ItemVectors iv : sources) {
            SimilarityRanker ranker = SimilarityRanker.builder(iv).withHistoryMean(true).build();
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            double[] s = new double[n];
            ranker.score(RecRequest.builder(5).withSeedItem(0).build(), CandidateBatch.ofItems(all), s);
            for (int i = 0; i < n; i++) {
                boolean zero = i == 3 || i == 11 || i == 29;
                assertEquals(zero, s[i] == Double.NEGATIVE_INFINITY, "item " + i + ": " + s[i]);
            }
            // a seed whose vector is zero is no query: with no user vector and no history, nothing scores
            ranker.score(RecRequest.builder(5).withSeedItem(3).build(), CandidateBatch.ofItems(all), s);
            for (int i = 0; i < n; i++) {
                assertEquals(Double.NEGATIVE_INFINITY, s[i], "zero seed, item " + i);
            }
            // ... and with a history, the history mean is the query
            ranker.score(RecRequest.builder(5).withSeedItem(3).withHistory(new int[] {5, 6}).build(),
                    CandidateBatch.ofItems(all), s);
            assertTrue(Double.isFinite(s[0]) && s[3] == Double.NEGATIVE_INFINITY);
            // a history of zero vectors only is no query either
            ranker.score(RecRequest.builder(5).withHistory(new int[] {11, 29}).build(), CandidateBatch.ofItems(all), s);
            assertEquals(Double.NEGATIVE_INFINITY, s[0]);
        }
    }

    @Test
    void matrixFactorisationNeverScoresZeroFactors() {
        EmbeddingTable items = table(10, 3, 5, 4);
        EmbeddingTable users = EmbeddingTable.of(IdIndex.ofLongs(7, 8), 3, new float[] {0, 0, 0, 1, 2, 3});
        MatrixFactorizationRanker mf = MatrixFactorizationRanker.builder(UserVectorSource.byKey(users),
                ItemMatrix.ofRows(items, items.ids())).withImplicitFoldIn(0.1, 5).build();
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        double[] s = new double[10];
        // user 8 has factors; item 4's are zero
        mf.score(RecRequest.builder(3).withUser("8", 1).build(), CandidateBatch.ofItems(all), s);
        assertEquals(Double.NEGATIVE_INFINITY, s[4]);
        assertTrue(Double.isFinite(s[0]));
        // user 7's factors are zero: counts as unseen, folded in from the history
        mf.score(RecRequest.builder(3).withUser("7", 0).withHistory(new int[] {1, 2}).build(), CandidateBatch.ofItems(all), s);
        assertTrue(Double.isFinite(s[0]) && s[0] != 0, "folded in: " + s[0]);
        // ... and without a history nothing can score (not 0 for all)
        mf.score(RecRequest.builder(3).withUser("7", 0).build(), CandidateBatch.ofItems(all), s);
        for (double x : s) {
            assertEquals(Double.NEGATIVE_INFINITY, x);
        }
        assertFalse(ItemMatrix.ofRows(items, items.ids()).has(4));
    }
}
