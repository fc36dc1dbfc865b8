package org.recsys4j.recall.channel;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.RecRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Back-fill channels, the MAX fusion, reweighting, and the validation search of channel weights. */
class MergeWeightsTest {
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    /** A channel answering a list computed from the request, dropping excluded items. */
    private record Answer(String name, java.util.function.Function<RecRequest, int[]> list) implements CandidateSource {
        static Answer fixed(String name, int... items) {
            return new Answer(name, r -> items);
        }

        @Override
        public List<Candidate> recall(RecRequest request, int limit) {
            List<Candidate> out = new ArrayList<>();
            for (int item : list.apply(request)) {
                if (out.size() < limit && !request.excludes(item)) {
                    out.add(Candidate.of(item, name, 100 - out.size(), out.size()));
                }
            }
            return out;
        }
    }

    private static int[] items(List<Candidate> cs) {
        return cs.stream().mapToInt(Candidate::item).toArray();
    }

    @Test
    void aBackfillChannelNeverVotesItOnlyFillsEmptySlots() {
        MultiChannelRecall m = MultiChannelRecall.builder().withTimeBudget(GENEROUS)
                .add(Answer.fixed("a", 1, 2, 3), 10, 1)
                .add(Answer.fixed("b", 4, 3), 10, 1)
                .addBackfill(Answer.fixed("popular", 3, 9, 1, 8), 10)
                .build();
        // with popular voting, 3 (in a, b and popular) would come first; as a back-fill it adds nothing to 3
        // a: 1 -> 1/61, 2 -> 1/62, 3 -> 1/63; b: 4 -> 1/61, 3 -> 1/62 => 3 (1/63 + 1/62) first, then 1 and 4 (tie: a first), 2
        List<Candidate> out = m.recall(RecRequest.builder(10).build(), 10);
        assertArrayEquals(new int[] {3, 1, 4, 2, 9, 8}, items(out));
        assertEquals(0.0, out.get(4).score(), "a back-filled item scores 0");
        assertEquals(List.of("popular"), out.get(4).sources().stream().map(p -> p.channel()).toList());
        assertTrue(out.get(0).sources().stream().noneMatch(p -> p.channel().equals("popular")),
                "the back-fill is not merged into a voted item");
        assertArrayEquals(new int[] {3, 1, 4}, items(m.recall(RecRequest.builder(3).build(), 3)), "no slot left: no back-fill");
        assertArrayEquals(new int[] {3, 1, 4, 2}, items(m.recall(RecRequest.builder(4).build(), 10)),
                "the caller shows 4: the voted 4 are enough, a ranker's 10 candidates are not padded with popular items");
        assertArrayEquals(new int[] {3, 1, 4, 2, 9}, items(m.recall(RecRequest.builder(5).build(), 10)));
        assertEquals(List.of("popular"), m.backfillNames());
        assertEquals(Map.of("a", 1.0, "b", 1.0), m.weights());
    }

    @Test
    void maxFusionDoesNotRewardRedundancy() {
        MultiChannelRecall.Builder b = MultiChannelRecall.builder().withTimeBudget(GENEROUS)
                .add(Answer.fixed("a", 1, 2, 3), 10, 1).add(Answer.fixed("b", 4, 3), 10, 1);
        assertArrayEquals(new int[] {3, 1, 4, 2}, items(b.build().recall(RecRequest.builder(4).build(), 4)));
        // MAX: 1 and 4 at 1/61 (tie at best position 0: channel a first), then 2 (1/62 in a) and 3 (1/62 in b): a tie at
        // best position 1, the channel added first wins -> 2 before 3; the two votes of 3 do not add up
        MultiChannelRecall max = b.withFusion(MultiChannelRecall.Fusion.MAX).build();
        assertArrayEquals(new int[] {1, 4, 2, 3}, items(max.recall(RecRequest.builder(4).build(), 4)));
        assertEquals(MultiChannelRecall.Fusion.MAX, max.fusion());
    }

    @Test
    void reweightedChangesWeightsAndDropsZeroWeightChannels() {
        MultiChannelRecall m = MultiChannelRecall.builder().withName("m").withTimeBudget(GENEROUS)
                .add(Answer.fixed("a", 1, 2), 10, 1).add(Answer.fixed("b", 3, 4), 10, 1)
                .addBackfill(Answer.fixed("p", 7), 10).build();
        MultiChannelRecall onlyB = m.reweighted(Map.of("a", 0.0, "b", 3.0), 5, MultiChannelRecall.Fusion.MAX);
        assertEquals(List.of("b", "p"), onlyB.channelNames());
        assertEquals(Map.of("b", 3.0), onlyB.weights());
        assertEquals(5, onlyB.rrfK());
        assertArrayEquals(new int[] {3, 4, 7}, items(onlyB.recall(RecRequest.builder(5).build(), 5)));
        assertEquals("m", onlyB.name());
        assertThrows(IllegalArgumentException.class, () -> m.reweighted(Map.of("p", 1.0), 60, MultiChannelRecall.Fusion.SUM),
                "a back-fill has no weight");
        assertThrows(IllegalArgumentException.class, () -> m.reweighted(Map.of("a", -1.0), 60, MultiChannelRecall.Fusion.SUM));
        assertThrows(IllegalArgumentException.class, () -> m.reweighted(Map.of("a", 0.0, "b", 0.0), 60,
                MultiChannelRecall.Fusion.SUM), "no voting channel left");
        assertThrows(IllegalArgumentException.class, () -> MultiChannelRecall.builder().addBackfill(Answer.fixed("p", 1), 3)
                .build(), "back-fill only");
    }

    /**
     * Planted validation cases: channel "good" returns the user's next item at position 0 for
     * 80 % of the cases, "noise" a random list of other items, "crowd" the same list for everyone (so that a large
     * crowd weight gives everyone the same items).
     */
    @Test
    void theSearchFindsTheInformativeChannelAndRespectsThePersonalisationCap() {
        Random rnd = new Random(3);
        int n = 200;
        List<RecRequest> requests = new ArrayList<>();
        int[] targets = new int[n];
        int[][] good = new int[n][];
        int[][] noise = new int[n][];
        for (int c = 0; c < n; c++) {
            targets[c] = 100 + rnd.nextInt(300);
            int[] g = new int[12];
            for (int p = 0; p < g.length; p++) {
                g[p] = 100 + rnd.nextInt(300);
            }
            if (rnd.nextDouble() < 0.8) {
                g[0] = targets[c];
            }
            good[c] = g;
            noise[c] = rnd.ints(12, 400, 700).toArray();   // never a target
            requests.add(RecRequest.builder(10).withUser(Integer.toString(c), c).build());
        }
        int[] crowd = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        MultiChannelRecall m = MultiChannelRecall.builder().withTimeBudget(GENEROUS)
                .add(new Answer("noise", r -> noise[r.userIndex()]), 12, 4)
                .add(new Answer("crowd", r -> crowd), 12, 4)
                .add(new Answer("good", r -> good[r.userIndex()]), 12, 0.5)
                .addBackfill(Answer.fixed("popular", crowd), 12)
                .build();
        ChannelWeightSearch.Result r = ChannelWeightSearch.builder(m).withThreads(2).withMaxJaccard(0.2).build()
                .search(requests, targets);
        assertTrue(r.hitRate() >= 0.8, r.toString());
        assertTrue(r.baseline() < 0.5, "the given weights favour noise and the crowd: " + r);
        assertTrue(r.weights().get("good") > r.weights().get("noise") && r.weights().get("good") > r.weights().get("crowd"),
                r.toString());
        assertTrue(r.capMet() && r.jaccard() <= 0.2, r.toString());
        assertEquals(200, r.cases());
        assertEquals((5 * 5 * 5 - 1) * 2 * 2, r.settings(), "weights^3 minus all-zero, x rrfK x fusion");
        // the chosen setting reproduces its validation hit rate through the merger's own call
        MultiChannelRecall tuned = r.applyTo(m);
        int hits = 0;
        for (int c = 0; c < n; c++) {
            int[] top = items(tuned.recall(requests.get(c), 10));
            for (int item : top) {
                hits += item == targets[c] ? 1 : 0;
            }
        }
        assertEquals(r.hitRate(), hits / (double) n, 1e-12);
        // with threads 1 the same answer
        assertEquals(r, ChannelWeightSearch.builder(m).withThreads(1).withMaxJaccard(0.2).build().search(requests, targets));
        // a cap no setting meets: the least similar setting, flagged
        ChannelWeightSearch.Result tight = ChannelWeightSearch.builder(m).withMaxJaccard(1e-9).withWeights(1)
                .withRrfKs(60).withFusions(MultiChannelRecall.Fusion.SUM).build().search(requests, targets);
        assertFalse(tight.capMet());
    }

    @Test
    void theSearchValidatesItsOptionsAndInputs() {
        MultiChannelRecall m = MultiChannelRecall.builder().add(Answer.fixed("a", 1), 3, 1).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChannelWeightSearch.builder(m).withWeights(0).build())
                .getMessage().startsWith("weights:"));
        assertThrows(IllegalArgumentException.class, () -> ChannelWeightSearch.builder(m).withWeights(1, 1).build());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChannelWeightSearch.builder(m).withMaxJaccard(0).build())
                .getMessage().startsWith("maxJaccard: 0"));
        assertThrows(IllegalArgumentException.class, () -> ChannelWeightSearch.builder(m).withCutoff(0).build());
        assertThrows(IllegalArgumentException.class, () -> ChannelWeightSearch.builder(m).withRrfKs().build());
        assertThrows(NullPointerException.class, () -> ChannelWeightSearch.builder(null).build());
        ChannelWeightSearch s = ChannelWeightSearch.builder(m).build();
        assertThrows(IllegalArgumentException.class, () -> s.search(List.of(), new int[0]));
        assertThrows(IllegalArgumentException.class, () -> s.search(List.of(RecRequest.builder(1).build()), new int[2]));
    }
}
