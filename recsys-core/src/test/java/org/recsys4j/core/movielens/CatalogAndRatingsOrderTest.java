package org.recsys4j.core.movielens;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.io.LoadReport;
import org.recsys4j.core.io.SkipReason;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Links and tags are read while the ratings are parsed; errors and reports must still come out as
 * if the files were read one after another.
 */
class CatalogAndRatingsOrderTest {

    private static Path folder(Path dir) throws Exception {
        Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n1,A (1999),Drama\n2,B (2001),Comedy\n");
        Files.writeString(dir.resolve("links.csv"), "movieId,imdbId,tmdbId\n1,0114709,862\n2,x,9\n");
        Files.writeString(dir.resolve("tags.csv"), "userId,movieId,tag,timestamp\n1,1,funny,5\n1,7,lost,6\n");
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,10\n1,2,9.0,11\n2,1,3.0,12\n");
        return dir;
    }

    @Test
    void strictModeReportsTheCatalogueErrorEvenWhenTheRatingsAlsoHaveOne(@TempDir Path dir) throws Exception {
        for (int run = 0; run < 20; run++) { // the two files are read concurrently: the outcome must not vary
            DataFileException e = assertThrows(DataFileException.class,
                    () -> MovieLens.load(folder(dir), LoadOptions.strict()));
            assertEquals("links.csv", e.file());
            assertEquals(3, e.line());
            assertEquals("imdbId", e.field());
        }
    }

    @Test
    void lenientReportsKeepFileOrderAndTheCatalogueSharesTheRatingsIndex(@TempDir Path dir) throws Exception {
        MovieLensData d = MovieLens.load(folder(dir), LoadOptions.lenient());
        List<String> names = d.report().files().stream().map(LoadReport.FileReport::file).toList();
        assertEquals(List.of("movies.csv", "links.csv", "tags.csv", "ratings.csv"), names);
        assertEquals(1, d.report().skipped(SkipReason.MALFORMED));
        assertEquals(1, d.report().skipped(SkipReason.UNKNOWN_ITEM));
        assertEquals(1, d.report().skipped(SkipReason.OUT_OF_RANGE));
        assertSame(d.catalog().items(), d.ratings().items());
        assertEquals(1, d.catalog().tags(0).size());
        assertEquals(862L, d.catalog().tmdbId(0).getAsLong());
        assertEquals(2, d.ratings().size());
    }
}
