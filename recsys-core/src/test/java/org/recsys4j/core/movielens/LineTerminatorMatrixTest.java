package org.recsys4j.core.movielens;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.io.LoadReport;
import org.recsys4j.core.io.SkipReason;
import org.recsys4j.core.io.ValueRange;
import org.recsys4j.core.testing.SharedData;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every layout × line terminator × mode on generated files: LF, CRLF and a lone CR (all lines, only the
 * header, mixed line by line, with and without a BOM, a final newline, blank lines) must give the same
 * catalogue, ratings, report and error messages as LF — including rows that go through the ratings
 * parser's slow path and its two-thread split. Then the same on the real ml-100k and ml-latest-small
 * (skipped when ../shared is absent), rewritten with each terminator.
 */
class LineTerminatorMatrixTest {
    /** How the lines of a file end. */
    enum Ending {
        LF(i -> "\n"),
        CRLF(i -> "\r\n"),
        CR(i -> "\r"),
        /** The first line (a CSV file's header) ends in a lone CR, the others in LF. */
        FIRST_CR(i -> i == 0 ? "\r" : "\n"),
        /**
         * Lone CR, CRLF and LF in turn. (Never a lone CR before a blank line ending in LF: those two bytes
         * are one CRLF, whoever reads them.)
         */
        MIXED(i -> switch (i % 3) {
            case 0 -> "\r";
            case 1 -> "\r\n";
            default -> "\n";
        });

        final IntFunction<String> terminator;

        Ending(IntFunction<String> terminator) {
            this.terminator = terminator;
        }
    }

    /** The three layouts with their files, clean; {@code dirty} adds bad rows of every kind to each file. */
    enum Layout {
        LATEST_CSV, ML_100K, DAT
    }

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ the generated data sets

    /** Returns file name -> logical lines (no terminators) of a small data set; blank lines included on purpose. */
    private static Map<String, List<String>> files(Layout layout, boolean dirty) {
        Map<String, List<String>> f = new LinkedHashMap<>();
        switch (layout) {
            case LATEST_CSV -> {
                List<String> movies = new ArrayList<>(List.of("movieId,title,genres",
                        "1,Toy Story (1995),Adventure|Animation|Children",
                        "2,\"American President, The (1995)\",Comedy|Drama|Romance",
                        "3,\"11'09\"\"01 - September 11 (2002)\",Drama",
                        "",
                        "4,Babylon 5,(no genres listed)",
                        "5,Heat (1995),Action|Crime|Thriller",
                        "6,Casino (1995),Crime|Drama"));
                List<String> links = new ArrayList<>(List.of("movieId,imdbId,tmdbId", "1,0114709,862", "2,0112346,",
                        "5,0113277,949"));
                List<String> tags = new ArrayList<>(List.of("userId,movieId,tag,timestamp",
                        "2,1,\"funny, \"\"really\"\"\",1445714994", "2,1,Pixar,1445714996", "7,5,heist,1445715000"));
                List<String> ratings = new ArrayList<>(List.of("userId,movieId,rating,timestamp"));
                ratings.addAll(numericRatings(","));
                ratings.add("\"8\",\"2\",\"3.5\",\"964981300\"");      // quoted: the slow path
                ratings.add("8,3,4e0,964981301");                       // exponent: the slow path
                ratings.add("");
                ratings.add("9,1,.5,964981302");
                if (dirty) {
                    movies.add("x7,Bad id (1999),Drama");
                    movies.add("8,\"Never closed (1999),Drama");        // lenient: one MALFORMED row, read on
                    movies.add("9,Nine (1999),Drama");
                    movies.add("2,Again (1995),Drama");
                    links.add("99,1,2");
                    tags.add("1,1,,5");
                    ratings.add("9,2,NaN,964981303");
                    ratings.add("9,3,7.0,964981304");
                    ratings.add("9,99,3.0,964981305");
                    ratings.add("9,1,2.0,964981306");                   // duplicate of 9,1
                    ratings.add("9,4,\"3.0,964981307");                 // unclosed quote, one line
                    ratings.add("9,5,3.0");
                }
                f.put("movies.csv", movies);
                f.put("links.csv", links);
                f.put("tags.csv", tags);
                f.put("ratings.csv", ratings);
            }
            case ML_100K -> {
                f.put("u.genre", new ArrayList<>(List.of("unknown|0", "Action|1", "Comedy|2", "Drama|3", "")));
                List<String> item = new ArrayList<>(List.of(
                        "1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|0|1|1|0",
                        "2|Caf\u00e9 au lait (1993)|01-Jan-1993|||0|0|0|1",
                        "",
                        "3|Heat (1995)|01-Jan-1995|||0|1|0|1",
                        "4|Casino (1995)|01-Jan-1995|||0|0|0|1",
                        "5|Babe (1995)|01-Jan-1995|||0|0|1|0",
                        "6|unknown||||1|0|0|0"));
                List<String> data = new ArrayList<>(numericRatings("\t"));
                data.add("8\t2\t4e0\t881250950");                         // the slow path
                data.add("");
                data.add("8\t3\t 5\t881250951");                          // a space: slow path, malformed
                if (dirty) {
                    item.add("7|Seven (1995)|01-Jan-1995|||0|2|0|0");      // bad flag
                    item.add("8|Eight (1995)|01-Jan-1995|||0|0");          // short
                    data.add("9\t99\t3\t881250952");
                    data.add("9\t1\t3\t881250953");
                    data.add("9\t1\t4\t881250954");
                    data.add("9\t2\t0\t881250955");
                }
                f.put("u.item", item);
                f.put("u.data", data);
            }
            case DAT -> {
                List<String> movies = new ArrayList<>(List.of("1::Toy Story (1995)::Animation|Children's",
                        "2::Am\u00e9lie (2001)::Comedy|Romance", "3::X (2000)::(no genres listed)", "",
                        "4::Heat (1995)::Action", "5::Casino (1995)::Drama", "6::Babe (1995)::Comedy"));
                List<String> tags = new ArrayList<>(List.of("15::2::very::good::1215184630", "15::1::pixar::1215184631"));
                List<String> ratings = new ArrayList<>(numericRatings("::"));
                ratings.add("8::2::4.5e0::978300761");
                if (dirty) {
                    movies.add("7::Seven (1995)");
                    tags.add("15::99::gone::1215184632");
                    ratings.add("9::99::3::978300762");
                    ratings.add("9::1::3::978300763");
                    ratings.add("9::1::4::978300764");
                    ratings.add("9::2::x::978300765");
                }
                f.put("movies.dat", movies);
                f.put("tags.dat", tags);
                f.put("ratings.dat", ratings);
            }
            default -> throw new AssertionError(layout);
        }
        return f;
    }

    /** 40 clean numeric rows over users 1..8 and movies 1..6, each (user, movie) pair once. */
    private static List<String> numericRatings(String sep) {
        List<String> rows = new ArrayList<>();
        for (int u = 1; u <= 8; u++) {
            for (int k = 0; k < 5; k++) {
                int m = 1 + (u + k) % 6;
                if (u == 8 && (m == 2 || m == 3)) {
                    continue;   // user 8 rates movies 2 and 3 on the slow path
                }
                String rating = sep.equals("\t") ? Integer.toString(1 + (u + k) % 5) : (u + k) % 5 + ".5";
                if (sep.equals("::") && k == 0) {
                    rating = "5";
                }
                rows.add(u + sep + m + sep + rating + sep + (964981000 + 10 * u + k));
            }
        }
        return rows;
    }

    private static Charset charset(String file) {
        return file.equals("u.item") || file.equals("u.genre") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
    }

    /** Writes the files with {@code ending}; with {@code bom} each UTF-8 file starts with a byte-order mark. */
    private Path write(String name, Map<String, List<String>> files, Ending ending, boolean bom, boolean finalNewline)
            throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (Map.Entry<String, List<String>> e : files.entrySet()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Charset cs = charset(e.getKey());
            if (bom && cs == StandardCharsets.UTF_8) {
                out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            }
            List<String> lines = e.getValue();
            for (int i = 0; i < lines.size(); i++) {
                out.write(lines.get(i).getBytes(cs));
                if (i < lines.size() - 1 || finalNewline) {
                    out.write(ending.terminator.apply(i).getBytes(StandardCharsets.US_ASCII));
                }
            }
            Files.write(dir.resolve(e.getKey()), out.toByteArray());
        }
        return dir;
    }

    /** Returns everything a load produced, as text: equal texts mean equal loads. */
    static String snapshot(MovieLensData ml) {
        StringBuilder sb = new StringBuilder();
        ItemCatalog c = ml.catalog();
        for (int i = 0; i < c.size(); i++) {
            sb.append(c.items().longId(i)).append('|').append(c.title(i)).append('|').append(c.genreNames(i)).append('|')
                    .append(c.imdbId(i).orElse("")).append('|').append(c.tmdbId(i)).append('|')
                    .append(c.imdbUrl(i).orElse("")).append('|').append(c.tags(i)).append('\n');
        }
        Interactions r = ml.ratings();
        for (int k = 0; k < r.size(); k++) {
            sb.append(r.users().longId(r.user(k))).append(',').append(r.items().longId(r.item(k))).append(',')
                    .append(r.value(k)).append(',').append(r.timestamp(k)).append('\n');
        }
        return sb.append(ml.report().summary()).toString();
    }

    /** Every row of every file is accounted for, and no file lost more than the lenient rule allows. */
    private static void assertAccounted(LoadReport report) {
        for (LoadReport.FileReport f : report.files()) {
            assertEquals(f.rowsRead(), f.rowsKept() + f.skippedTotal(), f.toString());
            assertTrue(f.rowsRead() == 0 || f.rowsKept() > 0, f.toString());
        }
    }

    private static long dataRows(Map<String, List<String>> files, String file, boolean header) {
        return files.get(file).stream().filter(l -> !l.isEmpty()).count() - (header ? 1 : 0);
    }

    // ------------------------------------------------------------------ the matrix

    @ParameterizedTest
    @EnumSource(Layout.class)
    void cleanFilesLoadIdenticallyWithEveryTerminatorInBothModes(Layout layout) throws IOException {
        Map<String, List<String>> files = files(layout, false);
        String expected = null;
        for (Ending ending : Ending.values()) {
            for (boolean bom : new boolean[] {false, true}) {
                for (boolean finalNewline : new boolean[] {true, false}) {
                    Path dir = write(layout + "-" + ending + "-" + bom + "-" + finalNewline, files, ending, bom, finalNewline);
                    String what = layout + " " + ending + " bom=" + bom + " final newline=" + finalNewline;
                    if (layout == Layout.ML_100K) {
                        // its u.data has one malformed row (a space before the rating): strict stops there
                        DataFileException e = assertThrows(DataFileException.class, () -> MovieLens.load(dir), what);
                        assertEquals("u.data:42: rating= 5: not a finite decimal number", e.getMessage(), what);
                    } else {
                        MovieLensData strict = MovieLens.load(dir);
                        assertEquals(0, strict.report().skipped(), what);
                    }
                    MovieLensData lenient = MovieLens.load(dir, LoadOptions.lenient());
                    assertAccounted(lenient.report());
                    String ratingsFile = lenient.format().ratingsFile();
                    boolean csv = layout == Layout.LATEST_CSV;
                    assertEquals(dataRows(files, ratingsFile, csv), lenient.report().file(ratingsFile).orElseThrow().rowsRead(),
                            what);
                    assertEquals(dataRows(files, lenient.format().itemsFile(), csv), lenient.catalog().size(), what);
                    String snap = snapshot(lenient);
                    if (expected == null) {
                        expected = snap;
                    }
                    assertEquals(expected, snap, what);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void badRowsAreSkippedAndReportedIdenticallyWithEveryTerminator(Layout layout) throws IOException {
        Map<String, List<String>> files = files(layout, true);
        String expected = null;
        for (Ending ending : Ending.values()) {
            Path dir = write(layout + "-dirty-" + ending, files, ending, false, true);
            MovieLensData ml = MovieLens.load(dir, LoadOptions.lenient());
            LoadReport report = ml.report();
            assertAccounted(report);
            assertTrue(report.skipped() >= 5, report.summary());
            String snap = snapshot(ml);
            if (expected == null) {
                expected = snap;
            }
            assertEquals(expected, snap, layout + " " + ending);
        }
        // the LF answers, spelled out for one layout
        if (layout == Layout.LATEST_CSV) {
            assertTrue(expected.contains("movies.csv: 10 rows read, 7 kept, 3 skipped (MALFORMED 2, DUPLICATE 1)"), expected);
            assertTrue(expected.contains("MALFORMED movies.csv:10: line=8,\"Never closed (1999),Drama: unclosed quote: "
                    + "the quoted field opened on this line never closes"), expected);
            assertTrue(expected.contains("9|Nine (1999)|[Drama]"), expected);     // read on after the unclosed quote
            assertTrue(expected.contains("MALFORMED ratings.csv:49: line=9,4,\"3.0,964981307: unclosed quote"), expected);
            assertTrue(expected.contains("ratings.csv: 48 rows read, 42 kept, 6 skipped (MALFORMED 3, OUT_OF_RANGE 1, UNKNOWN_ITEM 1, DUPLICATE 1)"), expected);
        }
    }

    /** Strict mode names the same file, line, field and value whatever the terminators. */
    @ParameterizedTest
    @EnumSource(Layout.class)
    void strictErrorsNameTheSameLineWithEveryTerminator(Layout layout) throws IOException {
        Map<String, List<String>> clean = files(layout, false);
        Map<String, List<String>> dirty = files(layout, true);
        for (String file : clean.keySet()) {
            if (file.equals("u.data")) {
                continue;   // clean u.data already has a malformed row: covered above
            }
            Map<String, List<String>> files = new LinkedHashMap<>(clean);
            files.put(file, dirty.get(file));
            if (layout == Layout.ML_100K) {
                files.put("u.data", clean.get("u.data").stream().filter(l -> !l.contains(" ")).toList());
            }
            if (files.get(file).equals(clean.get(file))) {
                continue;
            }
            String expected = null;
            for (Ending ending : Ending.values()) {
                Path dir = write(layout + "-strict-" + file + "-" + ending, files, ending, false, ending != Ending.CR);
                DataFileException e = assertThrows(DataFileException.class, () -> MovieLens.load(dir),
                        layout + " " + file + " " + ending);
                assertEquals(file, e.file(), e.getMessage());
                if (expected == null) {
                    expected = e.getMessage();
                }
                assertEquals(expected, e.getMessage(), layout + " " + file + " " + ending);
            }
        }
    }

    @Test
    void aHeaderEndingInALoneCrLosesNoRow() throws IOException {
        // the reported case: ratings.csv's header ends in a lone CR, every other line in LF (or CR only)
        Map<String, List<String>> files = files(Layout.LATEST_CSV, false);
        for (Ending e : new Ending[] {Ending.FIRST_CR, Ending.CR}) {
            Path dir = write("header-cr-" + e, files, e, false, true);
            MovieLensData ml = MovieLens.load(dir);
            assertEquals(42, ml.ratings().size(), e.name());
            assertEquals(42, ml.report().file("ratings.csv").orElseThrow().rowsRead(), e.name());
            assertEquals(6, ml.catalog().size(), e.name());
        }
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void twoThreadsSplitAtTheSameLinesWithEveryTerminator(Ending ending) throws IOException {
        List<String> lines = new ArrayList<>(List.of("userId,movieId,rating,timestamp"));
        for (int i = 0; i < 4000; i++) {
            lines.add((i / 5 + 1) + "," + (i % 5 + 1) + "," + (i % 10 * 0.5 + 0.5) + "," + i);
            if (i % 400 == 7) {
                lines.add("");
                lines.add("1,77,3.0,5");                                      // unknown item
                lines.add("\"2\",\"" + (i % 5 + 1) + "\",\"x\",\"5\"");        // malformed, slow path
            }
        }
        Path dir = write("threads-" + ending, Map.of("ratings.csv", lines), ending, false, true);
        Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n1,A,Drama\n2,B,Drama\n3,C,Drama\n4,D,Drama\n5,E,Drama\n");
        ItemCatalog.Builder b = ItemCatalog.builder();
        CatalogReaders.readMoviesCsv(dir.resolve("movies.csv"), b, true);
        ItemCatalog catalog = b.build();
        String[] seen = new String[2];
        for (int threads = 1; threads <= 2; threads++) {
            RatingsParser p = new RatingsParser(dir.resolve("ratings.csv"), ",", true, List.of(RatingsParser.FIELDS),
                    new ValueRange(0.5, 5, 0.5), new ItemLookup(catalog.items()), "movies.csv", true, threads);
            p.parallelMinBytes = 0;
            RatingsParser.Parsed parsed = p.parse();
            Interactions r = p.finish(parsed, catalog.items());
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < r.size(); k++) {
                sb.append(r.users().longId(r.user(k))).append(',').append(r.item(k)).append(',').append(r.value(k))
                        .append(',').append(r.timestamp(k)).append('\n');
            }
            LoadReport.FileReport f = parsed.tally.freeze();
            assertEquals(4020, f.rowsRead(), ending.name());
            assertEquals(4000, f.rowsKept(), ending.name());
            seen[threads - 1] = sb.append(f).toString();
            for (String ex : f.examples(SkipReason.UNKNOWN_ITEM)) {
                int line = Integer.parseInt(ex.split(":")[1]);
                assertEquals("1,77,3.0,5", lines.get(line - 1), ex);
            }
        }
        assertEquals(seen[0], seen[1], ending.name());
    }

    @Test
    void theSplitPointIsAlwaysALineStart() throws IOException {
        for (String text : new String[] {"aaaa\r\nbbbb\r\ncccc\r\n", "aaaa\rbbbb\rcccc\r", "aaaaaa\rb\nc", "aaaaa\r\nbbbbbb"}) {
            Path f = Files.writeString(tmp.resolve("split.txt"), text);
            try (var ch = java.nio.channels.FileChannel.open(f)) {
                for (int size = 1; size <= text.length(); size++) {
                    long s = RatingsParser.splitPoint(ch, size);
                    if (s >= 0) {
                        assertTrue(s > 0 && s < size, text + " " + size + " -> " + s);
                        char before = text.charAt((int) s - 1);
                        assertTrue(before == '\n' || (before == '\r' && text.charAt((int) s) != '\n'),
                                text.replace("\r", "\\r").replace("\n", "\\n") + " split at " + s);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ the real data sets, rewritten

    @ParameterizedTest
    @EnumSource(value = Ending.class, names = {"CRLF", "CR", "FIRST_CR", "MIXED"})
    void realDataSetsLoadTheSameWithEveryTerminator(Ending ending) throws IOException {
        for (String name : new String[] {"ml-100k", "ml-latest-small"}) {
            Path src = SharedData.dataSet(name);
            Path copy = Files.createDirectories(tmp.resolve(name + "-" + ending));
            MovieLensFormat format = MovieLens.detect(src);
            List<String> names = new ArrayList<>(List.of(format.ratingsFile(), format.itemsFile()));
            names.addAll(format.optionalFiles());
            for (String file : names) {
                Path p = src.resolve(file);
                if (Files.isRegularFile(p)) {
                    Files.write(copy.resolve(file), reterminate(Files.readAllBytes(p), ending));
                }
            }
            MovieLensData original = MovieLens.load(src, LoadOptions.lenient());
            MovieLensData rewritten = MovieLens.load(copy, LoadOptions.lenient());
            assertEquals(snapshot(original), snapshot(rewritten), name + " " + ending);
            assertAccounted(rewritten.report());
            if (name.equals("ml-100k")) {
                assertEquals(100_000, rewritten.ratings().size());
                assertEquals(MovieLens.load(src).ratings().size(), MovieLens.load(copy).ratings().size());
            } else {
                assertEquals(100_836, rewritten.ratings().size());
                DataFileException e = assertThrows(DataFileException.class, () -> MovieLens.load(copy));
                assertEquals("ratings.csv:100838: movieId=999999: item not in movies.csv", e.getMessage());
            }
        }
    }

    /** Replaces every LF / CRLF line end of {@code bytes} by the ending's terminators, line by line. */
    private static byte[] reterminate(byte[] bytes, Ending ending) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + bytes.length / 20);
        int line = 0;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                out.write(bytes, start, end - start);
                if (i < bytes.length) {
                    out.writeBytes(ending.terminator.apply(line++).getBytes(StandardCharsets.US_ASCII));
                }
                start = i + 1;
            }
        }
        return out.toByteArray();
    }

    static Stream<Ending> endings() {
        return Stream.of(Ending.values());
    }
}
