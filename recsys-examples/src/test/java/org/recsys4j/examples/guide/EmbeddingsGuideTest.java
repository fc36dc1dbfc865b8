package org.recsys4j.examples.guide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.EmbeddingFormats;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.movielens.LoadOptions;
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
import org.recsys4j.embedding.seq.ItemSequences;
import org.recsys4j.embedding.seq.SequenceCorpus;
import org.recsys4j.embedding.user.UserVectors;
import org.recsys4j.embedding.word2vec.Word2Vec;
import org.recsys4j.embedding.word2vec.Word2VecModel;

import java.nio.file.Path;
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

        SequenceCorpus liked = ItemSequences.builder().minRating(3.5).build().from(task.ratedTrain());

        Word2VecModel item2vec = Word2Vec.builder()
                .dim(64).window(5).negative(5).epochs(10).threads(2).seed(42)
                .listener(p -> { })
                .build().fit(liked);
        assertEquals(10, item2vec.mostSimilar(1L, 10).size());
        EmbeddingTable items = item2vec.table();
        EmbeddingFormats.save(items, dir.resolve("item2vec.r4je"), EmbeddingFormats.Format.BINARY);

        ItemGraph graph = ItemGraph.fromSequences(liked);
        SequenceCorpus walks = DeepWalk.builder().walkLength(10).walksPerNode(10)
                .startBy(StartSelection.FREQUENCY).seed(42).threads(2).build().walks(graph);
        Word2VecModel deepWalk = Word2Vec.builder().dim(64).epochs(10).seed(42).build().fit(walks);
        SequenceCorpus n2vWalks = Node2Vec.builder().p(1).q(0.5).walkLength(10).walksPerNode(10)
                .seed(42).build().walks(graph);

        EmbeddingTable users = UserVectors.builder().weighting(UserVectors.Weighting.MEAN).build()
                .compute(task.ratedTrain(), items);
        Optional<float[]> newUser = UserVectors.builder().build().fromHistory(items, 1L, 50L, 260L);

        ImplicitAlsModel ials = ImplicitAls.builder().withFactors(64).withRegularization(0.1).withAlpha(10)
                .withIterations(15).withThreads(2).build().fit(task.train());
        EmbeddingTable itemFactors = ials.itemFactors();
        AlsModel als = Als.builder().build().fit(ml.ratings());
        // --- end of the guide's code ---

        EmbeddingTable back = EmbeddingFormats.load(dir.resolve("item2vec.r4je"), EmbeddingFormats.Format.BINARY);
        assertEquals(items.size(), back.size());
        assertArrayEquals(items.vector(0), back.vector(0));
        assertEquals(1441, items.size()); // the distinct items of the liked sequences
        assertTrue(deepWalk.numVectors() > 1400, "DeepWalk vectors " + deepWalk.numVectors()); // of 1441 liked items
        assertTrue(n2vWalks.numSequences() > 0);
        assertEquals(942, users.size());  // one user has no train rating >= 3.5
        assertTrue(newUser.isPresent());
        assertEquals(1682, itemFactors.size());
        double[] r = new double[1];
        als.predict(new int[] {0}, new int[] {0}, r);
        assertTrue(r[0] >= 1 && r[0] <= 5, "prediction " + r[0]);
    }
}
