package org.recsys4j.recall.channel;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.recall.index.BruteForceIndex;
import org.recsys4j.recall.index.HnswIndex;
import org.recsys4j.recall.index.Metric;
import org.recsys4j.recall.index.VectorIndex;

import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero vectors never enter similar items (issue 18): the ALS factors of an item nobody liked are zero, and a
 * zero vector's cosine is 0 with every query, so a zero seed answered "the same five unrelated items with score
 * 0", and zero items filled the tail of other items' lists.
 */
class EmbeddingChannelZeroVectorsTest {
    @Test
    void aZeroSeedAnswersNothingAndZeroItemsAreNeverReturned() {
        int n = 300;
        int dim = 8;
        Random r = new Random(5);
        float[] v = new float[n * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        Set<Integer> zero = Set.of(0, 17, 42, 99, 150, 151, 152, 298);
        for (int z : zero) {
            java.util.Arrays.fill(v, z * dim, (z + 1) * dim, 0f);
        }
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 1000 + i;
        }
        IdIndex items = IdIndex.ofLongs(ids);
        EmbeddingTable table = EmbeddingTable.of(items, dim, v);
        for (VectorIndex index : List.of(BruteForceIndex.of(table, Metric.COSINE),
                HnswIndex.builder(table, Metric.COSINE).withSeed(3).build())) {
            EmbeddingChannel ch = EmbeddingChannel.builder(index, items).withItemVectors(table).build();
            for (int seed = 0; seed < n; seed++) {
                // ask for every item: the tail is where zero vectors (cosine 0) would come in
                List<Candidate> got = ch.recall(RecRequest.builder(n).withSeedItem(seed).addExcluded(seed).build(), n);
                if (zero.contains(seed)) {
                    assertTrue(got.isEmpty(), "zero seed " + seed + " -> " + got.size());
                    continue;
                }
                assertFalse(got.isEmpty());
                for (Candidate c : got) {
                    assertFalse(zero.contains(c.item()), "zero item " + c.item() + " returned for seed " + seed);
                    assertTrue(Double.isFinite(c.score()));
                }
                if (index instanceof BruteForceIndex) {
                    assertEquals(n - 1 - zero.size(), got.size(), "every other non-zero item, seed " + seed);
                }
            }
            // a zero query vector (e.g. the mean of zero vectors) answers nothing
            assertTrue(ch.recall(new float[dim], RecRequest.builder(5).build(), 5).isEmpty());
            assertTrue(ch.recall(RecRequest.builder(5).withHistory(new int[] {17, 42}).build(), 5).isEmpty());
            assertFalse(ch.recall(RecRequest.builder(5).withHistory(new int[] {17, 43}).build(), 5).isEmpty());
        }
    }
}
