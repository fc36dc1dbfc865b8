package org.recsys4j.examples.guide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RankingChain;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Recommendation;
import org.recsys4j.core.pipeline.Recommender;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.rank.cf.ScorerRanker;
import org.recsys4j.rank.seq.SasRec;
import org.recsys4j.rank.seq.SequenceModel;
import org.recsys4j.recall.channel.EmbeddingChannel;
import org.recsys4j.recall.index.HnswIndex;
import org.recsys4j.recall.index.Metric;
import org.recsys4j.recall.index.VectorIndex;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the code of docs/sequence-models.md ("In the pipeline") on generated data with planted clusters, so the guide
 * cannot rot: the sequence model as a recall channel and as a ranker, and the state after new feedback.
 */
class SequencePipelineGuideTest {
    @Test
    void theGuidesSnippetRuns(@TempDir Path dir) throws Exception {
        SyntheticMovieLens gen = SyntheticMovieLens.builder(240, 160, 12_000, 3).withClusters(4).withInClusterShare(0.9)
                .build();
        gen.writeLatestCsv(dir);
        MovieLensData ml = MovieLens.load(dir, LoadOptions.lenient());
        ItemCatalog catalog = ml.catalog();
        Interactions ratings = ml.ratings();

        // --- docs/sequence-models.md, "In the pipeline" ---
        SequenceModel sasrec = SasRec.builder().withDim(32).withMaxLength(50).withLearningRate(5e-3)
                .withMaxEpochs(20).withPatience(3).build().fit(ratings);

        // recall: the state after the request's history, searched by inner product over the item embeddings
        VectorIndex index = HnswIndex.builder(sasrec.itemEmbeddings(), Metric.INNER_PRODUCT).build();
        EmbeddingChannel recall = EmbeddingChannel.builder(index, catalog.items()).withName("sasrec")
                .withHistoryEncoder(sasrec).build();
        // ranking: the model's exact scores, from the history for every user (known users too)
        Ranker rank = ScorerRanker.builder("sasrec", sasrec.numItems())
                .withUnseenUsers(sasrec).withHistoryFirst(true).build();
        Recommender seq = Recommender.builder("sasrec", recall).withRecallLimit(100)
                .withRanking(RankingChain.of(rank)).build();

        int[] history = {catalog.items().indexOf(gen.movieId(0)), catalog.items().indexOf(gen.movieId(4)),
            catalog.items().indexOf(gen.movieId(8))};       // oldest first
        Recommendation rec = seq.recommend(RecRequest.builder(10).withUser("new", -1)
                .withHistory(history).withHistoryExcluded(true).build());

        // new feedback: the next request carries the longer history; its state is computed at once, nothing retrained
        int[] longer = Arrays.copyOf(history, history.length + 6);
        for (int j = 0; j < 6; j++) {
            longer[history.length + j] = catalog.items().indexOf(gen.movieId(2 + 4 * j));
        }
        Recommendation after = seq.recommend(RecRequest.builder(10).withUser("new", -1)
                .withHistory(longer).withHistoryExcluded(true).build());
        // --- end of the snippet ---

        assertEquals(10, rec.items().size(), rec.toString());
        assertEquals("sasrec", rec.ranker());
        Set<Integer> seen = new HashSet<>();
        for (int i : longer) {
            seen.add(i);
        }
        // three movies of cluster 0: the list is in cluster 0 far above chance (1 in 4)
        assertTrue(count(rec.items(), gen, 0) >= 7, "cluster 0: " + count(rec.items(), gen, 0) + " of 10");
        // then six of cluster 2, the latest: the list follows
        assertTrue(count(after.items(), gen, 2) >= 6, "cluster 2: " + count(after.items(), gen, 2) + " of 10");
        assertNotEquals(rec.items().stream().map(Candidate::item).toList(), after.items().stream().map(Candidate::item).toList());
        for (Candidate c : after.items()) {
            assertFalse(seen.contains(c.item()), "a history item came back: " + c);
        }
        // the channel's query is the model's state, and the ranker's scores are the model's
        float[] state = sasrec.stateOfIndices(longer);
        assertEquals(List.of(state.length), List.of(recall.userVector(RecRequest.builder(1).withHistory(longer).build())
                .orElseThrow().length));
        float[] scores = sasrec.scoresOfIndices(longer);
        assertEquals(scores[after.items().get(0).item()], after.items().get(0).score(), 1e-4);
        GuideSnippets.assertPageMatchesTest("../docs/sequence-models.md", SequencePipelineGuideTest.class,
                "## In the pipeline", null);
    }

    private static int count(List<Candidate> items, SyntheticMovieLens gen, int cluster) {
        int n = 0;
        for (Candidate c : items) {
            n += gen.itemCluster(c.item()) == cluster ? 1 : 0;
        }
        return n;
    }
}
