package org.recsys4j.examples.generic;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;
import org.recsys4j.core.eval.RankingReport;
import org.recsys4j.core.io.CatalogReader;
import org.recsys4j.core.io.EventLogReader;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.io.ValueRange;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensFormat;
import org.recsys4j.core.testing.SharedData;
import org.recsys4j.embedding.mf.ImplicitAls;
import org.recsys4j.embedding.mf.ImplicitAlsModel;
import org.recsys4j.embedding.seq.ItemSequences;
import org.recsys4j.embedding.word2vec.Word2Vec;
import org.recsys4j.embedding.word2vec.Word2VecModel;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15's "bit-identical single-thread models": ml-100k read through the generic path (EventLogReader and
 * CatalogReader with the MovieLens mappings, then an explicit Feedback policy) trains exactly the models that
 * {@link MovieLens#load} does: item2vec over the liked items' sequences and implicit ALS, one thread each, compared
 * float for float, and protocol S's figures of item2vec on ml-100k and ml-latest-small are the same case by case.
 * Skipped when ../shared is absent.
 */
class GenericPathModelsTest {

    @Test
    void ml100kThroughTheGenericPathTrainsBitIdenticalSingleThreadModels() throws Exception {
        Path dir = SharedData.dataSet("ml-100k");
        MovieLensFormat format = MovieLensFormat.ML_100K;
        Interactions loaded = MovieLens.load(dir).ratings();

        ItemCatalog catalog = CatalogReader.builder(MovieLens.catalogMapping(format)).build()
                .read(dir.resolve(format.itemsFile())).data();
        ValueRange range = format.defaultRatingRange();
        EventLog events = EventLogReader.builder(MovieLens.eventMapping(format))
                .withOptions(LoadOptions.strict().toBuilder().withValueRange(range.min(), range.max(), range.step()).build())
                .withKnownItems(catalog.items(), format.itemsFile())
                .build()
                .read(dir.resolve(format.ratingsFile())).data();
        Interactions generic = Feedback.allRatings().apply(events);

        // item2vec over each user's liked items (MovieLens' "liked": rating >= 3.5, stated here, not defaulted)
        ItemSequences liked = ItemSequences.builder().withThreshold(3.5).build();
        Word2Vec w2v = Word2Vec.builder().withDim(16).withEpochs(1).withThreads(1).withSeed(7).build();
        assertSameTable(w2v.fit(liked.from(loaded)).table(), w2v.fit(liked.from(generic)).table());

        // implicit ALS on the same liked interactions
        ImplicitAls als = ImplicitAls.builder().withFactors(8).withIterations(2).withThreads(1).withSeed(7).build();
        ImplicitAlsModel a = als.fit(Feedback.ratingsAtLeast(3.5).apply(events));
        ImplicitAlsModel b = als.fit(loaded.filter(k -> loaded.value(k) >= 3.5));
        assertSameTable(b.itemFactors(), a.itemFactors());
        assertSameTable(b.userFactors(), a.userFactors());
    }

    /** Reads a MovieLens directory through the generic readers: the interactions of {@code Feedback.allRatings()}. */
    private static Interactions readGenerically(Path dir, MovieLensFormat format, LoadOptions options) throws Exception {
        ItemCatalog catalog = CatalogReader.builder(MovieLens.catalogMapping(format)).withOptions(options).build()
                .read(dir.resolve(format.itemsFile())).data();
        ValueRange range = format.defaultRatingRange();
        EventLog events = EventLogReader.builder(MovieLens.eventMapping(format))
                .withOptions(options.toBuilder().withValueRange(range.min(), range.max(), range.step()).build())
                .withKnownItems(catalog.items(), format.itemsFile())
                .build()
                .read(dir.resolve(format.ratingsFile())).data();
        return Feedback.allRatings().apply(events);
    }

    /**
     * Protocol S (similar items) for item2vec, the embedding it is defined for: the same split, the same liked
     * sequences (rating >= 3.5, stated), one thread, so the same vectors and every test case's rank the same
     * through either path, on both sets.
     */
    @Test
    void protocolSOfItem2vecIsTheSameThroughEitherPathOnBothSets() throws Exception {
        Object[][] sets = {{"ml-100k", MovieLensFormat.ML_100K, LoadOptions.strict()},
                {"ml-latest-small", MovieLensFormat.LATEST_CSV, LoadOptions.lenient()}};
        RankingEvaluator evaluator = RankingEvaluator.builder().withThreads(2).build();
        ItemSequences liked = ItemSequences.builder().withThreshold(3.5).build();
        Word2Vec w2v = Word2Vec.builder().withDim(32).withEpochs(3).withThreads(1).withSeed(11).build();
        for (Object[] set : sets) {
            Path dir = SharedData.dataSet((String) set[0]);
            LoadOptions options = (LoadOptions) set[2];
            LeaveLastOutTask loaded = LeaveLastOutTask.of(MovieLens.load(dir, options).ratings());
            LeaveLastOutTask generic = LeaveLastOutTask.of(readGenerically(dir, (MovieLensFormat) set[1], options));
            Word2VecModel a = w2v.fit(liked.from(loaded.ratedTrain()));
            Word2VecModel b = w2v.fit(liked.from(generic.ratedTrain()));
            assertSameTable(a.table(), b.table());
            RankingReport expected = evaluator.similarItems(loaded, a.similarity());
            RankingReport actual = evaluator.similarItems(generic, b.similarity());
            String what = set[0] + ": " + actual;
            assertArrayEquals(expected.ranks(), actual.ranks(), what);
            assertEquals(expected.hitRate(10), actual.hitRate(10), 0.0, what);
            assertEquals(expected.ndcg(10), actual.ndcg(10), 0.0, what);
            assertEquals(expected.modelCoverage(), actual.modelCoverage(), 0.0, what);
            // a real model, not two equal empty ones: well above a random ranking's HR@10 (10 / items)
            double chance = 10.0 / generic.train().numItems();
            assertTrue(actual.hitRate(10) > 5 * chance, what + ", chance " + chance);
            assertTrue(actual.modelCoverage() > 0.3, what);
        }
    }

    private static void assertSameTable(EmbeddingTable expected, EmbeddingTable actual) {
        assertEquals(expected.ids(), actual.ids(), "ids, in row order");
        assertEquals(expected.dim(), actual.dim());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.vector(i), actual.vector(i), "row " + i + " (id " + expected.ids().id(i) + ")");
        }
    }
}
