package org.recsys4j.embedding.seq;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        SequenceCorpus c = ItemSequences.builder().build().from(data());
        assertEquals(2, c.numSequences());
        assertArrayEquals(new long[] {10, 30, 40}, ids(c, 0));
        assertArrayEquals(new long[] {20}, ids(c, 1));
        assertEquals(4, c.numTokens());
        assertEquals(1, c.count(ITEMS.indexOf(20)));
        assertEquals(4, c.distinctTokens());
    }

    @Test
    void sessionGapAndMinimumLength() {
        SequenceCorpus c = ItemSequences.builder().withSessionGapSeconds(1000).withMinLength(2).build().from(data());
        assertEquals(1, c.numSequences());
        assertArrayEquals(new long[] {10, 30}, ids(c, 0));
        SequenceCorpus all = ItemSequences.builder().withMinRating(Double.NEGATIVE_INFINITY).build().from(data());
        assertArrayEquals(new long[] {20, 10, 30, 40}, ids(all, 0));
    }

    @Test
    void corpusRejectsTokensOutsideTheVocabulary() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SequenceCorpus.of(ITEMS, new int[] {0, 1}, new int[] {2, 4}));
        assertEquals("sequence 1 position 1: token 4 is outside the vocabulary of 4", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ItemSequences.builder().withMinLength(0).build());
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
