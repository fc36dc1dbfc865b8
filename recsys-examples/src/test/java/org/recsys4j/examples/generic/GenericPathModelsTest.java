package org.recsys4j.examples.generic;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
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

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 15's "bit-identical single-thread models": ml-100k read through the generic path (EventLogReader and
 * CatalogReader with the MovieLens mappings, then an explicit Feedback policy) trains exactly the models that
 * {@link MovieLens#load} does: item2vec over the liked items' sequences and implicit ALS, one thread each, compared
 * float for float. Skipped when ../shared is absent.
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

    private static void assertSameTable(EmbeddingTable expected, EmbeddingTable actual) {
        assertEquals(expected.ids(), actual.ids(), "ids, in row order");
        assertEquals(expected.dim(), actual.dim());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.vector(i), actual.vector(i), "row " + i + " (id " + expected.ids().id(i) + ")");
        }
    }
}
