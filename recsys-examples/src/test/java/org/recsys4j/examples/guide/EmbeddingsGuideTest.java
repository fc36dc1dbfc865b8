package org.recsys4j.examples.guide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.EmbeddingFormats;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.testing.SharedData;
import org.recsys4j.embedding.graph.DeepWalk;
import org.recsys4j.embedding.graph.ItemGraph;
import org.recsys4j.embedding.graph.Node2Vec;
import org.recsys4j.embedding.graph.StartSelection;
import org.recsys4j.embedding.mf.Als;
import org.recsys4j.embedding.mf.AlsModel;
import org.recsys4j.embedding.mf.ImplicitAls;
import org.recsys4j.embedding.mf.ImplicitAlsModel;
import org.recsys4j.embedding.projection.Pca;
import org.recsys4j.embedding.projection.PcaModel;
import org.recsys4j.embedding.projection.TSne;
import org.recsys4j.embedding.seq.ItemSequences;
import org.recsys4j.embedding.seq.SequenceCorpus;
import org.recsys4j.embedding.user.UserVectors;
import org.recsys4j.embedding.word2vec.Word2Vec;
import org.recsys4j.embedding.word2vec.Word2VecModel;

import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the code of docs/embeddings.md ("From ratings to item vectors") so the guide cannot rot. */
class EmbeddingsGuideTest {
    @Test
    void theGuidesSnippetRuns(@TempDir Path dir) throws Exception {
        Path data = SharedData.dataSet("ml-100k");
        // --- docs/embeddings.md, with the file path and printing adapted ---
        MovieLensData ml = MovieLens.load(data, LoadOptions.lenient());
        LeaveLastOutTask task = LeaveLastOutTask.of(ml.ratings());

        SequenceCorpus liked = ItemSequences.builder().withThreshold(3.5).build().from(task.ratedTrain());

        Word2VecModel item2vec = Word2Vec.builder()
                .withDim(64).withWindow(5).withNegative(5).withEpochs(10).withThreads(2).withSeed(42)
                .withListener(p -> { })
                .build().fit(liked);
        assertEquals(10, item2vec.mostSimilar(1L, 10).size());
        Optional<float[]> toyStory = item2vec.vector(1L);   // by external id; vectorAt(index) by vocabulary index
        assertArrayEquals(item2vec.vectorAt(item2vec.vocabulary().indexOf(1L)), toyStory.orElseThrow());
        EmbeddingTable items = item2vec.table();
        EmbeddingFormats.save(items, dir.resolve("item2vec.r4je"), EmbeddingFormats.Format.BINARY);

        ItemGraph graph = ItemGraph.fromSequences(liked);
        SequenceCorpus walks = DeepWalk.builder().withWalkLength(10).withWalksPerNode(10)
                .withStartBy(StartSelection.FREQUENCY).withSeed(42).withThreads(2).build().walks(graph);
        Word2VecModel deepWalk = Word2Vec.builder().withDim(64).withEpochs(10).withSeed(42).build().fit(walks);
        SequenceCorpus n2vWalks = Node2Vec.builder().withP(1).withQ(0.5).withWalkLength(10).withWalksPerNode(10)
                .withSeed(42).build().walks(graph);
        ItemGraph served = ItemGraph.sequenceBuilder(liked).withWindow(5).withBothDirections(true)
                .withWeighting(org.recsys4j.embedding.graph.EdgeWeighting.PPMI).withMinSupport(5).build();
        Word2VecModel centred = item2vec.postProcessed(true, 0);
        int rare = 0;
        for (int u = 0; u < graph.numNodes(); u++) {
            rare += graph.outDegree(u) > 0 && served.outDegree(u) == 0 ? 1 : 0;
        }
        assertTrue(rare > 0, "items liked fewer than 5 times leave the served graph");
        assertEquals(item2vec.numVectors(), centred.numVectors());

        UserVectors.Result users = UserVectors.builder().withWeighting(UserVectors.Weighting.MEAN).withThreshold(3.5)
                .build().compute(task.ratedTrain(), items);
        assertTrue(users.summary().startsWith("vectors for 942 of 943 users; 1 without one (0 without interactions)"),
                users.summary());   // System.out.println(users.summary()) in the guide
        Optional<float[]> newUser = UserVectors.builder().build().fromHistory(items, 1L, 50L, 260L);

        ImplicitAlsModel ials = ImplicitAls.builder().withFactors(64).withRegularization(0.1).withAlpha(10)
                .withIterations(15).withThreads(2).build().fit(task.train());
        EmbeddingTable itemFactors = ials.itemFactors();
        AlsModel als = Als.builder().build().fit(ml.ratings());
        // --- end of the guide's code ---

        // --- docs/embeddings.md, "Projecting to 2-D: PCA and t-SNE" ---
        PcaModel pca = Pca.builder().withComponents(2).withUnitRows(true).build().fit(items);
        float[] xy = pca.project(items);                    // row i at xy[2i], xy[2i + 1]
        double[] kept = pca.explainedVarianceRatio();       // the share of the variance on each axis
        double[] axis = pca.axis(0);                        // a unit vector, largest component positive

        int[] first500 = IntStream.range(0, 500).toArray();  // e.g. the rows of the most-rated movies
        TSne.Result map = TSne.builder().withPerplexity(30).withUnitRows(true).withThreads(2).build()
                .fit(items, first500);
        float[] layout = map.coordinates();                 // first500[p] at layout[2p], layout[2p + 1]
        double kl = map.klDivergence();                     // the objective: lower is more faithful
        // --- end of the projection code ---

        assertEquals(2 * items.size(), xy.length);
        assertTrue(kept[0] >= kept[1] && kept[1] > 0 && kept[0] + kept[1] <= 1, "ratios " + kept[0] + ", " + kept[1]);
        assertEquals(1, java.util.Arrays.stream(axis).map(a -> a * a).sum(), 1e-9);
        assertEquals(1000, layout.length);
        assertTrue(kl > 0 && kl < 5, "KL divergence " + kl);

        EmbeddingTable back = EmbeddingFormats.load(dir.resolve("item2vec.r4je"), EmbeddingFormats.Format.BINARY);
        assertEquals(items.size(), back.size());
        assertArrayEquals(items.vector(0), back.vector(0));
        assertEquals(1441, items.size()); // the distinct items of the liked sequences
        assertTrue(deepWalk.numVectors() > 1400, "DeepWalk vectors " + deepWalk.numVectors()); // of 1441 liked items
        assertTrue(n2vWalks.numSequences() > 0);
        assertEquals(942, users.vectors().size());  // one user has no train rating >= 3.5
        assertEquals(1, users.usersWithInteractionsWithoutVector());
        assertTrue(newUser.isPresent());
        assertEquals(1682, itemFactors.size());
        double[] r = new double[1];
        als.predict(new int[] {0}, new int[] {0}, r);
        assertTrue(r[0] >= 1 && r[0] <= 5, "prediction " + r[0]);
    }
}
