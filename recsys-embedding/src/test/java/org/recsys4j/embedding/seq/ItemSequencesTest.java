package org.recsys4j.embedding.seq;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.embedding.word2vec.Word2Vec;
import org.recsys4j.embedding.word2vec.Word2VecModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemSequencesTest {
    // items stored in a non-sorted dense order, so ties must be broken by external id, not dense index
    private static final IdIndex ITEMS = IdIndex.ofLongs(30, 10, 20, 40);
    private static final IdIndex USERS = IdIndex.ofLongs(1, 2);

    private static Interactions data() {
        return Interactions.builder(USERS, ITEMS)
                .addIds(1, 30, 5f, 100)
                .addIds(1, 10, 4f, 100)   // same time as 30: 10 < 30 comes first
                .addIds(1, 20, 3f, 50)    // below 3.5: dropped
                .addIds(1, 40, 3.5f, 10_000)
                .addIds(2, 20, 4f, 7)
                .build();
    }

    @Test
    void likedItemsInTimeThenIdOrder() {
        SequenceCorpus c = ItemSequences.builder().withThreshold(3.5).build().from(data());
        assertEquals(2, c.numSequences());
        assertArrayEquals(new long[] {10, 30, 40}, ids(c, 0));
        assertArrayEquals(new long[] {20}, ids(c, 1));
        assertEquals(4, c.numTokens());
        assertEquals(1, c.count(ITEMS.indexOf(20)));
        assertEquals(4, c.distinctTokens());
    }

    @Test
    void sessionGapAndMinimumLength() {
        SequenceCorpus c = ItemSequences.builder().withThreshold(3.5).withSessionGapSeconds(1000).withMinLength(2)
                .build().from(data());
        assertEquals(1, c.numSequences());
        assertArrayEquals(new long[] {10, 30}, ids(c, 0));
        // no threshold by default: every interaction given counts
        assertEquals(Double.NEGATIVE_INFINITY, ItemSequences.builder().build().threshold());
        SequenceCorpus all = ItemSequences.builder().build().from(data());
        assertArrayEquals(new long[] {20, 10, 30, 40}, ids(all, 0));
    }

    @Test
    void corpusRejectsTokensOutsideTheVocabulary() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SequenceCorpus.of(ITEMS, new int[] {0, 1}, new int[] {2, 4}));
        assertEquals("sequence 1 position 1: token 4 is outside the vocabulary of 4", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ItemSequences.builder().withMinLength(0).build());
        assertEquals("threshold: NaN, must be a number or -Infinity (none)", assertThrows(IllegalArgumentException.class,
                () -> ItemSequences.builder().withThreshold(Double.NaN).build()).getMessage());
    }

    /** Three shoppers with string ids: views, carts and purchases, a purchase after a view of the same item. */
    private static EventLog shop() {
        return EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING)
                .addTyped("u1", "sku-a", 10, "view").addTyped("u1", "sku-b", 20, "view")
                .addTyped("u1", "sku-b", 30, "cart").addTyped("u1", "sku-b", 40, "buy")
                .addTyped("u2", "sku-c", 15, "view").addTyped("u2", "sku-a", 25, "buy")
                .addTyped("u3", "sku-c", 12, "view")
                .build();
    }

    @Test
    void implicitEventsThroughAFeedbackPolicyGiveACorpusForEveryUserWithEvents() {
        Interactions train = Feedback.eventWeights(Map.of("view", 1.0, "cart", 3.0, "buy", 10.0), Feedback.Combine.SUM)
                .apply(shop());
        SequenceCorpus c = ItemSequences.builder().build().from(train);
        assertEquals(3, c.numSequences(), "one sequence per user with events");
        List<List<String>> seqs = new ArrayList<>();
        for (int s = 0; s < c.numSequences(); s++) {
            List<String> ids = new ArrayList<>();
            for (int t : c.sequence(s)) {
                ids.add(c.vocabulary().id(t));
            }
            seqs.add(ids);
        }
        // sku-b's view, cart and purchase are one interaction (summed, at the purchase's time)
        assertEquals(List.of(List.of("sku-a", "sku-b"), List.of("sku-c", "sku-a"), List.of("sku-c")), seqs);
        Word2VecModel m = Word2Vec.builder().withDim(4).withWindow(2).withMinCount(1).withEpochs(1).withThreads(1)
                .build().fit(c);
        assertEquals(3, m.numVectors(), "every item has a vector");
    }

    @Test
    void anEmptyCorpusSaysWhatDroppedTheInteractionsNotMinCount() {
        // implicit events are weights 1 (views) and 10 (purchases): a ratings threshold of 11 keeps none
        Interactions train = Feedback.eventWeights(Map.of("view", 1.0, "cart", 3.0, "buy", 10.0), Feedback.Combine.MAX)
                .apply(shop());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ItemSequences.builder().withThreshold(11).build().from(train));
        assertEquals("ItemSequences: no sequence is left of 5 interactions: 5 below the threshold 11 (the largest "
                + "value is 10). The threshold keeps values >= it: for implicit events (weights or counts) leave it "
                + "unset and choose the events with a Feedback policy", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ItemSequences.builder().withThreshold(5).withMinLength(3).build().from(train));
        assertEquals("ItemSequences: no sequence is left of 5 interactions: 3 below the threshold 5 (the largest "
                + "value is 10); 2 in 2 sequences shorter than minLength 3. The threshold keeps values >= it: for "
                + "implicit events (weights or counts) leave it unset and choose the events with a Feedback policy",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ItemSequences.builder().withMinLength(3).build().from(train));
        assertEquals("ItemSequences: no sequence is left of 5 interactions: 5 in 3 sequences shorter than minLength 3. "
                + "Lower minLength or the session gap, or give more interactions per user", e.getMessage());
        // no interactions at all: an empty corpus, and Word2Vec says the corpus is empty
        SequenceCorpus empty = ItemSequences.builder().build().from(train.filter(k -> false));
        assertEquals(0, empty.numSequences());
        e = assertThrows(IllegalArgumentException.class, () -> Word2Vec.builder().build().fit(empty));
        assertTrue(e.getMessage().startsWith("corpus: empty (0 sequences, no token)"), e.getMessage());
    }

    private static long[] ids(SequenceCorpus c, int s) {
        int[] seq = c.sequence(s);
        long[] out = new long[seq.length];
        for (int i = 0; i < seq.length; i++) {
            out[i] = c.vocabulary().longId(seq[i]);
        }
        return out;
    }
}
