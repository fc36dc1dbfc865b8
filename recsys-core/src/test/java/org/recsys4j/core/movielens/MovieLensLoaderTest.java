package org.recsys4j.core.movielens;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.io.LoadReport;
import org.recsys4j.core.io.SkipReason;
import org.recsys4j.core.io.TooFewRowsKeptException;
import org.recsys4j.core.io.ValueRange;
import org.recsys4j.core.io.internal.FileTally;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-made MovieLens files in a temporary directory: known answers and every kind of bad input. */
class MovieLensLoaderTest {
    private static final String MOVIES = "movieId,title,genres\n"
            + "1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy\n"
            + "2,\"American President, The (1995)\",Comedy|Drama|Romance\n"
            + "3,\"11'09\"\"01 - September 11 (2002)\",Drama\n"
            + "4,Babylon 5,(no genres listed)\n"
            + "5,Death Note: Desu nôto (2006–2007),Animation\n";
    private static final String HEADER = "userId,movieId,rating,timestamp\n";

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** Writes movies.csv and ratings.csv (header + rows) and loads strictly, expecting a DataFileException. */
    private DataFileException strictError(String ratingRows) throws IOException {
        write("movies.csv", MOVIES);
        write("ratings.csv", HEADER + ratingRows);
        return assertThrows(DataFileException.class, () -> MovieLens.load(dir));
    }

    private MovieLensData lenient(String ratingRows) throws IOException {
        write("movies.csv", MOVIES);
        write("ratings.csv", HEADER + ratingRows);
        return MovieLens.load(dir, ANY_KEPT);
    }

    /** Lenient options that keep any file with at least one usable row: for tests that count skips of mostly bad files. */
    private static final LoadOptions ANY_KEPT = LoadOptions.builder().withMode(LoadOptions.Mode.LENIENT).withMinKeptFraction(0).build();

    private static void assertError(DataFileException e, String file, long line, String field, String value) {
        assertEquals(file, e.file(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(value, e.value(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ":" + line + ": " + field + "=" + value + ": "), e.getMessage());
    }

    // ------------------------------------------------------------------ known answers

    @Test
    void latestCsvKnownAnswers() throws IOException {
        write("movies.csv", MOVIES);
        write("links.csv", "movieId,imdbId,tmdbId\n1,0114709,862\n2,0112346,\n");
        write("tags.csv", "userId,movieId,tag,timestamp\n2,1,\"funny, \"\"really\"\"\",1445714994\n2,1,Pixar,1445714996\n");
        write("ratings.csv", HEADER + "3,1,4.0,964982703\n1,2,3.5,964981247\n1,1,5,964982224\n");
        MovieLensData ml = MovieLens.load(dir);
        assertEquals(MovieLensFormat.LATEST_CSV, ml.format());
        ItemCatalog c = ml.catalog();
        Interactions r = ml.ratings();
        assertSame(c.items(), r.items());
        assertArrayEquals(new long[] {1, 2, 3, 4, 5}, c.items().longIds());
        assertArrayEquals(new long[] {1, 3}, r.users().longIds());
        assertEquals(3, r.size());
        // file order kept; user 3 has index 1
        assertEquals(1, r.user(0));
        assertEquals(0, r.item(0));
        assertEquals(4.0f, r.value(0));
        assertEquals(964982703L, r.timestamp(0));
        assertEquals(3.5f, r.value(1));
        assertEquals(5f, r.value(2));

        assertEquals("American President, The (1995)", c.title(1));
        assertEquals("11'09\"01 - September 11 (2002)", c.title(2));
        assertEquals(OptionalInt.of(2002), c.year(2));
        assertEquals(OptionalInt.empty(), c.year(3));
        assertEquals(OptionalInt.empty(), c.year(4));
        assertEquals(List.of(), c.genreNames(3));
        assertEquals(0, c.genres(3).length);
        assertEquals(List.of("Adventure", "Animation", "Children", "Comedy", "Drama", "Fantasy", "Romance"),
                c.genreVocabulary());
        assertArrayEquals(new int[] {0, 1, 2, 3, 5}, c.genres(0));
        assertEquals("0114709", c.imdbId(0).orElseThrow());
        assertEquals(OptionalLong.of(862), c.tmdbId(0));
        assertEquals("0112346", c.imdbId(1).orElseThrow());
        assertEquals(OptionalLong.empty(), c.tmdbId(1));
        assertTrue(c.imdbId(2).isEmpty());
        assertEquals(List.of(new ItemCatalog.Tag(2, "funny, \"really\"", 1445714994L),
                new ItemCatalog.Tag(2, "Pixar", 1445714996L)), c.tags(0));
        assertEquals(List.of(), c.tags(1));

        LoadReport report = ml.report();
        assertEquals(0, report.skipped());
        assertEquals(List.of("movies.csv", "links.csv", "tags.csv", "ratings.csv"),
                report.files().stream().map(LoadReport.FileReport::file).toList());
        assertEquals(3, report.file("ratings.csv").orElseThrow().rowsRead());
    }

    @Test
    void bomCrlfMissingFinalNewlineAndBlankLinesAreFine() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        write("movies.csv", concat(bom, MOVIES.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
        write("ratings.csv", concat(bom, (HEADER + "1,1,4.0,10\n\n2,2,3.0,11\n1,3,0.5,12\n\n\n").replace("\n", "\r\n")
                .getBytes(StandardCharsets.UTF_8)));
        MovieLensData ml = MovieLens.load(dir);
        assertEquals(3, ml.ratings().size());
        assertEquals(5, ml.catalog().size());
        assertEquals("American President, The (1995)", ml.catalog().title(1));

        write("ratings.csv", HEADER + "1,1,4.0,10\n2,2,3.0,11");   // no final newline
        ml = MovieLens.load(dir);
        assertEquals(2, ml.ratings().size());
        assertEquals(11L, ml.ratings().timestamp(1));
        // a blank line in the middle does not shift the line numbers of later rows
        DataFileException e = strictError("1,1,4.0,10\n\n\n2,2,x,11\n");
        assertError(e, "ratings.csv", 5, "rating", "x");
    }

    @Test
    void quotedNumericFieldsGoThroughCommonsCsv() throws IOException {
        MovieLensData ml = lenient("\"1\",\"2\",\"3.5\",\"100\"\n1,3,.5,101\n2,1,4e0,102\n");
        assertEquals(3, ml.ratings().size());
        assertEquals(3.5f, ml.ratings().value(0));
        assertEquals(0.5f, ml.ratings().value(1));
        assertEquals(4f, ml.ratings().value(2));
        assertEquals(0, ml.report().skipped());
    }

    // ------------------------------------------------------------------ bad ratings rows, strict

    @Test
    void truncatedLastLine() throws IOException {
        DataFileException e = strictError("1,1,4.0,10\n1,2,4");
        assertError(e, "ratings.csv", 3, "line", "1,2,4");
        assertTrue(e.getMessage().contains("expected 4 fields"), e.getMessage());
        assertTrue(e.getMessage().endsWith("found 3"), e.getMessage());
    }

    @Test
    void wrongColumnCount() throws IOException {
        assertError(strictError("1,1,4.0,10,7\n"), "ratings.csv", 2, "line", "1,1,4.0,10,7");
        assertError(strictError("1\t1\t4.0\t10\n"), "ratings.csv", 2, "line", "1\t1\t4.0\t10");
    }

    @Test
    void nonNumericEmptyNegativeAndOverflowingFields() throws IOException {
        assertError(strictError("1,1,4.0,10\nabc,1,4.0,10\n"), "ratings.csv", 3, "userId", "abc");
        assertError(strictError("1,x1,4.0,10\n"), "ratings.csv", 2, "movieId", "x1");
        assertError(strictError("1,,4.0,10\n"), "ratings.csv", 2, "movieId", "");
        assertError(strictError("-1,1,4.0,10\n"), "ratings.csv", 2, "userId", "-1");
        assertTrue(strictError("-1,1,4.0,10\n").getMessage().endsWith("negative id"));
        assertError(strictError("99999999999,1,4.0,10\n"), "ratings.csv", 2, "userId", "99999999999");
        assertError(strictError("1,1,four,10\n"), "ratings.csv", 2, "rating", "four");
        assertError(strictError("1,1,4.0,\n"), "ratings.csv", 2, "timestamp", "");
        assertError(strictError("1,1,4.0,1.5\n"), "ratings.csv", 2, "timestamp", "1.5");
        assertError(strictError("1,1,4.0,99999999999999999999\n"), "ratings.csv", 2, "timestamp",
                "99999999999999999999");
        assertError(strictError("1,1,4.0f,10\n"), "ratings.csv", 2, "rating", "4.0f");
    }

    @Test
    void nanInfinityAndOutOfRangeRatings() throws IOException {
        assertError(strictError("1,1,NaN,10\n"), "ratings.csv", 2, "rating", "NaN");
        assertError(strictError("1,1,Infinity,10\n"), "ratings.csv", 2, "rating", "Infinity");
        DataFileException e = strictError("1,1,5.5,10\n");
        assertError(e, "ratings.csv", 2, "rating", "5.5");
        assertEquals("ratings.csv:2: rating=5.5: rating outside [0.5, 5.0]", e.getMessage());
        assertError(strictError("1,1,0,10\n"), "ratings.csv", 2, "rating", "0");
        assertError(strictError("1,1,-1,10\n"), "ratings.csv", 2, "rating", "-1");
        e = strictError("1,1,3.25,10\n");
        assertError(e, "ratings.csv", 2, "rating", "3.25");
        assertTrue(e.getMessage().contains("multiple of 0.5"), e.getMessage());
    }

    @Test
    void unknownItemAndDuplicate() throws IOException {
        DataFileException e = strictError("1,1,4.0,10\n999,999999,5.0,1493846415");
        assertEquals("ratings.csv:3: movieId=999999: item not in movies.csv", e.getMessage());
        e = strictError("1,1,4.0,10\n1,2,4.0,10\n1,1,3.0,11\n");
        assertError(e, "ratings.csv", 4, "movieId", "1");
        assertTrue(e.getMessage().endsWith("user 1 already rated this item on line 2"), e.getMessage());
    }

    @Test
    void strictReportsTheEarliestBadRowEvenWhenItIsADuplicate() throws IOException {
        // the duplicate (line 3) is found after parsing, but comes before the malformed line 5
        DataFileException e = strictError("1,1,4.0,10\n1,1,4.0,10\n2,1,4.0,10\nbad\n");
        assertError(e, "ratings.csv", 3, "movieId", "1");
    }

    @Test
    void invalidUtf8InRatingsLine() throws IOException {
        write("movies.csv", MOVIES);
        write("ratings.csv", concat(HEADER.getBytes(StandardCharsets.UTF_8), new byte[] {'1', ',', (byte) 0xC3, ',', '4',
                ',', '1', '\n'}));
        DataFileException e = assertThrows(DataFileException.class, () -> MovieLens.load(dir));
        assertEquals(2, e.line());
        assertEquals("line", e.field());
        assertTrue(e.getMessage().endsWith("not valid UTF-8"), e.getMessage());
    }

    // ------------------------------------------------------------------ lenient

    @Test
    void lenientCountsEverySkipByReason() throws IOException {
        MovieLensData ml = lenient(""
                + "1,1,4.0,10\n"          // 2 kept
                + "1,2,4\n"               // 3 MALFORMED
                + "x,2,4.0,10\n"          // 4 MALFORMED
                + "1,2,NaN,10\n"          // 5 MALFORMED
                + "1,2,7.0,10\n"          // 6 OUT_OF_RANGE
                + "1,2,3.3,10\n"          // 7 OUT_OF_RANGE
                + "1,99,3.0,10\n"         // 8 UNKNOWN_ITEM
                + "2,3,3.0,10\n"          // 9 kept
                + "1,1,2.0,11\n"          // 10 DUPLICATE of line 2
                + "1,2,2.0,11");          // 11 kept
        LoadReport report = ml.report();
        assertEquals(3, ml.ratings().size());
        assertEquals(7, report.skipped());
        assertEquals(3, report.skipped(SkipReason.MALFORMED));
        assertEquals(2, report.skipped(SkipReason.OUT_OF_RANGE));
        assertEquals(1, report.skipped(SkipReason.UNKNOWN_ITEM));
        assertEquals(1, report.skipped(SkipReason.DUPLICATE));
        LoadReport.FileReport f = report.file("ratings.csv").orElseThrow();
        assertEquals(10, f.rowsRead());
        assertEquals(3, f.rowsKept());
        assertEquals(List.of("ratings.csv:3: line=1,2,4: expected 4 fields (userId,movieId,rating,timestamp) "
                        + "separated by ',', found 3",
                "ratings.csv:4: userId=x: not a whole number",
                "ratings.csv:5: rating=NaN: not a finite decimal number"), f.examples(SkipReason.MALFORMED));
        assertEquals(List.of("ratings.csv:8: movieId=99: item not in movies.csv"), f.examples(SkipReason.UNKNOWN_ITEM));
        assertEquals(List.of("ratings.csv:10: movieId=1: user 1 already rated this item on line 2"),
                f.examples(SkipReason.DUPLICATE));
        String summary = report.summary();
        assertTrue(summary.startsWith("MovieLens LATEST_CSV, LENIENT: 7 rows skipped (MALFORMED 3, "
                + "OUT_OF_RANGE 2, UNKNOWN_ITEM 1, DUPLICATE 1)"), summary);
        assertTrue(summary.contains("ratings.csv: 10 rows read, 3 kept, 7 skipped"), summary);
        assertTrue(summary.contains("OUT_OF_RANGE ratings.csv:6: rating=7.0: rating outside [0.5, 5.0]"), summary);
        assertEquals(summary, report.toString());
    }

    @Test
    void lenientKeepsTenExamplesPerReason() throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            rows.append("1,").append(100 + i).append(",3.0,10\n");
        }
        for (int u = 2; u <= 6; u++) {
            for (int m = 1; m <= 5; m++) {
                rows.append(u).append(',').append(m).append(",3.0,10\n");   // 25 good rows: half the file is kept
            }
        }
        LoadReport report = lenient(rows.toString()).report();
        assertEquals(25, report.skipped(SkipReason.UNKNOWN_ITEM));
        assertEquals(LoadReport.MAX_EXAMPLES, report.examples(SkipReason.UNKNOWN_ITEM).size());
        assertEquals("ratings.csv:2: movieId=100: item not in movies.csv", report.examples(SkipReason.UNKNOWN_ITEM).get(0));
        assertTrue(report.summary().contains("UNKNOWN_ITEM ... and 15 more"), report.summary());
    }

    @Test
    void twoThreadsGiveTheSameRowsAndLinesAsOne() throws IOException {
        write("movies.csv", MOVIES);
        StringBuilder sb = new StringBuilder(HEADER);
        for (int i = 0; i < 3000; i++) {
            int user = i / 3 + 1;
            sb.append(user).append(',').append(i % 5 + 1).append(',').append(i % 10 * 0.5 + 0.5).append(',').append(i);
            sb.append(i % 7 == 0 ? "\r\n" : "\n");
            if (i % 500 == 250) {
                sb.append("1,77,3.0,5\n");                // unknown item
            }
            if (i == 2200) {
                sb.append("\n").append(user).append(",1,3.0,5\n");   // blank line, then a duplicate in the second half
            }
        }
        Path file = write("ratings.csv", sb.toString());
        ItemCatalog.Builder b = ItemCatalog.builder();
        CatalogReaders.readMoviesCsv(dir.resolve("movies.csv"), b, true);
        ItemCatalog catalog = b.build();
        Interactions[] out = new Interactions[2];
        FileTally[] tallies = new FileTally[2];
        for (int threads = 1; threads <= 2; threads++) {
            RatingsParser p = new RatingsParser(file, ",", true, List.of(RatingsParser.FIELDS), new ValueRange(0.5, 5, 0.5),
                    new ItemLookup(catalog.items()), "movies.csv", true, threads);
            p.parallelMinBytes = 0;
            RatingsParser.Parsed parsed = p.parse();
            out[threads - 1] = p.finish(parsed, catalog.items());
            tallies[threads - 1] = parsed.tally;
        }
        assertArrayEquals(out[0].userColumn(), out[1].userColumn());
        assertArrayEquals(out[0].itemColumn(), out[1].itemColumn());
        assertArrayEquals(out[0].valueColumn(), out[1].valueColumn());
        assertArrayEquals(out[0].timestampColumn(), out[1].timestampColumn());
        assertEquals(tallies[0].freeze(), tallies[1].freeze());
        LoadReport.FileReport f = tallies[1].freeze();
        assertEquals(6, f.skipped(SkipReason.UNKNOWN_ITEM));
        assertEquals(1, f.skipped(SkipReason.DUPLICATE));
        List<String> lines = sb.toString().lines().toList();
        for (String ex : f.examples(SkipReason.UNKNOWN_ITEM)) {
            int line = Integer.parseInt(ex.split(":")[1]);
            assertEquals("1,77,3.0,5", lines.get(line - 1), ex);
        }
        String dup = f.examples(SkipReason.DUPLICATE).get(0);
        assertEquals("734,1,3.0,5", lines.get(Integer.parseInt(dup.split(":")[1]) - 1), dup);

        // strict, with the only error in the second half: the line number is still exact
        String bad = sb.toString().replace("1,77,3.0,5\n", "").replace("\n734,1,3.0,5\n", "\n")
                .replace("\n668,2,", "\n668,x,");
        write("ratings.csv", bad);
        RatingsParser p = new RatingsParser(file, ",", true, List.of(RatingsParser.FIELDS), new ValueRange(0.5, 5, 0.5),
                new ItemLookup(catalog.items()), "movies.csv", false, 2);
        p.parallelMinBytes = 0;
        DataFileException e = assertThrows(DataFileException.class, () -> p.finish(p.parse(), catalog.items()));
        assertEquals("movieId", e.field());
        assertEquals("x", e.value());
        assertTrue(bad.lines().toList().get((int) e.line() - 1).startsWith("668,x,"), e.getMessage());
    }

    // ------------------------------------------------------------------ headers, empty files, directories

    @Test
    void wrongHeaderNamesFileAndHeaderFoundEvenWhenLenient() throws IOException {
        write("movies.csv", MOVIES);
        write("ratings.csv", "user,movie,rating,timestamp\n1,1,4.0,10\n");
        DataFileException e = assertThrows(DataFileException.class, () -> MovieLens.load(dir, LoadOptions.lenient()));
        assertEquals("ratings.csv:1: header=user,movie,rating,timestamp: expected header userId,movieId,rating,timestamp",
                e.getMessage());
        write("ratings.csv", HEADER + "1,1,4.0,10\n");
        write("movies.csv", "id,title,genres\n1,A (1999),Drama\n");
        e = assertThrows(DataFileException.class, () -> MovieLens.load(dir));
        assertError(e, "movies.csv", 1, "header", "id,title,genres");
    }

    @Test
    void emptyFiles() throws IOException {
        write("movies.csv", MOVIES);
        write("ratings.csv", "");
        DataFileException e = assertThrows(DataFileException.class, () -> MovieLens.load(dir, LoadOptions.lenient()));
        assertEquals("ratings.csv:1: header=: file is empty, expected header userId,movieId,rating,timestamp",
                e.getMessage());
        write("ratings.csv", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '\n'});
        assertThrows(DataFileException.class, () -> MovieLens.load(dir));
        write("ratings.csv", HEADER);    // a header alone is zero ratings, not an error
        assertEquals(0, MovieLens.load(dir).ratings().size());
        write("movies.csv", "");
        e = assertThrows(DataFileException.class, () -> MovieLens.load(dir));
        assertEquals("movies.csv", e.file());
        assertTrue(e.getMessage().contains("file is empty"), e.getMessage());
    }

    @Test
    void missingOrUnrecognisedDirectory() throws IOException {
        Path missing = dir.resolve("nope");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> MovieLens.load(missing));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        write("ratings.csv", HEADER);
        write("notes.txt", "x");
        e = assertThrows(NoSuchFileException.class, () -> MovieLens.detect(dir));
        assertTrue(e.getMessage().contains("looked for ratings.csv + movies.csv (LATEST_CSV), u.data + u.item (ML_100K), "
                + "ratings.dat + movies.dat (DAT)"), e.getMessage());
        assertTrue(e.getMessage().contains("found [notes.txt, ratings.csv]"), e.getMessage());
        assertThrows(NotDirectoryException.class, () -> MovieLens.detect(dir.resolve("notes.txt")));
    }

    // ------------------------------------------------------------------ catalogue files

    @Test
    void catalogueRowsAreValidatedToo() throws IOException {
        write("ratings.csv", HEADER + "1,1,4.0,10\n");
        write("movies.csv", MOVIES + "2,Again (2000),Drama\nx,Bad (2000),Drama\n6,,Drama\n7,\"Open quote (2000)\",\n");
        DataFileException e = assertThrows(DataFileException.class, () -> MovieLens.load(dir));
        assertEquals("movies.csv:7: movieId=2: movie already listed on line 3", e.getMessage());
        MovieLensData ml = MovieLens.load(dir, ANY_KEPT);
        LoadReport.FileReport f = ml.report().file("movies.csv").orElseThrow();
        assertEquals(9, f.rowsRead());
        assertEquals(5, f.rowsKept());
        assertEquals(1, f.skipped(SkipReason.DUPLICATE));
        assertEquals(3, f.skipped(SkipReason.MALFORMED));
        assertEquals(List.of("movies.csv:8: movieId=x: not a whole number", "movies.csv:9: title=: empty",
                "movies.csv:10: genres=: empty"), f.examples(SkipReason.MALFORMED));
        assertEquals("Toy Story (1995)", ml.catalog().title(0));

        write("movies.csv", MOVIES);
        write("links.csv", "movieId,imdbId,tmdbId\n1,0114709,862\n8,1,2\n1,0114709,862\n2,tt1,\n3,1,-5\n");
        write("tags.csv", "userId,movieId,tag,timestamp\n1,1,ok,5\n1,9,gone,5\n1,1,,5\n1,1,late,soon\n");
        ml = MovieLens.load(dir, ANY_KEPT);
        LoadReport r = ml.report();
        LoadReport.FileReport links = r.file("links.csv").orElseThrow();
        assertEquals(1, links.rowsKept());
        assertEquals(List.of("links.csv:3: movieId=8: item not in movies.csv"), links.examples(SkipReason.UNKNOWN_ITEM));
        assertEquals(List.of("links.csv:4: movieId=1: links already given on line 2"),
                links.examples(SkipReason.DUPLICATE));
        assertEquals(List.of("links.csv:5: imdbId=tt1: not a whole number", "links.csv:6: tmdbId=-5: negative id"),
                links.examples(SkipReason.MALFORMED));
        LoadReport.FileReport tags = r.file("tags.csv").orElseThrow();
        assertEquals(1, tags.rowsKept());
        assertEquals(1, tags.skipped(SkipReason.UNKNOWN_ITEM));
        assertEquals(2, tags.skipped(SkipReason.MALFORMED));
        assertEquals(7, r.skipped());
        e = assertThrows(DataFileException.class, () -> MovieLens.load(dir));
        assertEquals("links.csv:3: movieId=8: item not in movies.csv", e.getMessage());
    }

    @Test
    void anUnclosedQuoteIsNamedWhereItOpenedInStrictModeAndSkippedInLenientMode() throws IOException {
        write("ratings.csv", HEADER + "1,1,4.0,10\n");
        write("movies.csv", "movieId,title,genres\n1,A (1999),Drama\n2,\"Never closed (1999),Drama\n3,B (1999),Drama\n");
        DataFileException e = assertThrows(DataFileException.class, () -> MovieLens.load(dir));
        assertEquals("movies.csv:3: line=2,\"Never closed (1999),Drama: unclosed quote: the quoted field opened on this "
                + "line never closes", e.getMessage());
        MovieLensData ml = MovieLens.load(dir, LoadOptions.lenient());
        LoadReport.FileReport f = ml.report().file("movies.csv").orElseThrow();
        assertEquals(3, f.rowsRead());
        assertEquals(2, f.rowsKept());
        assertEquals(List.of("movies.csv:3: line=2,\"Never closed (1999),Drama: unclosed quote: the quoted field opened "
                + "on this line never closes"), f.examples(SkipReason.MALFORMED));
        assertEquals("B (1999)", ml.catalog().title(1));    // read on from the next line

        // a quoted title over two lines is fine; a quote opened later in the same record is named on its own line
        write("movies.csv", "movieId,title,genres\n1,\"Two\nlines (1999)\",Drama\n2,B (1999),\"Drama\n3,C (1999),Drama\n");
        e = assertThrows(DataFileException.class, () -> MovieLens.load(dir));
        assertEquals(4, e.line(), e.getMessage());
        assertTrue(e.getMessage().endsWith("unclosed quote: the quoted field opened on this line never closes"),
                e.getMessage());
        ml = MovieLens.load(dir, ANY_KEPT);
        assertEquals("Two\nlines (1999)", ml.catalog().title(0));
        assertEquals(List.of("movies.csv:4: line=2,B (1999),\"Drama: unclosed quote: the quoted field opened on this "
                + "line never closes"), ml.report().examples(SkipReason.MALFORMED));
        assertEquals(List.of("Drama"), ml.catalog().genreNames(ml.catalog().items().indexOf(3)));

        // text after a closing quote: the record's first line is skipped, the next one parses
        write("ratings.csv", HEADER + "1,2,4.0,10\n");
        write("movies.csv", "movieId,title,genres\n1,\"Toy Story,Comedy\n2,\"Jumanji\",Adventure\n3,C (1999),Drama\n");
        e = assertThrows(DataFileException.class, () -> MovieLens.load(dir));
        assertEquals(2, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("text after a closing quote: 'J'"), e.getMessage());
        assertTrue(e.getMessage().contains("opened on line 2 and closes on line 3"), e.getMessage());
        ml = MovieLens.load(dir, ANY_KEPT);
        assertEquals(2, ml.catalog().size());
        assertEquals("Jumanji", ml.catalog().title(0));

        // the same in tags.csv, and in ratings.csv (read line by line: a quote cannot span lines there)
        write("movies.csv", MOVIES);
        write("ratings.csv", HEADER + "1,1,4.0,10\n");
        write("tags.csv", "userId,movieId,tag,timestamp\n1,1,ok,5\n1,2,\"open,6\n1,3,fine,7\n");
        e = assertThrows(DataFileException.class, () -> MovieLens.load(dir));
        assertEquals("tags.csv", e.file());
        assertEquals(3, e.line());
        assertEquals(2, MovieLens.load(dir, ANY_KEPT).catalog().tagCount());
        Files.delete(dir.resolve("tags.csv"));
        e = strictError("1,1,4.0,10\n1,\"2,4.0,10\n1,3,4.0,11\n");
        assertEquals("ratings.csv:3: line=1,\"2,4.0,10: unclosed quote: the quoted field opened on this line never closes",
                e.getMessage());
        MovieLensData r = lenient("1,1,4.0,10\n1,\"2,4.0,10\n1,3,4.0,11\n");
        assertEquals(2, r.ratings().size());
        assertEquals(1, r.report().skipped(SkipReason.MALFORMED));

        // a broken header is an error in either mode
        write("movies.csv", "movieId,\"title,genres\n1,A (1999),Drama\n");
        e = assertThrows(DataFileException.class, () -> MovieLens.load(dir, LoadOptions.lenient()));
        assertEquals("movies.csv:1: header=movieId,\"title,genres: unclosed quote: the quoted field opened on this line "
                + "never closes", e.getMessage());
    }

    @Test
    void brokenQuotesFarIntoALargeFileAreFoundAndSkipped() throws IOException {
        // more than the replay buffer (1 M chars) before, between and after the broken records
        for (String nl : new String[] {"\n", "\r"}) {
            StringBuilder movies = new StringBuilder("movieId,title,genres").append(nl);
            for (int m = 1; m <= 60_000; m++) {
                if (m == 35_000) {
                    movies.append(m).append(",\"Broken \"x (2000),Drama").append(nl);     // text after a closing quote
                } else if (m == 59_000) {
                    movies.append(m).append(",\"Never closed (2000),Drama").append(nl);
                } else {
                    movies.append(m).append(",\"A rather long title, number ").append(m).append(" (2000)\",Drama|Comedy")
                            .append(nl);
                }
            }
            write("movies.csv", movies.toString());
            write("ratings.csv", HEADER + "1,1,4.0,10\n");
            DataFileException e = assertThrows(DataFileException.class, () -> MovieLens.load(dir));
            assertEquals(35_001, e.line(), e.getMessage());
            MovieLensData ml = MovieLens.load(dir, LoadOptions.lenient());
            LoadReport.FileReport f = ml.report().file("movies.csv").orElseThrow();
            assertEquals(60_000, f.rowsRead());
            assertEquals(59_998, f.rowsKept());
            assertEquals(2, f.examples(SkipReason.MALFORMED).size());
            assertTrue(f.examples(SkipReason.MALFORMED).get(1).startsWith("movies.csv:59001: line=59000,\"Never closed"),
                    f.examples(SkipReason.MALFORMED).toString());
            assertEquals("A rather long title, number 59999 (2000)", ml.catalog().title(ml.catalog().items().indexOf(59_999)));
        }
    }

    // ------------------------------------------------------------------ no silent loss

    @Test
    void garbageInUGenreFailsEvenInLenientModeInsteadOfDroppingEveryMovie() throws IOException {
        byte[] item = ("1|Toy Story (1995)|01-Jan-1995|||0|1|1|0\n2|Heat (1995)|01-Jan-1995|||0|1|0|0\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        write("u.item", item);
        write("u.data", "1\t1\t3\t10\n1\t2\t4\t11\n2\t1\t5\t12\n");
        // an unreadable line: u.genre is read whole, so it is named even in lenient mode
        write("u.genre", "unknown|0\nAction|1\n#garbage\nChildren's|2\nDrama|3\n");
        DataFileException e = assertThrows(DataFileException.class, () -> MovieLens.load(dir, LoadOptions.lenient()));
        assertEquals("u.genre", e.file());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("expected name|2"), e.getMessage());
        // two well-formed extra genres: every u.item row has too few flags, so none is kept: the load fails
        write("u.genre", "unknown|0\nAction|1\nChildren's|2\nDrama|3\nFoo|4\nBar|5\n");
        TooFewRowsKeptException t = assertThrows(TooFewRowsKeptException.class, () -> MovieLens.load(dir, LoadOptions.lenient()));
        assertEquals("u.item", t.file());
        assertEquals(1, t.line());
        assertEquals("0 of 2 kept", t.value());
        assertTrue(t.getMessage().startsWith("u.item:1: rows=0 of 2 kept: a lenient load keeps a file only if some of its "
                + "rows are usable (skipped: MALFORMED 2); first skipped: MALFORMED u.item:1: line=1|Toy Story (1995)|"),
                t.getMessage());
        assertTrue(t.getMessage().contains("expected 11 fields (id|title|release date|video date|IMDb URL|6 genre flags, "
                + "one per genre of u.genre) separated by '|', found 9"), t.getMessage());
        assertEquals(2, t.fileReport().skipped(SkipReason.MALFORMED));
        // with the right list it loads
        write("u.genre", "unknown|0\nAction|1\nChildren's|2\nDrama|3\n");
        assertEquals(3, MovieLens.load(dir, LoadOptions.lenient()).ratings().size());
    }

    @Test
    void aLenientFileThatKeepsTooFewRowsFailsWithTheCountsByReason() throws IOException {
        write("movies.csv", MOVIES);
        StringBuilder rows = new StringBuilder(HEADER);
        for (int u = 1; u <= 40; u++) {
            rows.append(u).append(",1,4.0,10\n");
        }
        for (int u = 1; u <= 60; u++) {
            rows.append(u).append(u % 2 == 0 ? ",77,4.0,10\n" : ",1,4.0,x\n");
        }
        write("ratings.csv", rows.toString());
        TooFewRowsKeptException e = assertThrows(TooFewRowsKeptException.class, () -> MovieLens.load(dir, LoadOptions.lenient()));
        assertEquals("ratings.csv:42: rows=40 of 100 kept: a lenient load keeps a file only if at least 50% of its rows are "
                + "usable (skipped: MALFORMED 30, UNKNOWN_ITEM 30); first skipped: MALFORMED ratings.csv:42: timestamp=x: "
                + "not a whole number of seconds", e.getMessage());
        assertEquals(100, e.fileReport().rowsRead());
        assertEquals(40, e.fileReport().rowsKept());
        // a lower bound lets it through, with every skip still counted
        MovieLensData ml = MovieLens.load(dir, LoadOptions.lenient().toBuilder().withMinKeptFraction(0.4).build());
        assertEquals(40, ml.ratings().size());
        assertEquals(60, ml.report().skipped());
        // strict mode never gets that far
        assertThrows(DataFileException.class, () -> MovieLens.load(dir));

        // up to ten skipped rows are always tolerated (each is listed in the report), as long as one row is kept
        write("ratings.csv", HEADER + "1,1,4.0,10\n" + "1,77,4.0,10\n".repeat(10));
        assertEquals(1, MovieLens.load(dir, LoadOptions.lenient()).ratings().size());
        write("ratings.csv", HEADER + "1,1,4.0,10\n" + "1,77,4.0,10\n".repeat(11));
        assertThrows(TooFewRowsKeptException.class, () -> MovieLens.load(dir, LoadOptions.lenient()));
        // a file none of whose rows is usable fails whatever the bound
        write("ratings.csv", HEADER + "1,77,4.0,10\n");
        e = assertThrows(TooFewRowsKeptException.class, () -> MovieLens.load(dir, ANY_KEPT));
        assertEquals("ratings.csv:2: rows=0 of 1 kept: a lenient load keeps a file only if some of its rows are usable "
                + "(skipped: UNKNOWN_ITEM 1); first skipped: UNKNOWN_ITEM ratings.csv:2: movieId=77: item not in movies.csv",
                e.getMessage());
    }

    @Test
    void aMoviesFileNoneOfWhoseRowsParseFailsBeforeTheRatingsAreBlamed() throws IOException {
        write("ratings.csv", HEADER + "1,1,4.0,10\n2,1,4.0,10\n");
        write("movies.csv", "movieId,title,genres\n1;Toy Story;Comedy\n2;Heat;Action\n");
        TooFewRowsKeptException e = assertThrows(TooFewRowsKeptException.class, () -> MovieLens.load(dir, ANY_KEPT));
        assertEquals("movies.csv", e.file());
        assertTrue(e.getMessage().contains("rows=0 of 2 kept"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 3 fields, found 1"), e.getMessage());
        write("movies.dat", "1;Toy Story;Comedy\n");
        write("ratings.dat", "1::1::4::10\n");
        Files.delete(dir.resolve("ratings.csv"));
        e = assertThrows(TooFewRowsKeptException.class, () -> MovieLens.load(dir, LoadOptions.lenient()));
        assertEquals("movies.dat", e.file());
    }

    @Test
    void invalidUtf8TitleIsMalformed() throws IOException {
        write("ratings.csv", HEADER + "1,1,4.0,10\n");
        write("movies.csv", concat("movieId,title,genres\n1,A (1999),Drama\n2,Caf".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xE9}, " (1999),Drama\n".getBytes(StandardCharsets.UTF_8)));
        DataFileException e = assertThrows(DataFileException.class, () -> MovieLens.load(dir));
        assertEquals(3, e.line());
        assertEquals("title", e.field());
        assertTrue(e.getMessage().endsWith("not valid UTF-8"), e.getMessage());
    }

    // ------------------------------------------------------------------ ml-100k

    @Test
    void ml100kKnownAnswers() throws IOException {
        write("u.genre", "unknown|0\nAction|1\nChildren's|2\nDrama|3\n\n");
        byte[] item = ("1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|0|1|1|0\n"
                + "2|Caf\u00e9 au lait (1993)|01-Jan-1993|||0|0|0|1\n"
                + "267|unknown||||1|0|0|0\n").getBytes(StandardCharsets.ISO_8859_1);
        write("u.item", item);
        write("u.data", "196\t2\t3\t881250949\n186\t1\t5\t891717742\n196\t267\t1\t881250950\n");
        MovieLensData ml = MovieLens.load(dir);
        assertEquals(MovieLensFormat.ML_100K, ml.format());
        ItemCatalog c = ml.catalog();
        assertEquals(List.of("Action", "Children's", "Drama"), c.genreVocabulary());
        assertEquals(List.of("Action", "Children's"), c.genreNames(0));
        assertEquals("Café au lait (1993)", c.title(1));
        assertEquals(OptionalInt.of(1993), c.year(1));
        assertEquals(List.of(), c.genreNames(2));     // only the ignored "unknown" flag
        assertEquals(OptionalInt.empty(), c.year(2));
        assertEquals("http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)", c.imdbUrl(0).orElseThrow());
        assertTrue(c.imdbUrl(1).isEmpty());
        Interactions r = ml.ratings();
        assertArrayEquals(new long[] {186, 196}, r.users().longIds());
        assertEquals(3, r.size());
        assertEquals(3f, r.value(0));
        assertEquals(881250949L, r.timestamp(0));
    }

    @Test
    void ml100kBadRowsAndUnsortedDuplicates() throws IOException {
        write("u.item", "1|A (1995)|||||||||||||||||||||||\n2|B (1996)|||||||||||||||||||||||\n"
                .replace("|||||||||||||||||||||||", "||||0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0"));
        write("u.data", "5\t1\t3\t1\n4\t1\t3\t2\n5\t2\t3.5\t3\n5\t1\t4\t4\n4\t2\t0\t5\n6\t3\t4\t6\n4\t1\t2\t7\n");
        MovieLensData ml = MovieLens.load(dir, ANY_KEPT);
        LoadReport.FileReport f = ml.report().file("u.data").orElseThrow();
        assertEquals(2, ml.ratings().size());
        assertEquals(2, f.skipped(SkipReason.OUT_OF_RANGE));   // 3.5 (off the whole-star step) and 0
        assertEquals(1, f.skipped(SkipReason.UNKNOWN_ITEM));
        assertEquals(List.of("u.data:4: movieId=1: user 5 already rated this item on line 1",
                "u.data:7: movieId=1: user 4 already rated this item on line 2"), f.examples(SkipReason.DUPLICATE));
        assertEquals(List.of("u.data:6: movieId=3: item not in u.item"), f.examples(SkipReason.UNKNOWN_ITEM));
        // a custom rating range admits half stars
        ml = MovieLens.load(dir, ANY_KEPT.toBuilder().withValueRange(1, 5, 0.5).build());
        assertEquals(3, ml.ratings().size());

        write("u.item", "1|A (1995)||||0|0\n");
        DataFileException e = assertThrows(DataFileException.class, () -> MovieLens.load(dir));
        assertError(e, "u.item", 1, "line", "1|A (1995)||||0|0");
    }

    // ------------------------------------------------------------------ ml-1m / ml-10m .dat

    @Test
    void datLatin1AndUtf8() throws IOException {
        write("movies.dat", concat("1::Toy Story (1995)::Animation|Children's|Comedy\n2::Caf".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xE9}, " (1993)::Drama\n".getBytes(StandardCharsets.UTF_8)));
        write("ratings.dat", "1::1::5::978300760\n1::2::3::978302109\n2::1::4::978301968");
        MovieLensData ml = MovieLens.load(dir);
        assertEquals(MovieLensFormat.DAT, ml.format());
        assertEquals("Café (1993)", ml.catalog().title(1));    // not valid UTF-8: read as Latin-1
        assertEquals(3, ml.ratings().size());

        write("movies.dat", "1::Toy Story (1995)::Animation\n2::Amélie (2001)::Comedy|Romance\n3::X (2000)::(no genres listed)\n");
        write("ratings.dat", "1::1::4.5::1\n1::2::0.5::2\n1::9::1::3\n");
        write("tags.dat", "15::2::very::good::1215184630\n15::1::pixar::1215184631\n");
        ml = MovieLens.load(dir, LoadOptions.lenient());
        assertEquals("Amélie (2001)", ml.catalog().title(1));   // valid UTF-8 (ml-10m)
        assertEquals(List.of(), ml.catalog().genreNames(2));
        assertEquals(2, ml.ratings().size());
        assertEquals(4.5f, ml.ratings().value(0));
        assertEquals(List.of("ratings.dat:3: movieId=9: item not in movies.dat"),
                ml.report().examples(SkipReason.UNKNOWN_ITEM));
        assertEquals("very::good", ml.catalog().tags(1).get(0).tag());

        DataFileException e = assertThrows(DataFileException.class, () -> MovieLens.load(dir));
        assertEquals("ratings.dat:3: movieId=9: item not in movies.dat", e.getMessage());
    }

    // ------------------------------------------------------------------ options

    @Test
    void optionsValidateAndNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.builder().withValueRange(5, 1, 0.5).build());
        assertTrue(e.getMessage().startsWith("maxValue: 1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LoadOptions.builder().withValueRange(1, 5, -1).build());
        assertTrue(e.getMessage().startsWith("valueStep: -1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LoadOptions.builder().withThreads(0).build());
        assertTrue(e.getMessage().startsWith("threads: 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LoadOptions.builder().withMinKeptFraction(1.5).build());
        assertEquals("minKeptFraction: 1.5, must be in [0, 1]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.builder().withMinKeptFraction(Double.NaN).build());
        assertEquals(LoadOptions.DEFAULT_MIN_KEPT_FRACTION, LoadOptions.lenient().minKeptFraction());
        assertEquals(0.25, LoadOptions.lenient().toBuilder().withMinKeptFraction(0.25).build().minKeptFraction());
        LoadOptions o = LoadOptions.lenient().toBuilder().withValueRange(1, 10, 0).build();
        assertEquals(LoadOptions.Mode.LENIENT, o.mode());
        assertEquals(10, o.valueRange().orElseThrow().max());
        assertTrue(LoadOptions.strict().valueRange().isEmpty());   // each layout then uses its own range
        assertEquals(1.0, MovieLensFormat.ML_100K.defaultRatingRange().min());
        assertEquals(0.5, MovieLensFormat.LATEST_CSV.defaultRatingRange().min());
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
