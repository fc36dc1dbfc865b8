package org.recsys4j.recall.channel;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.model.HistoryEncoder;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.recall.index.BruteForceIndex;
import org.recsys4j.recall.index.HnswIndex;
import org.recsys4j.recall.index.Metric;
import org.recsys4j.recall.index.VectorIndex;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recsys4j.recall.channel.Fixture.CATALOG;
import static org.recsys4j.recall.channel.Fixture.items;

/**
 * The embedding channel with a history encoder as its query source (a sequence model's state): the query is the
 * encoder's vector of the ordered history, the history is mapped to the encoder's items by id, and the channel is
 * refused over an index the encoder's queries do not belong to.
 */
class EmbeddingChannelEncoderTest {
    /**
     * Vectors of the fixture's items 1..5 (dense 0..4) in REVERSED row order (row 0 = id 5), without item 6: the
     * encoder's item indices are not the pipeline's.
     */
    private static EmbeddingTable reversedTable() {
        return EmbeddingTable.builder(2)
                .add(5, new float[] {0.7f, 0.7f}).add(4, new float[] {-1, 0}).add(3, new float[] {0, 1})
                .add(2, new float[] {0.9f, 0.1f}).add(1, new float[] {1, 0})
                .build();
    }

    /** An order-sensitive encoder: the query is the vector of the LAST history item (a mean would not see order). */
    private static HistoryEncoder lastItem(EmbeddingTable table) {
        return new HistoryEncoder() {
            @Override
            public int dim() {
                return table.dim();
            }

            @Override
            public EmbeddingTable itemEmbeddings() {
                return table;
            }

            @Override
            public float[] encode(int[] history) {
                if (history.length == 0) {
                    throw new IllegalArgumentException("history: empty");
                }
                return table.vector(history[history.length - 1]);
            }
        };
    }

    private static RecRequest history(int k, int... items) {
        return RecRequest.builder(k).withUser("nobody", -1).withHistory(items).withHistoryExcluded(true).build();
    }

    @Test
    void theQueryIsTheEncodersVectorOfTheOrderedHistoryMappedById() {
        EmbeddingTable t = reversedTable();
        VectorIndex index = BruteForceIndex.of(t, Metric.INNER_PRODUCT);
        EmbeddingChannel seq = EmbeddingChannel.builder(index, CATALOG.items()).withName("seq")
                .withHistoryEncoder(lastItem(t)).build();
        // history ids 1 then 3: the query is id 3's (0, 1): id 5 0.7, id 2 0.1, id 4 0 (ids 1 and 3 excluded)
        List<Candidate> a = Contract.check("seq", history(10, 0, 2), 10, seq.recall(history(10, 0, 2), 10));
        assertArrayEquals(new int[] {4, 1, 3}, items(a));
        assertEquals(0.7, a.get(0).score(), 1e-6);
        // the same items in the other order: the query is id 1's (1, 0): id 2 0.9, id 5 0.7, id 4 -1
        assertArrayEquals(new int[] {1, 4, 3}, items(seq.recall(history(10, 2, 0), 10)));
        // a history the encoder knows nothing of (item 6 has no embedding) gives no query and no list
        assertEquals(0, seq.recall(history(10, 5), 10).size());
        assertTrue(seq.userVector(history(10, 5)).isEmpty());
        // unknown items are skipped, the known ones still read in order
        assertArrayEquals(new float[] {1, 0}, seq.userVector(history(10, 2, 5, 0)).orElseThrow());
        // no history at all: empty
        assertEquals(0, seq.recall(RecRequest.builder(3).withUser("nobody", -1).build(), 3).size());
    }

    @Test
    void theEncoderReplacesTheHistoryMeanButSeedItemsStillUseTheItemVectors() {
        EmbeddingTable t = reversedTable();
        VectorIndex index = HnswIndex.builder(t, Metric.INNER_PRODUCT).build();
        EmbeddingChannel seq = EmbeddingChannel.builder(index, CATALOG.items()).withItemVectors(t)
                .withHistoryEncoder(lastItem(t)).build();
        // the mean of (1, 0) and (0, 1) would put id 5 first for both orders; the encoder reads the last item
        assertArrayEquals(new int[] {1, 4, 3}, items(seq.recall(history(3, 2, 0), 3)));
        // a seed item (similar items) is queried with its own vector: id 1 (1, 0) -> id 2, id 5, id 3, id 4
        RecRequest seed = RecRequest.builder(4).withSeedItem(0).build();
        assertArrayEquals(new int[] {1, 4, 2, 3}, items(seq.recall(seed, 4)));
        assertTrue(seq.toString().contains("history encoder"));
    }

    @Test
    void aChannelTheEncodersQueriesDoNotFitIsRefusedNamingWhy() {
        EmbeddingTable t = reversedTable();
        // a cosine index ranks another list than the model's inner products
        IllegalArgumentException cosine = assertThrows(IllegalArgumentException.class, () -> EmbeddingChannel.builder(
                BruteForceIndex.of(t, Metric.COSINE), CATALOG.items()).withHistoryEncoder(lastItem(t)).build());
        assertTrue(cosine.getMessage().startsWith("historyEncoder:") && cosine.getMessage().contains("INNER_PRODUCT"),
                cosine.getMessage());
        // an index built from other vectors over the same ids (another model's item table)
        EmbeddingTable other = EmbeddingTable.builder(2)
                .add(5, new float[] {0.1f, 0.7f}).add(4, new float[] {-1, 0}).add(3, new float[] {0, 1})
                .add(2, new float[] {0.9f, 0.1f}).add(1, new float[] {1, 0})
                .build();
        IllegalArgumentException stale = assertThrows(IllegalArgumentException.class, () -> EmbeddingChannel.builder(
                BruteForceIndex.of(other, Metric.INNER_PRODUCT), CATALOG.items()).withHistoryEncoder(lastItem(t)).build());
        assertTrue(stale.getMessage().contains("historyEncoder") && stale.getMessage().contains("built from"),
                stale.getMessage());
        // an encoder over another catalogue (text ids)
        EmbeddingTable text = EmbeddingTable.builder(2).add("a", new float[] {1, 0}).add("b", new float[] {0, 1}).build();
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class, () -> EmbeddingChannel.builder(
                BruteForceIndex.of(t, Metric.INNER_PRODUCT), CATALOG.items()).withHistoryEncoder(lastItem(text)).build());
        assertTrue(foreign.getMessage().contains("historyEncoder: none of its 2 items"), foreign.getMessage());
        // another width
        EmbeddingTable wide = EmbeddingTable.builder(3).add(1, new float[] {1, 0, 0}).build();
        IllegalArgumentException dim = assertThrows(IllegalArgumentException.class, () -> EmbeddingChannel.builder(
                BruteForceIndex.of(t, Metric.INNER_PRODUCT), CATALOG.items()).withHistoryEncoder(lastItem(wide)).build());
        assertEquals("historyEncoder: dimension 3, the index's is 2", dim.getMessage());
    }

    @Test
    void aBrokenEncoderIsAChannelFailureNotASearchWithNaN() {
        EmbeddingTable t = reversedTable();
        HistoryEncoder good = lastItem(t);
        HistoryEncoder nan = new HistoryEncoder() {
            @Override
            public int dim() {
                return 2;
            }

            @Override
            public EmbeddingTable itemEmbeddings() {
                return t;
            }

            @Override
            public float[] encode(int[] history) {
                return new float[] {Float.NaN, 1};
            }
        };
        EmbeddingChannel broken = EmbeddingChannel.builder(BruteForceIndex.of(t, Metric.INNER_PRODUCT), CATALOG.items())
                .withName("seq").withHistoryEncoder(nan).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> broken.recall(history(3, 0), 3));
        assertTrue(e.getMessage().contains("channel 'seq'") && e.getMessage().contains("query[0] = NaN"), e.getMessage());
        assertEquals(3, EmbeddingChannel.builder(BruteForceIndex.of(t, Metric.INNER_PRODUCT), CATALOG.items())
                .withHistoryEncoder(good).build().recall(history(3, 0), 3).size());
    }
}
