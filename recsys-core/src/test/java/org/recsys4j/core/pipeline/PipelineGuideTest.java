package org.recsys4j.core.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs the example of docs/pipeline.md ("your own channel and ranker in a pipeline"). */
class PipelineGuideTest {
    @Test
    void theGuidesSnippetRuns() {
        // --- docs/pipeline.md ---
        CandidateSource nextItems = new CandidateSource() {
            public String name() { return "next-items"; }
            public List<Candidate> recall(RecRequest r, int limit) {
                if (r.historySize() == 0) return List.of();
                int last = r.historyItem(r.historySize() - 1);
                List<Candidate> out = new ArrayList<>();
                for (int item = last + 1; item < 100 && out.size() < limit; item++) {
                    if (!r.excludes(item)) out.add(Candidate.of(item, name(), 1.0 / (item - last), out.size()));
                }
                return out;
            }
        };
        CandidateSource popular = new CandidateSource() {
            public String name() { return "popular"; }
            public List<Candidate> recall(RecRequest r, int limit) {
                List<Candidate> out = new ArrayList<>();
                for (int item : new int[] {7, 3, 12, 40, 41}) {
                    if (!r.excludes(item) && out.size() < limit) out.add(Candidate.of(item, name(), 5 - out.size(), out.size()));
                }
                return out;
            }
        };
        Ranker evenFirst = new Ranker() {
            public String name() { return "even-first"; }
            public void score(RecRequest r, CandidateBatch batch, double[] scores) {
                int[] items = batch.items();
                for (int i = 0; i < items.length; i++) scores[i] = (items[i] % 2 == 0 ? 1 : 0) - items[i] / 1000.0;
            }
        };

        try (Recommender rec = Recommender.builder("main", nextItems)
                .withRecallLimit(50)
                .withFallback(popular)
                .withRanking(RankingChain.of(evenFirst))
                .withBudget(Stage.RECALL, Duration.ofMillis(250))
                .withCache(10_000, Duration.ofMinutes(5))
                .build()) {
            RecRequest request = RecRequest.builder(3).withUser("42", 0).withHistory(new int[] {5, 10}).withHistoryExcluded(true).build();
            Recommendation r = rec.recommend(request);
            Recommendation cold = rec.recommend(RecRequest.builder(3).build());
            // --- end of the guide's code ---
            assertArrayEquals(new int[] {12, 14, 16}, r.itemIndices());
            assertEquals(List.of("next-items"), r.channels());
            assertEquals("even-first", r.ranker());
            assertArrayEquals(new int[] {12, 40, 3}, cold.itemIndices());
            assertEquals(Set.of(Stage.RECALL), cold.fallbacks());
            assertEquals(List.of("recall: next-items returned no candidates, used fallback popular"), cold.notes());
            assertEquals(true, rec.recommend(request).cached());
        }
    }
}
