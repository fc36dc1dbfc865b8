package org.recsys4j.core.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineTypesTest {
    @Test
    void requestCopiesItsInputsAndExcludesHistory() {
        int[] history = {5, 9, 3};
        RecRequest r = RecRequest.builder(10).withUser("42", 17).withHistory(history).withHistoryExcluded(true).addExcluded(100)
                .withContext("genre", "Comedy").build();
        history[0] = 99;
        assertArrayEquals(new int[] {5, 9, 3}, r.history());
        assertTrue(r.excludes(5) && r.excludes(9) && r.excludes(3) && r.excludes(100));
        assertFalse(r.excludes(99));
        assertEquals("Comedy", r.context().get("genre"));
        assertTrue(r.seedItem().isEmpty());
        RecRequest copy = r.toBuilder().withSeedItem(7).withK(3).build();
        assertEquals(7, copy.seedItem().getAsInt());
        assertEquals(3, copy.k());
        assertTrue(copy.excludes(100));
        assertEquals(17, copy.userIndex());
        assertArrayEquals(new int[] {3, 5, 9, 100}, copy.excluded(), "a sorted copy, JDK types only");
        assertEquals(4, copy.excludedCount());
        copy.excluded()[0] = 42;
        assertFalse(copy.excludes(42));
        assertEquals("42", copy.userKey().orElseThrow());
        assertTrue(RecRequest.builder(1).build().userKey().isEmpty(), "anonymous: empty, never null");
        assertEquals(RecRequest.UNKNOWN_USER, RecRequest.builder(1).build().userIndex());
    }

    @Test
    void badRequestArgumentsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RecRequest.builder(0).build())
                .getMessage().startsWith("k: 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RecRequest.builder(1).withHistory(new int[] {1, -2}).build())
                .getMessage().startsWith("history[1]"));
        assertThrows(IllegalArgumentException.class, () -> RecRequest.builder(1).withUser("u", -5).build());
        assertThrows(IllegalArgumentException.class, () -> RecRequest.builder(1).withSeedItem(-2).build());
        assertEquals("context value of key 'genre'", assertThrows(NullPointerException.class,
                () -> RecRequest.builder(1).withContext("genre", null).build()).getMessage());
        assertEquals("deadline", assertThrows(NullPointerException.class,
                () -> RecRequest.builder(1).withDeadline(null).build()).getMessage());
    }

    @Test
    void mergingKeepsEveryProvenance() {
        Candidate a = Candidate.of(4, "genre", 0.5, 0);
        Candidate b = Candidate.of(4, "item-cf", 12, 3);
        Candidate m = a.mergedWith(b);
        assertEquals(0.5, m.score());
        assertEquals(List.of("genre", "item-cf"), m.channels());
        assertEquals(3, m.sources().get(1).rank());
        assertThrows(IllegalArgumentException.class, () -> a.mergedWith(Candidate.of(5, "x", 1, 0)));
    }

    @Test
    void admissibleDropsNullsExcludedAndRepeatsUpToTheLimit() {
        RecRequest r = RecRequest.builder(5).addExcluded(3).build();
        java.util.List<Candidate> in = new java.util.ArrayList<>(List.of(Candidate.of(1, "a", 5, 0), Candidate.of(3, "a", 4, 1)));
        in.add(null);
        in.addAll(List.of(Candidate.of(1, "b", 3, 0), Candidate.of(7, "a", 2, 2), Candidate.of(8, "a", 1, 3)));
        assertEquals(List.of(1, 7), r.admissible(in, 2).stream().map(Candidate::item).toList());
        assertEquals(List.of(1, 7, 8), r.admissible(in, 10).stream().map(Candidate::item).toList());
        assertEquals("a", r.admissible(in, 10).get(0).channels().get(0), "the first occurrence is kept");
    }

    @Test
    void chainCutsThenReorders() {
        // stage 1 scores by item index (keeps the 3 highest), stage 2 by -item (reverses them)
        Ranker byItem = ranker("by-item", item -> item);
        Ranker reverse = ranker("reverse", item -> -item);
        RankingChain chain = RankingChain.builder().then(byItem, 3).then(reverse, 10).build();
        List<Candidate> in = List.of(Candidate.of(1, "c", 0, 0), Candidate.of(7, "c", 0, 1),
                Candidate.of(3, "c", 0, 2), Candidate.of(9, "c", 0, 3), Candidate.of(5, "c", 0, 4));
        List<Candidate> out = chain.rank(RecRequest.builder(3).build(), in);
        assertEquals(List.of(5, 7, 9), out.stream().map(Candidate::item).toList());
        assertEquals(-5.0, out.get(0).score());
        assertEquals(List.of("c"), out.get(0).channels());
        assertEquals("by-item > reverse", chain.name());
    }

    @Test
    void tiesKeepInputOrderAndNanSortsLast() {
        Ranker flat = ranker("flat", item -> item == 2 ? Double.NaN : 1.0);
        List<Candidate> in = List.of(Candidate.of(2, "c", 0, 0), Candidate.of(8, "c", 0, 1), Candidate.of(6, "c", 0, 2));
        List<Candidate> out = RankingChain.of(flat).rank(RecRequest.builder(3).build(), in);
        assertEquals(List.of(8, 6, 2), out.stream().map(Candidate::item).toList());
    }

    private static Ranker ranker(String name, java.util.function.IntToDoubleFunction f) {
        return new Ranker() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void score(RecRequest request, int[] items, double[] scores) {
                for (int i = 0; i < items.length; i++) {
                    scores[i] = f.applyAsDouble(items[i]);
                }
            }
        };
    }
}
