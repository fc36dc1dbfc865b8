package org.recsys4j.core.movielens;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.io.LoadReport;
import org.recsys4j.core.io.SkipReason;
import org.recsys4j.core.io.internal.FileTally;
import org.recsys4j.core.testing.SharedData;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loads the real MovieLens copies in ../shared/data (skipped when absent) and checks known answers. */
class MovieLensSharedDataTest {

    @Test
    void mlLatestSmallLenientDropsTheUnknownLastRow() throws Exception {
        Path dir = SharedData.dataSet("ml-latest-small");
        assertEquals(MovieLensFormat.LATEST_CSV, MovieLens.detect(dir));
        MovieLensData ml = MovieLens.load(dir, LoadOptions.lenient());
        Interactions r = ml.ratings();
        ItemCatalog c = ml.catalog();
        assertSame(c.items(), r.items());
        assertEquals(610, r.numUsers());
        assertEquals(9742, c.size());
        assertEquals(9724, r.activeItems());
        assertEquals(100836, r.size());
        assertTrue(r.users().isSorted());
        assertTrue(c.items().isSorted());

        LoadReport report = ml.report();
        assertEquals(1, report.skipped());
        assertEquals(1, report.skipped(SkipReason.UNKNOWN_ITEM));
        LoadReport.FileReport ratings = report.file("ratings.csv").orElseThrow();
        assertEquals(100837, ratings.rowsRead());
        assertEquals(100836, ratings.rowsKept());
        assertEquals(List.of("ratings.csv:100838: movieId=999999: item not in movies.csv"),
                ratings.examples(SkipReason.UNKNOWN_ITEM));
        assertTrue(report.summary().contains("UNKNOWN_ITEM ratings.csv:100838"), report.summary());

        // first row: 1,1,4.0,964982703 ; rows keep file order
        assertEquals(1, r.users().longId(r.user(0)));
        assertEquals(1, r.items().longId(r.item(0)));
        assertEquals(4.0f, r.value(0));
        assertEquals(964982703L, r.timestamp(0));
        // last kept row: 610,170875,3.0,1493846415
        int last = r.size() - 1;
        assertEquals(610, r.users().longId(r.user(last)));
        assertEquals(170875, r.items().longId(r.item(last)));
        assertEquals(3.0f, r.value(last));
        assertEquals(1493846415L, r.timestamp(last));
    }

    @Test
    void mlLatestSmallStrictNamesLine100838() throws Exception {
        Path dir = SharedData.dataSet("ml-latest-small");
        DataFileException e = assertThrows(DataFileException.class, () -> MovieLens.load(dir));
        assertEquals("ratings.csv:100838: movieId=999999: item not in movies.csv", e.getMessage());
        assertEquals("ratings.csv", e.file());
        assertEquals(100838, e.line());
        assertEquals("movieId", e.field());
        assertEquals("999999", e.value());
    }

    @Test
    void mlLatestSmallCatalogue() throws Exception {
        ItemCatalog c = MovieLens.load(SharedData.dataSet("ml-latest-small"), LoadOptions.lenient()).catalog();
        int noYear = 0;
        for (int i = 0; i < c.size(); i++) {
            if (c.year(i).isEmpty()) {
                noYear++;
            }
        }
        assertEquals(13, noYear);
        int toy = c.items().indexOf(1);
        assertEquals("Toy Story (1995)", c.title(toy));
        assertEquals(OptionalInt.of(1995), c.year(toy));
        assertEquals(List.of("Adventure", "Animation", "Children", "Comedy", "Fantasy"), c.genreNames(toy));
        assertEquals("0114709", c.imdbId(toy).orElseThrow());
        assertEquals(OptionalLong.of(862), c.tmdbId(toy));
        // a title with a comma, and one with quotes
        assertEquals("American President, The (1995)", c.title(c.items().indexOf(11)));
        assertEquals("11'09\"01 - September 11 (2002)", c.title(c.items().indexOf(7789)));
        assertEquals(19, c.genreVocabulary().size());   // 18 genres + IMAX; (no genres listed) is not one
        assertFalse(c.genreVocabulary().contains("(no genres listed)"));
        assertEquals(3683, c.tagCount());
        int tagged = c.items().indexOf(60756);
        assertEquals(new ItemCatalog.Tag(2, "funny", 1445714994L), c.tags(tagged).get(0));
    }

    @Test
    void ml100k() throws Exception {
        Path dir = SharedData.dataSet("ml-100k");
        assertEquals(MovieLensFormat.ML_100K, MovieLens.detect(dir));
        MovieLensData ml = MovieLens.load(dir);
        assertEquals(943, ml.ratings().numUsers());
        assertEquals(1682, ml.catalog().size());
        assertEquals(100000, ml.ratings().size());
        assertEquals(0, ml.report().skipped());
        List<String> vocab = ml.catalog().genreVocabulary();
        // u.genre lists 19 flags; "unknown" is ignored (protocol-c.md), leaving 18 genres
        assertEquals(18, vocab.size());
        assertTrue(vocab.contains("Children's"));
        assertFalse(vocab.contains("unknown"));
        assertEquals(19, ml.report().file("u.genre").orElseThrow().rowsKept());
        ItemCatalog c = ml.catalog();
        int unknown = c.items().indexOf(267);
        assertEquals("unknown", c.title(unknown));
        assertTrue(c.year(unknown).isEmpty());
        assertEquals(List.of(), c.genreNames(unknown));
        assertTrue(c.imdbUrl(unknown).isEmpty());
        int toy = c.items().indexOf(1);
        assertEquals(List.of("Animation", "Children's", "Comedy"), c.genreNames(toy));
        assertEquals("http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)", c.imdbUrl(toy).orElseThrow());
        // first row of u.data: 196 242 3 881250949
        Interactions r = ml.ratings();
        assertEquals(196, r.users().longId(r.user(0)));
        assertEquals(242, r.items().longId(r.item(0)));
        assertEquals(3f, r.value(0));
        assertEquals(881250949L, r.timestamp(0));
    }

    @Test
    void ml25mMoviesCatalogueParsesStrictly() throws Exception {
        Path file = SharedData.dataSet("ml-25m-movies").resolve("movies.csv");
        ItemCatalog.Builder b = ItemCatalog.builder();
        FileTally t = CatalogReaders.readMoviesCsv(file, b, false);
        assertEquals(62423, b.build().size());
        assertEquals(62423, t.rowsKept);
    }
}
