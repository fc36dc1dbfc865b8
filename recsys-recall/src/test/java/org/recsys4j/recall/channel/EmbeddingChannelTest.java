package org.recsys4j.recall.channel;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.util.IntDoubleTopK;
import org.recsys4j.recall.index.BruteForceIndex;
import org.recsys4j.recall.index.HnswIndex;
import org.recsys4j.recall.index.Metric;
import org.recsys4j.recall.index.VectorIndex;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recsys4j.recall.channel.Fixture.CATALOG;
import static org.recsys4j.recall.channel.Fixture.items;

/** The embedding channel: query sources, exclusion inside the search, brute force and HNSW agree. */
class EmbeddingChannelTest {
    /** Vectors of the fixture's items 1..6 (dense 0..5). */
    private static EmbeddingTable handVectors() {
        return EmbeddingTable.builder(2)
                .add(1, new float[] {1, 0}).add(2, new float[] {0.9f, 0.1f}).add(3, new float[] {0, 1})
                .add(4, new float[] {-1, 0}).add(5, new float[] {0.7f, 0.7f}).add(6, new float[] {0, -1})
                .build();
    }

    @Test
    void queriesFromSeedUserTableStoreAndHistory() {
        EmbeddingTable items = handVectors();
        VectorIndex index = BruteForceIndex.of(items, Metric.COSINE);
        EmbeddingTable users = EmbeddingTable.builder(2).add("u1", new float[] {0, 1}).build();
        FeatureStore store = InMemoryFeatureStore.builder().withNamespace(NamespaceSpec.vectors("user-vec", 2)).build();
        store.put("user-vec", "u2", new float[] {-1, 0.01f});
        EmbeddingChannel emb = EmbeddingChannel.builder(index, CATALOG.items()).withItemVectors(items)
                .withUserVectors(users).withUserStore(store, "user-vec").build();

        // seed 0 = (1, 0): cosines 1: 0.994, 4: 0.707, 2: 0, 5: 0 (tie -> lower row), 3: -1; the seed never comes back
        RecRequest seed = RecRequest.builder(10).withSeedItem(0).build();
        List<Candidate> s = Contract.check("embedding", seed, 10, emb.recall(seed, 10));
        assertArrayEquals(new int[] {1, 4, 2, 5, 3}, items(s));
        assertEquals(0.9 / Math.sqrt(0.82), s.get(0).score(), 1e-6);
        // the exclusion is applied inside the search: with limit 1 the next item fills the slot
        RecRequest seedEx = RecRequest.builder(1).withSeedItem(0).addExcluded(1).build();
        assertArrayEquals(new int[] {4}, items(emb.recall(seedEx, 1)));

        RecRequest u1 = RecRequest.builder(2).withUser("u1", 0).build();
        assertArrayEquals(new int[] {2, 4}, items(emb.recall(u1, 2)));
        RecRequest u2 = RecRequest.builder(1).withUser("u2", 1).build();
        assertArrayEquals(new int[] {3}, items(emb.recall(u2, 1)));
        // unseen user: mean of the history vectors (0.5, 0.5) -> item 4 (0.7, 0.7) first
        RecRequest fresh = RecRequest.builder(3).withUser("nobody", -1).withHistory(new int[] {0, 2}).withHistoryExcluded(true).build();
        List<Candidate> f = Contract.check("embedding", fresh, 3, emb.recall(fresh, 3));
        assertEquals(4, f.get(0).item());
        assertEquals(1.0, f.get(0).score(), 1e-6);
        assertEquals(0, emb.recall(RecRequest.builder(3).withUser("nobody", -1).build(), 3).size());
    }

    @Test
    void embeddingNeighbourTableFeedsMoreLikeLastN() {
        EmbeddingTable items = handVectors();
        VectorIndex index = BruteForceIndex.of(items, Metric.COSINE);
        ItemNeighbors table = ItemNeighbors.builder(index, items, CATALOG.items()).withNeighbors(2)
                .withThreads(2).build();
        assertArrayEquals(new int[] {1, 4}, table.neighbors(0));       // cos 0.994, 0.707
        assertArrayEquals(new int[] {4, 1}, table.neighbors(2));       // (0, 1): 0.707, 0.110
        assertEquals((float) (0.9 / Math.sqrt(0.82)), table.weights(0)[0], 1e-6f);
        NeighborChannel last = NeighborChannel.builder(table).withName("last-2").withWindow(2)
                .withRecencyDecay(0.5).build();
        // history 0 then 2 (most recent, weight 1): 4: 0.707 + 0.5 * 0.707, 1: 0.110 + 0.5 * 0.994
        RecRequest r = RecRequest.builder(5).withHistory(new int[] {0, 2}).withHistoryExcluded(true).build();
        List<Candidate> c = Contract.check("last-2", r, 5, last.recall(r, 5));
        assertArrayEquals(new int[] {4, 1}, items(c));
        double c4 = 0.7 / Math.sqrt(0.98);
        assertEquals(c4 * 1.5, c.get(0).score(), 1e-6);
        assertEquals(0.1 / Math.sqrt(0.82) + 0.5 * 0.9 / Math.sqrt(0.82), c.get(1).score(), 1e-6);
        EmbeddingTable other = EmbeddingTable.builder(2).add(1, new float[] {1, 0}).build();
        assertThrows(IllegalArgumentException.class, () -> ItemNeighbors.builder(index, other, CATALOG.items())
                .withNeighbors(2).withThreads(1).build());
    }

    @Test
    void badArguments() {
        EmbeddingTable items = handVectors();
        VectorIndex index = BruteForceIndex.of(items, Metric.COSINE);
        EmbeddingChannel emb = EmbeddingChannel.builder(index, CATALOG.items()).withItemVectors(items).build();
        RecRequest r = RecRequest.builder(3).build();
        IllegalArgumentException dim = assertThrows(IllegalArgumentException.class,
                () -> emb.recall(new float[] {1, 2, 3}, r, 3));
        assertTrue(dim.getMessage().contains("dimension 3"), dim.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> emb.recall(new float[] {1, Float.NaN}, r, 3));
        assertTrue(nan.getMessage().contains("query[1]"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> emb.recall(r, 0));
        assertTrue(emb.userVector(r).isEmpty(), "no user, no history: no query vector");
        assertEquals(0, emb.recall(r, 3).size());
        EmbeddingTable three = EmbeddingTable.builder(3).add(1, new float[] {1, 2, 3}).build();
        assertThrows(IllegalArgumentException.class,
                () -> EmbeddingChannel.builder(index, CATALOG.items()).withItemVectors(three).build());
        FeatureStore wrongDim = InMemoryFeatureStore.builder().withNamespace(NamespaceSpec.vectors("v", 3))
                .withNamespace(NamespaceSpec.vectors("any")).withNamespace(NamespaceSpec.blobs("b")).build();
        assertThrows(IllegalArgumentException.class,
                () -> EmbeddingChannel.builder(index, CATALOG.items()).withUserStore(wrongDim, "v").build());
        assertThrows(IllegalArgumentException.class,
                () -> EmbeddingChannel.builder(index, CATALOG.items()).withUserStore(wrongDim, "b").build());
        // a namespace without a declared dimension is checked per request: a channel failure
        wrongDim.put("any", "u", new float[] {1, 2, 3});
        EmbeddingChannel anyDim = EmbeddingChannel.builder(index, CATALOG.items())
                .withUserStore(wrongDim, "any").build();
        IllegalStateException stored = assertThrows(IllegalStateException.class,
                () -> anyDim.recall(RecRequest.builder(1).withUser("u", -1).build(), 1));
        assertTrue(stored.getMessage().contains("'any'") && stored.getMessage().contains("'u'"), stored.getMessage());
    }

    @Test
    void bruteForceAndHnswGiveTheExactNeighboursOnGeneratedVectors() {
        int n = 1500;
        int dim = 12;
        Random rnd = new Random(7);
        float[] values = new float[n * dim];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) rnd.nextGaussian();
        }
        long[] tableIds = new long[n];
        long[] itemIds = new long[n];
        for (int i = 0; i < n; i++) {
            tableIds[i] = 1000 + i;
            itemIds[i] = 1000 + n - 1 - i; // items in the reverse order of the table's rows
        }
        EmbeddingTable table = EmbeddingTable.of(IdIndex.ofLongs(tableIds), dim, values);
        IdIndex itemIndex = IdIndex.ofLongs(itemIds);
        VectorIndex brute = BruteForceIndex.of(table, Metric.COSINE);
        VectorIndex hnsw = HnswIndex.builder(table, Metric.COSINE).withM(16).withEfConstruction(200)
                .withEf(300).withSeed(3).build();
        EmbeddingChannel b = EmbeddingChannel.builder(brute, itemIndex).withName("emb")
                .withItemVectors(table).build();
        EmbeddingChannel h = EmbeddingChannel.builder(hnsw, itemIndex).withName("emb").withItemVectors(table).build();
        for (int q = 0; q < 30; q++) {
            int seed = rnd.nextInt(n);
            RecRequest.Builder rb = RecRequest.builder(10).withSeedItem(seed);
            for (int e = 0; e < 100; e++) {
                rb.addExcluded(rnd.nextInt(n));
            }
            RecRequest r = rb.build();
            int[] exact = exactTop(table, itemIndex, seed, r, 10);
            assertArrayEquals(exact, items(Contract.check("emb", r, 10, b.recall(r, 10))), "brute force, query " + q);
            assertArrayEquals(exact, items(Contract.check("emb", r, 10, h.recall(r, 10))), "hnsw, query " + q);
        }
    }

    /** Exact cosine top-k in double precision, by item, skipping the seed and the exclusions. */
    private static int[] exactTop(EmbeddingTable table, IdIndex items, int seed, RecRequest r, int k) {
        int seedRow = table.ids().indexOf(items.longId(seed));
        float[] q = table.vector(seedRow);
        IntDoubleTopK top = new IntDoubleTopK(k);
        for (int row = 0; row < table.size(); row++) {
            int item = items.indexOf(table.ids().longId(row));
            if (row == seedRow || r.excludes(item)) {
                continue;
            }
            float[] x = table.vector(row);
            double dot = 0;
            double nx = 0;
            double nq = 0;
            for (int d = 0; d < x.length; d++) {
                dot += (double) q[d] * x[d];
                nx += (double) x[d] * x[d];
                nq += (double) q[d] * q[d];
            }
            top.offer(item, dot / Math.sqrt(nx * nq));
        }
        return top.drainIds();
    }
}
