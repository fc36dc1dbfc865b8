package org.recsys4j.core.movielens;

import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.SkipReason;
import org.recsys4j.core.io.internal.CsvRows;
import org.recsys4j.core.io.Dialect;
import org.recsys4j.core.io.internal.FileTally;
import org.recsys4j.core.io.internal.Fields;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the MovieLens catalogue files (movies, links, tags, u.item, u.genre, movies.dat, tags.dat)
 * into an {@link ItemCatalog.Builder}, validating every row through a {@link FileTally}.
 */
final class CatalogReaders {
    static final String NO_GENRES = "(no genres listed)";
    /** The genre names of ml-100k's u.genre, used when that file is absent. */
    static final List<String> ML100K_GENRES = List.of("unknown", "Action", "Adventure", "Animation", "Children's",
            "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
            "Romance", "Sci-Fi", "Thriller", "War", "Western");

    private CatalogReaders() {
    }

    /** Receives one CSV record with its 1-based starting line. */
    private interface CsvRow {
        void accept(long line, List<String> rec) throws DataFileException;
    }

    /** Receives one text line (not blank) with its 1-based line number. */
    private interface TextRow {
        void accept(long line, String text) throws DataFileException;
    }

    // ---------------------------------------------------------------- ml-latest CSV

    static FileTally readMoviesCsv(Path file, ItemCatalog.Builder catalog, boolean lenient) throws IOException {
        FileTally tally = new FileTally(name(file), lenient);
        Long2LongOpenHashMap firstLine = new Long2LongOpenHashMap();
        readCsv(file, List.of("movieId", "title", "genres"), tally, (line, rec) -> {
            if (!columns(tally, line, rec, 3)) {
                return;
            }
            long id = id(tally, line, "movieId", rec.get(0));
            String title = rec.get(1);
            String genres = rec.get(2);
            if (id < 0 || !nonEmpty(tally, line, "title", title) || !nonEmpty(tally, line, "genres", genres)) {
                return;
            }
            if (firstLine.containsKey(id)) {
                tally.skip(SkipReason.DUPLICATE, line, "movieId", rec.get(0),
                        "movie already listed on line " + firstLine.get(id));
                return;
            }
            firstLine.put(id, line);
            catalog.add(id, title, splitGenres(genres));
            tally.rowsKept++;
        });
        return tally;
    }

    static FileTally readLinksCsv(Path file, IdIndex items, ItemCatalog.Builder catalog, String moviesName,
                                  boolean lenient)
            throws IOException {
        FileTally tally = new FileTally(name(file), lenient);
        Long2LongOpenHashMap firstLine = new Long2LongOpenHashMap();
        readCsv(file, List.of("movieId", "imdbId", "tmdbId"), tally, (line, rec) -> {
            if (!columns(tally, line, rec, 3)) {
                return;
            }
            long id = id(tally, line, "movieId", rec.get(0));
            if (id < 0) {
                return;
            }
            String imdb = rec.get(1);
            String tmdb = rec.get(2);
            if (!imdb.isEmpty() && !Fields.allDigits(imdb)) {
                tally.skip(SkipReason.MALFORMED, line, "imdbId", imdb, "not a whole number");
                return;
            }
            long tmdbId = -1;
            if (!tmdb.isEmpty()) {
                tmdbId = id(tally, line, "tmdbId", tmdb);
                if (tmdbId < 0) {
                    return;
                }
            }
            if (!items.contains(id)) {
                tally.skip(SkipReason.UNKNOWN_ITEM, line, "movieId", rec.get(0), "item not in " + moviesName);
                return;
            }
            if (firstLine.containsKey(id)) {
                tally.skip(SkipReason.DUPLICATE, line, "movieId", rec.get(0),
                        "links already given on line " + firstLine.get(id));
                return;
            }
            firstLine.put(id, line);
            if (!imdb.isEmpty()) {
                catalog.withImdbId(id, imdb);
            }
            if (tmdbId >= 0) {
                catalog.withTmdbId(id, tmdbId);
            }
            tally.rowsKept++;
        });
        return tally;
    }

    static FileTally readTagsCsv(Path file, IdIndex items, ItemCatalog.Builder catalog, String moviesName,
                                 boolean lenient)
            throws IOException {
        FileTally tally = new FileTally(name(file), lenient);
        readCsv(file, List.of("userId", "movieId", "tag", "timestamp"), tally, (line, rec) -> {
            if (columns(tally, line, rec, 4)) {
                tag(tally, items, catalog, moviesName, line, rec.get(0), rec.get(1), rec.get(2), rec.get(3));
            }
        });
        return tally;
    }

    private static void tag(FileTally tally, IdIndex items, ItemCatalog.Builder catalog, String moviesName, long line,
                            String user, String movie, String tag, String ts) throws DataFileException {
        long u = id(tally, line, "userId", user);
        if (u < 0) {
            return;
        }
        long m = id(tally, line, "movieId", movie);
        if (m < 0 || !nonEmpty(tally, line, "tag", tag)) {
            return;
        }
        long t = timestamp(tally, line, ts);
        if (t < 0) {
            return;
        }
        if (!items.contains(m)) {
            tally.skip(SkipReason.UNKNOWN_ITEM, line, "movieId", movie, "item not in " + moviesName);
            return;
        }
        catalog.addTag(m, new ItemCatalog.Tag(u, tag, t));
        tally.rowsKept++;
    }

    /**
     * Streams a UTF-8 CSV file through {@link CsvRows} (optional BOM; LF, CRLF or lone-CR line ends; blank
     * lines ignored; broken quoting located, a MALFORMED row in lenient mode), checks the header (the
     * first line that is not blank) and hands each data record to {@code row}.
     */
    private static void readCsv(Path file, List<String> header, FileTally tally, CsvRow row) throws IOException {
        String fileName = name(file);
        long records = CsvRows.read(file, Dialect.CSV, tally, new CsvRows.Handler() {
            @Override
            public void header(long line, List<String> fields) throws DataFileException {
                if (!fields.equals(header)) {
                    throw new DataFileException(fileName, line, "header", String.join(",", fields),
                            "expected header " + String.join(",", header));
                }
            }

            @Override
            public void row(long line, List<String> fields) throws DataFileException {
                row.accept(line, fields);
            }
        });
        if (records == 0) {
            throw new DataFileException(fileName, 1, "header", "",
                    "file is empty, expected header " + String.join(",", header));
        }
    }

    // ---------------------------------------------------------------- ml-100k

    /**
     * Reads u.genre ({@code name|index} lines) into a list indexed by the flag position. The file is
     * structural (each genre's position says which u.item column is its flag, so one skipped genre
     * would shift every movie's genres), so a bad line is an error in either mode.
     */
    static List<String> readGenres(Path file, FileTally tally) throws IOException {
        List<String> names = new ArrayList<>();
        readLines(file, StandardCharsets.ISO_8859_1, (line, text) -> {
            tally.rowsRead++;
            int bar = text.lastIndexOf('|');
            String name = bar < 0 ? text : text.substring(0, bar);
            String index = bar < 0 ? "" : text.substring(bar + 1);
            if (bar <= 0 || !index.equals(Integer.toString(names.size()))) {
                throw new DataFileException(tally.file, line, "index", index,
                        "expected name|" + names.size() + " (genres numbered 0, 1, 2, ... in order; u.genre is "
                                + "read whole even in lenient mode, since one skipped genre would shift every "
                                + "u.item genre flag)");
            }
            names.add(name);
            tally.rowsKept++;
        });
        if (names.isEmpty()) {
            throw new DataFileException(name(file), 1, "line", "", "no genres listed");
        }
        return names;
    }

    /**
     * Reads u.item (Latin-1, {@code id|title|release date|video date|IMDb URL|flag...}); a genre
     * whose flag is 1 is added, except {@code unknown}. {@code genreSource} names the file the genre
     * names came from (for messages), or is null for the built-in list.
     */
    static FileTally readUItem(Path file, List<String> genreNames, String genreSource, ItemCatalog.Builder catalog,
                               boolean lenient) throws IOException {
        FileTally tally = new FileTally(name(file), lenient);
        int fields = 5 + genreNames.size();
        Long2LongOpenHashMap firstLine = new Long2LongOpenHashMap();
        readLines(file, StandardCharsets.ISO_8859_1, (line, text) -> {
            tally.rowsRead++;
            String[] f = text.split("\\|", -1);
            if (f.length != fields) {
                tally.skip(SkipReason.MALFORMED, line, "line", text, "expected " + fields
                        + " fields (id|title|release date|video date|IMDb URL|" + genreNames.size()
                        + " genre flags" + (genreSource == null ? "" : ", one per genre of " + genreSource)
                        + ") separated by '|', found " + f.length);
                return;
            }
            long id = id(tally, line, "movieId", f[0]);
            if (id < 0 || !nonEmpty(tally, line, "title", f[1])) {
                return;
            }
            List<String> genres = new ArrayList<>();
            for (int g = 0; g < genreNames.size(); g++) {
                String flag = f[5 + g];
                if (flag.equals("1")) {
                    if (!genreNames.get(g).equals("unknown")) {
                        genres.add(genreNames.get(g));
                    }
                } else if (!flag.equals("0")) {
                    tally.skip(SkipReason.MALFORMED, line, genreNames.get(g), flag, "genre flag must be 0 or 1");
                    return;
                }
            }
            if (firstLine.containsKey(id)) {
                tally.skip(SkipReason.DUPLICATE, line, "movieId", f[0],
                        "movie already listed on line " + firstLine.get(id));
                return;
            }
            firstLine.put(id, line);
            catalog.add(id, f[1], genres);
            if (!f[4].isEmpty()) {
                catalog.withImdbUrl(id, f[4]);
            }
            tally.rowsKept++;
        });
        return tally;
    }

    // ---------------------------------------------------------------- ml-1m / ml-10m .dat

    /** Reads movies.dat ({@code id::title::genres}), UTF-8 if valid else Latin-1. */
    static FileTally readMoviesDat(Path file, ItemCatalog.Builder catalog, boolean lenient) throws IOException {
        FileTally tally = new FileTally(name(file), lenient);
        Long2LongOpenHashMap firstLine = new Long2LongOpenHashMap();
        readLines(file, null, (line, text) -> {
            tally.rowsRead++;
            String[] f = text.split("::", -1);
            if (f.length != 3) {
                tally.skip(SkipReason.MALFORMED, line, "line", text,
                        "expected 3 fields (movieId::title::genres), found " + f.length);
                return;
            }
            long id = id(tally, line, "movieId", f[0]);
            if (id < 0 || !nonEmpty(tally, line, "title", f[1]) || !nonEmpty(tally, line, "genres", f[2])) {
                return;
            }
            if (firstLine.containsKey(id)) {
                tally.skip(SkipReason.DUPLICATE, line, "movieId", f[0],
                        "movie already listed on line " + firstLine.get(id));
                return;
            }
            firstLine.put(id, line);
            catalog.add(id, f[1], splitGenres(f[2]));
            tally.rowsKept++;
        });
        return tally;
    }

    /** Reads tags.dat ({@code userId::movieId::tag::timestamp}); a tag may itself contain {@code ::}. */
    static FileTally readTagsDat(Path file, IdIndex items, ItemCatalog.Builder catalog, String moviesName,
                                 boolean lenient)
            throws IOException {
        FileTally tally = new FileTally(name(file), lenient);
        readLines(file, null, (line, text) -> {
            tally.rowsRead++;
            String[] f = text.split("::", -1);
            if (f.length < 4) {
                tally.skip(SkipReason.MALFORMED, line, "line", text,
                        "expected 4 fields (userId::movieId::tag::timestamp), found " + f.length);
                return;
            }
            String tag = String.join("::", Arrays.asList(f).subList(2, f.length - 1));
            tag(tally, items, catalog, moviesName, line, f[0], f[1], tag, f[f.length - 1]);
        });
        return tally;
    }

    /**
     * Reads a whole text file and hands each non-blank line to {@code row}: an optional BOM is
     * dropped; LF, CRLF and a lone CR all end a line (mixed in one file too), and a blank line still
     * counts for the line numbers. With {@code charset == null} the file is decoded as UTF-8 if it is
     * valid UTF-8, else as Latin-1.
     */
    private static void readLines(Path file, Charset charset, TextRow row) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        String text;
        if (charset != null) {
            text = new String(bytes, start, bytes.length - start, charset);
        } else {
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
            } catch (CharacterCodingException e) {
                text = new String(bytes, start, bytes.length - start, StandardCharsets.ISO_8859_1);
            }
        }
        if (text.isBlank()) {
            throw new DataFileException(name(file), 1, "line", "", "file is empty");
        }
        long line = 0;
        int pos = 0;
        int len = text.length();
        while (pos < len) {
            int end = pos;
            while (end < len && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            line++;
            if (end > pos) {
                row.accept(line, text.substring(pos, end));
            }
            pos = end < len && text.charAt(end) == '\r' && end + 1 < len && text.charAt(end + 1) == '\n'
                    ? end + 2 : end + 1;
        }
    }

    // ---------------------------------------------------------------- field helpers

    static List<String> splitGenres(String genres) {
        if (genres.equals(NO_GENRES)) {
            return List.of();
        }
        return Arrays.asList(genres.split("\\|"));
    }

    private static boolean columns(FileTally tally, long line, List<String> rec, int expected) throws DataFileException {
        if (rec.size() != expected) {
            tally.skip(SkipReason.MALFORMED, line, "line", String.join(",", rec),
                    "expected " + expected + " fields, found " + rec.size());
            return false;
        }
        return true;
    }

    private static boolean nonEmpty(FileTally tally, long line, String field, String value)
            throws DataFileException {
        if (value.isEmpty()) {
            tally.skip(SkipReason.MALFORMED, line, field, value, "empty");
            return false;
        }
        return true;
    }

    /** Returns the id (0..2^31-1) or -1 after reporting it as MALFORMED. */
    static long id(FileTally tally, long line, String field, String s) throws DataFileException {
        if (s.isEmpty()) {
            tally.skip(SkipReason.MALFORMED, line, field, s, "empty");
            return -1;
        }
        if (!Fields.allDigits(s)) {
            tally.skip(SkipReason.MALFORMED, line, field, s, s.matches("-\\d+") ? "negative id" : "not a whole number");
            return -1;
        }
        if (s.length() > 10 || Long.parseLong(s) > Integer.MAX_VALUE) {
            tally.skip(SkipReason.MALFORMED, line, field, s, "id larger than " + Integer.MAX_VALUE);
            return -1;
        }
        return Long.parseLong(s);
    }

    private static long timestamp(FileTally tally, long line, String s) throws DataFileException {
        if (s.isEmpty() || !Fields.allDigits(s) || s.length() > 18) {
            tally.skip(SkipReason.MALFORMED, line, "timestamp", s,
                    s.isEmpty() ? "empty" : "not a whole number of seconds");
            return -1;
        }
        return Long.parseLong(s);
    }

    static String name(Path file) {
        return file.getFileName().toString();
    }
}
