package org.recsys4j.core.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
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

    @Test
    void rankersSeeTheIncomingScoresAndTheProvenanceOfEveryCandidate() {
        // a blend: the score each candidate carries in (the recall score) plus a boost for channel "fresh"
        java.util.List<CandidateBatch> seen = new java.util.ArrayList<>();
        Ranker boost = new Ranker() {
            @Override
            public String name() {
                return "fresh-boost";
            }

            @Override
            public void score(RecRequest request, CandidateBatch candidates, double[] scores) {
                Ranker.checkScoreArguments(request, candidates, scores);
                seen.add(candidates);
                for (int i = 0; i < candidates.size(); i++) {
                    scores[i] = candidates.score(i) + (candidates.source(i, "fresh").isPresent() ? 1.0 : 0.0);
                }
            }
        };
        Ranker byRank = new Ranker() {
            @Override
            public String name() {
                return "by-previous";
            }

            @Override
            public void score(RecRequest request, CandidateBatch candidates, double[] scores) {
                seen.add(candidates);
                for (int i = 0; i < candidates.size(); i++) {
                    scores[i] = -candidates.score(i);   // reverses the previous stage's order
                }
            }
        };
        Candidate both = Candidate.of(3, "cf", 0.5, 1).mergedWith(Candidate.of(3, "fresh", 7.0, 0));
        List<Candidate> in = List.of(Candidate.of(1, "cf", 0.9, 0), Candidate.of(2, "fresh", 0.2, 1), both,
                new Candidate(4, 0.8, List.of()));
        List<Candidate> out = RankingChain.builder().then(boost, 3).then(byRank, 10).build().rank(RecRequest.builder(3).build(), in);

        CandidateBatch first = seen.get(0);
        assertArrayEquals(new int[] {1, 2, 3, 4}, first.items());
        assertEquals(0.9, first.score(0));
        assertEquals(List.of(), first.sources(3), "an item that did not come from recall has no provenance");
        assertEquals(List.of("cf", "fresh"), first.sources(2).stream().map(Provenance::channel).toList());
        assertEquals(7.0, first.source(2, "fresh").orElseThrow().rawScore());
        assertEquals(1, first.source(2, "cf").orElseThrow().rank());
        assertTrue(first.source(0, "fresh").isEmpty());
        assertSame(both, first.candidate(2));
        // stage 1: 3 -> 1.5, 2 -> 1.2, 1 -> 0.9, 4 -> 0.8 (cut); stage 2 sees those scores and reverses them
        CandidateBatch second = seen.get(1);
        assertArrayEquals(new int[] {3, 2, 1}, second.items());
        assertArrayEquals(new double[] {1.5, 1.2, 0.9}, new double[] {second.score(0), second.score(1), second.score(2)}, 1e-12);
        assertEquals(List.of(1, 2, 3), out.stream().map(Candidate::item).toList());
        assertEquals(both.sources(), out.get(2).sources(), "the chain keeps the provenance");
        assertEquals(-0.9, out.get(0).score(), 1e-12);
    }

    @Test
    void aBatchOfBareItemsHasNoProvenanceAndNanScores() {
        CandidateBatch b = CandidateBatch.ofItems(5, 6);
        assertEquals(2, b.size());
        assertTrue(Double.isNaN(b.score(1)));
        assertEquals(List.of(), b.sources(0));
        assertEquals(new Candidate(6, Double.NaN, List.of()), b.candidate(1));
        CandidateBatch s = CandidateBatch.of(List.of(Candidate.of(1, "a", 3, 0), Candidate.of(2, "b", 2, 0),
                Candidate.of(3, "a", 1, 1))).slice(1, 3);
        assertArrayEquals(new int[] {2, 3}, s.items());
        assertEquals("b", s.sources(0).get(0).channel());
        assertThrows(IndexOutOfBoundsException.class, () -> s.sources(2));
        assertThrows(IllegalArgumentException.class,
                () -> Ranker.checkScoreArguments(RecRequest.builder(1).build(), s, new double[1]));
    }

    private static Ranker ranker(String name, java.util.function.IntToDoubleFunction f) {
        return new Ranker() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void score(RecRequest request, CandidateBatch items, double[] scores) {
                for (int i = 0; i < items.size(); i++) {
                    scores[i] = f.applyAsDouble(items.item(i));
                }
            }
        };
    }
}
