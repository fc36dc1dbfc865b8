package org.recsys4j.core.movielens;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.baseline.ItemKnn;
import org.recsys4j.core.baseline.ItemPop;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.FeedbackReport;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemAttribute;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;
import org.recsys4j.core.eval.RankingReport;
import org.recsys4j.core.io.CatalogReader;
import org.recsys4j.core.io.EventLogReader;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.io.LoadReport;
import org.recsys4j.core.io.Loaded;
import org.recsys4j.core.io.SkipReason;
import org.recsys4j.core.io.ValueRange;
import org.recsys4j.core.testing.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * MovieLens is one mapping among others: ml-latest-small and ml-100k read through the generic path
 * (EventLogReader with {@link MovieLens#eventMapping}, {@code Feedback.allRatings()}, CatalogReader with
 * {@link MovieLens#catalogMapping} and {@link MovieLens#linksMapping}) give exactly the interactions (ids, row
 * order, values, timestamps) and catalogue attributes of {@link MovieLens#load}, and so the same protocol T and S
 * figures, case by case. Skipped when ../shared is absent.
 */
class GenericPathEquivalenceTest {

    /** The generic path's result for a MovieLens directory. */
    private record Generic(ItemCatalog catalog, Loaded<EventLog> events, Feedback.Result feedback) {
    }

    private static Generic readGenerically(Path dir, MovieLensFormat format, LoadOptions options) throws IOException {
        ItemCatalog catalog = CatalogReader.builder(MovieLens.catalogMapping(format)).withOptions(options).build()
                .read(dir.resolve(format.itemsFile())).data();
        Path links = dir.resolve("links.csv");
        if (format == MovieLensFormat.LATEST_CSV && Files.isRegularFile(links)) {
            catalog = CatalogReader.builder(MovieLens.linksMapping()).withOptions(options).build().join(catalog, links)
                    .data();
        }
        ValueRange range = format.defaultRatingRange();
        Loaded<EventLog> events = EventLogReader.builder(MovieLens.eventMapping(format))
                .withOptions(options.toBuilder().withValueRange(range.min(), range.max(), range.step()).build())
                .withKnownItems(catalog.items(), format.itemsFile())
                .build()
                .read(dir.resolve(format.ratingsFile()));
        return new Generic(catalog, events, Feedback.allRatings().applyWithReport(events.data()));
    }

    private static void assertSameInteractions(Interactions expected, Interactions actual) {
        assertEquals(expected.users(), actual.users(), "user ids, in index order");
        assertEquals(expected.items(), actual.items(), "item ids, in index order");
        assertEquals(expected.size(), actual.size());
        assertArrayEquals(expected.userColumn(), actual.userColumn(), "users, row by row");
        assertArrayEquals(expected.itemColumn(), actual.itemColumn(), "items, row by row");
        assertArrayEquals(expected.valueColumn(), actual.valueColumn(), "values, row by row");
        assertArrayEquals(expected.timestampColumn(), actual.timestampColumn(), "timestamps, row by row");
    }

    private static void assertSameAttributes(ItemCatalog expected, ItemCatalog actual) {
        assertEquals(expected.items(), actual.items());
        List<String> names = expected.attributes().stream().map(ItemAttribute::name).toList();
        assertEquals(names, actual.attributes().stream().map(ItemAttribute::name).toList());
        for (String name : names) {
            assertEquals(expected.attribute(name).orElseThrow(), actual.attribute(name).orElseThrow(), name);
        }
        for (int i = 0; i < expected.size(); i++) {   // and through the MovieLens view
            assertEquals(expected.title(i), actual.title(i));
            assertEquals(expected.year(i), actual.year(i));
            assertEquals(expected.genreNames(i), actual.genreNames(i));
            assertEquals(expected.imdbId(i), actual.imdbId(i));
            assertEquals(expected.tmdbId(i), actual.tmdbId(i));
            assertEquals(expected.imdbUrl(i), actual.imdbUrl(i));
        }
    }

    @Test
    void mlLatestSmallGivesTheSameInteractionsAndCatalogue() throws Exception {
        Path dir = SharedData.dataSet("ml-latest-small");
        MovieLensData ml = MovieLens.load(dir, LoadOptions.lenient());
        Generic g = readGenerically(dir, MovieLensFormat.LATEST_CSV, LoadOptions.lenient());

        assertSameInteractions(ml.ratings(), g.feedback().interactions());
        assertSameAttributes(ml.catalog(), g.catalog());
        assertEquals(List.of("title", "genres", "year", "imdbId", "tmdbId"),
                g.catalog().attributes().stream().map(ItemAttribute::name).toList());
        assertEquals(100_836, g.feedback().interactions().size());
        // the same rows read, kept and skipped, for the same reason
        LoadReport.FileReport expected = ml.report().file("ratings.csv").orElseThrow();
        LoadReport.FileReport actual = g.events().report().file("ratings.csv").orElseThrow();
        assertEquals(expected.rowsRead(), actual.rowsRead());
        assertEquals(expected.rowsKept(), actual.rowsKept());
        assertEquals(expected.examples(SkipReason.UNKNOWN_ITEM), actual.examples(SkipReason.UNKNOWN_ITEM));
        // "all ratings" keeps every event: nothing dropped or combined
        FeedbackReport f = g.feedback().report();
        assertEquals(100_836, f.eventsIn());
        assertEquals(0, f.eventsDropped());
        assertEquals(0, f.combined());
        assertFalse(g.events().data().hasTypes());
    }

    @Test
    void ml100kGivesTheSameInteractionsAndCatalogue() throws Exception {
        Path dir = SharedData.dataSet("ml-100k");
        MovieLensData ml = MovieLens.load(dir);   // strict: ml-100k is clean
        Generic g = readGenerically(dir, MovieLensFormat.ML_100K, LoadOptions.strict());

        assertSameInteractions(ml.ratings(), g.feedback().interactions());
        assertSameAttributes(ml.catalog(), g.catalog());
        assertEquals(List.of("title", "genres", "year", "imdbUrl"),
                g.catalog().attributes().stream().map(ItemAttribute::name).toList());
        assertEquals(18, g.catalog().genreVocabulary().size());   // the unknown flag is no genre
        assertEquals(100_000, g.feedback().interactions().size());
        assertEquals(943, g.feedback().interactions().numUsers());
    }

    @Test
    void protocolTGivesTheSameFiguresThroughEitherPath() throws Exception {
        Path dir = SharedData.dataSet("ml-100k");
        LeaveLastOutTask loaded = LeaveLastOutTask.of(MovieLens.load(dir).ratings());
        LeaveLastOutTask generic = LeaveLastOutTask.of(readGenerically(dir, MovieLensFormat.ML_100K, LoadOptions.strict())
                .feedback().interactions());
        RankingEvaluator evaluator = RankingEvaluator.builder().withThreads(1).build();
        RankingReport pop = evaluator.topN(generic, ItemPop.create().fit(generic.train()));
        assertEquals(47, pop.hits(10));   // protocol T's known answer for ItemPop on ml-100k
        assertArrayEquals(evaluator.topN(loaded, ItemPop.create().fit(loaded.train())).ranks(), pop.ranks());
        RankingReport knn = evaluator.topN(generic, ItemKnn.builder().withThreads(1).build().fit(generic.train()));
        // every test case's rank is the same, so every figure is
        assertArrayEquals(evaluator.topN(loaded, ItemKnn.builder().withThreads(1).build().fit(loaded.train())).ranks(),
                knn.ranks());
        assertEquals(0.0594, knn.hitRate(10), 5e-5);
    }

    @Test
    void protocolSGivesTheSameFiguresThroughEitherPathOnBothSets() throws Exception {
        // anchor floor of protocol S (ItemKNN, ties in the test item's favour, ProtocolSAndRTest): HR@10, NDCG@10
        Object[][] sets = {{"ml-100k", MovieLensFormat.ML_100K, LoadOptions.strict(), 0.1453, 0.0745},
                {"ml-latest-small", MovieLensFormat.LATEST_CSV, LoadOptions.lenient(), 0.1016, 0.0656}};
        RankingEvaluator evaluator = RankingEvaluator.builder().withThreads(1).build();
        for (Object[] set : sets) {
            Path dir = SharedData.dataSet((String) set[0]);
            LoadOptions options = (LoadOptions) set[2];
            LeaveLastOutTask loaded = LeaveLastOutTask.of(MovieLens.load(dir, options).ratings());
            LeaveLastOutTask generic = LeaveLastOutTask.of(readGenerically(dir, (MovieLensFormat) set[1], options)
                    .feedback().interactions());
            RankingReport expected = evaluator.similarItems(loaded, ItemKnn.builder().withThreads(1).build()
                    .fit(loaded.train()));
            RankingReport actual = evaluator.similarItems(generic, ItemKnn.builder().withThreads(1).build()
                    .fit(generic.train()));
            String what = set[0] + ": " + actual;
            assertEquals("S", actual.protocol(), what);
            assertEquals(expected.cases(), actual.cases(), what);
            // every case's rank, under both tie rules, is the same, so every figure of protocol S is
            assertArrayEquals(expected.ranks(), actual.ranks(), what);
            assertArrayEquals(expected.favourableTieRanks(), actual.favourableTieRanks(), what);
            for (int k : new int[] {10, 20}) {
                assertEquals(expected.hitRate(k), actual.hitRate(k), 0.0, what);
                assertEquals(expected.ndcg(k), actual.ndcg(k), 0.0, what);
            }
            assertEquals(expected.mrr(), actual.mrr(), 0.0, what);
            assertEquals(expected.modelCoverage(), actual.modelCoverage(), 0.0, what);
            assertEquals(expected.catalogueCoverage(), actual.catalogueCoverage(), 0.0, what);
            // and they are protocol S's known figures, not two equal wrong ones
            assertEquals((double) set[3], actual.hitRateFavourableTies(10), 0.0017, what);
            assertEquals((double) set[4], actual.ndcgFavourableTies(10), 0.0017, what);
        }
    }

    @Test
    void ratingsAtLeastIsTheLikedFilterOfTheSameRatings() throws Exception {
        Path dir = SharedData.dataSet("ml-latest-small");
        Interactions all = MovieLens.load(dir, LoadOptions.lenient()).ratings();
        Generic g = readGenerically(dir, MovieLensFormat.LATEST_CSV, LoadOptions.lenient());
        Feedback.Result liked = Feedback.ratingsAtLeast(3.5).applyWithReport(g.events().data());
        // the same rows, in the same order, as filtering the loaded ratings by value
        assertSameInteractions(all.filter(k -> all.value(k) >= 3.5f), liked.interactions());
        assertEquals(all.size() - liked.interactions().size(), liked.report().dropped(FeedbackReport.DropReason.BELOW_THRESHOLD));
    }
}
