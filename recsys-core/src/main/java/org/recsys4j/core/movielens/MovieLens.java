package org.recsys4j.core.movielens;

import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.CatalogMapping;
import org.recsys4j.core.io.CatalogReader;
import org.recsys4j.core.io.Column;
import org.recsys4j.core.io.Dialect;
import org.recsys4j.core.io.EventLogReader;
import org.recsys4j.core.io.EventMapping;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.io.LoadReport;
import org.recsys4j.core.io.SkipReason;
import org.recsys4j.core.io.TimestampUnit;
import org.recsys4j.core.io.TooFewRowsKeptException;
import org.recsys4j.core.io.internal.FileTally;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Stream;

/**
 * Loads a MovieLens data set from a directory, whatever its layout: ml-latest / ml-latest-small /
 * ml-25m CSV, ml-100k {@code u.*}, or ml-1m / ml-10m {@code .dat} ({@link MovieLensFormat}).
 *
 * <p>Every row of every file is validated. In {@linkplain LoadOptions.Mode#STRICT strict} mode (the
 * default) the first bad row throws a {@link org.recsys4j.core.data.DataFileException} whose message
 * names file, line, field and value, e.g. {@code ratings.csv:100838: movieId=999999: item not in
 * movies.csv}. In {@linkplain LoadOptions.Mode#LENIENT lenient} mode bad rows are skipped, counted by
 * {@link SkipReason} in the {@link LoadReport}, and one summary line is logged through slf4j; but a
 * file that keeps none, or fewer than {@link LoadOptions#minKeptFraction()}, of the rows it read fails
 * the load ({@link TooFewRowsKeptException}), and so does a structural problem in either mode (a wrong
 * header, an empty required file, a bad {@code u.genre} line). Either way a rating of an item missing
 * from the catalogue is never kept, and of repeated (user, item) rows only the first is kept.
 *
 * <p>Text handling: CSV files are UTF-8 with RFC 4180 quoting and a required header (the first line
 * that is not blank); u.item and u.genre are Latin-1; {@code .dat} files are decoded as UTF-8 when
 * valid and as Latin-1 otherwise (ml-10m is UTF-8, ml-1m Latin-1). Any file may start with a UTF-8
 * byte-order mark and lack a final newline; LF, CRLF and a lone CR all end a line, in every file, in
 * both modes and on both paths of the ratings parser, mixed in one file too, and every blank line still
 * counts for the line numbers of later rows. Blank lines are ignored. A quoted CSV field that never
 * closes is an error naming the line where it opened in strict mode; lenient mode skips that record
 * as one MALFORMED row and reads on from the next line. Ids must be whole numbers in
 * {@code 0..2147483647}; timestamps whole, non-negative seconds.
 *
 * <pre>{@code
 * MovieLensData ml = MovieLens.load(Path.of("../shared/data/ml-latest-small"), LoadOptions.lenient());
 * System.out.println(ml.report());                     // rows read / kept / skipped per file
 * Interactions ratings = ml.ratings();                 // 100,836 ratings by 610 users
 * ItemCatalog movies = ml.catalog();                   // 9,742 movies
 * int toyStory = movies.items().indexOf(1);
 * movies.title(toyStory);                              // "Toy Story (1995)"
 * }</pre>
 */
public final class MovieLens {
    private static final Logger LOG = LoggerFactory.getLogger(MovieLens.class);

    private MovieLens() {
    }

    /**
     * Returns the data set in {@code dir}, loaded in strict mode with the layout's default rating range.
     *
     * @throws IOException                                      if a file cannot be read, the directory is
     *                                                          missing or holds no known layout
     * @throws org.recsys4j.core.data.DataFileException on the first bad row or header
     */
    public static MovieLensData load(Path dir) throws IOException {
        return load(dir, LoadOptions.strict());
    }

    private static List<FileTally> await(FutureTask<List<FileTally>> task) throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the catalogue", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException) {
                throw (IOException) c;
            } else if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            } else if (c instanceof Error) {
                throw (Error) c;
            }
            throw new IllegalStateException(c);
        }
    }

    /**
     * Returns the data set in {@code dir}, loaded with {@code options}. Files that only attach links
     * or tags to the catalogue are read on a second thread while the ratings are parsed; errors are
     * reported as if the files had been read one after another.
     *
     * @throws IOException                                      if a file cannot be read, the directory is
     *                                                          missing or holds no known layout
     * @throws org.recsys4j.core.data.DataFileException in strict mode on the first bad row; in
     *                                                          either mode on a wrong header, an empty
     *                                                          required file or a bad u.genre line
     * @throws TooFewRowsKeptException                          in lenient mode when a file kept none or
     *                                                          too few of its rows
     */
    public static MovieLensData load(Path dir, LoadOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        MovieLensFormat format = detect(dir);
        boolean lenient = options.isLenient();
        List<FileTally> tallies = new ArrayList<>();
        ItemCatalog.Builder builder = ItemCatalog.builder();
        String itemsName = format.itemsFile();
        // files that only attach links or tags to catalogue items: read while the ratings are parsed
        List<Path> links = new ArrayList<>();
        List<Path> tagFiles = new ArrayList<>();
        switch (format) {
            case LATEST_CSV -> {
                tallies.add(checked(CatalogReaders.readMoviesCsv(dir.resolve(itemsName), builder, lenient), options));
                if (Files.isRegularFile(dir.resolve("links.csv"))) {
                    links.add(dir.resolve("links.csv"));
                }
                if (Files.isRegularFile(dir.resolve("tags.csv"))) {
                    tagFiles.add(dir.resolve("tags.csv"));
                }
            }
            case ML_100K -> {
                Path genreFile = dir.resolve("u.genre");
                List<String> genres = CatalogReaders.ML100K_GENRES;
                FileTally genreTally = null;
                if (Files.isRegularFile(genreFile)) {
                    genreTally = new FileTally("u.genre", lenient);
                    genres = CatalogReaders.readGenres(genreFile, genreTally);
                    tallies.add(genreTally);
                }
                tallies.add(checked(CatalogReaders.readUItem(dir.resolve(itemsName), genres,
                        genreTally == null ? null : "u.genre", builder, lenient), options));
            }
            case DAT -> {
                tallies.add(checked(CatalogReaders.readMoviesDat(dir.resolve(itemsName), builder, lenient), options));
                if (Files.isRegularFile(dir.resolve("tags.dat"))) {
                    tagFiles.add(dir.resolve("tags.dat"));
                }
            }
            default -> throw new AssertionError(format);
        }
        // the items are fixed now: the ratings are indexed by them while, on a second thread, links and tags
        // are attached to a builder derived from the catalogue (its build() keeps the same item index)
        ItemCatalog movies = builder.build();
        IdIndex items = movies.items();
        ItemCatalog[] decorated = {movies};
        FutureTask<List<FileTally>> decorating = null;
        if (!links.isEmpty() || !tagFiles.isEmpty()) {
            decorating = new FutureTask<>(() -> {
                ItemCatalog.Builder b = movies.toBuilder();
                List<FileTally> done = new ArrayList<>();
                for (Path l : links) {
                    done.add(CatalogReaders.readLinksCsv(l, items, b, itemsName, lenient));
                }
                for (Path t : tagFiles) {
                    done.add(format == MovieLensFormat.DAT
                            ? CatalogReaders.readTagsDat(t, items, b, itemsName, lenient)
                            : CatalogReaders.readTagsCsv(t, items, b, itemsName, lenient));
                }
                decorated[0] = b.build();
                return done;
            });
            Thread t = new Thread(decorating, "recsys4j-catalogue");
            t.setDaemon(true);
            t.start();
        }
        RatingsParser.Parsed parsed = null;
        Interactions ratings = null;
        Exception ratingsFailure = null;
        try {
            RatingsParser parser = new RatingsParser(dir.resolve(format.ratingsFile()),
                    switch (format) {
                        case LATEST_CSV -> ",";
                        case ML_100K -> "\t";
                        case DAT -> "::";
                    },
                    format == MovieLensFormat.LATEST_CSV,
                    format == MovieLensFormat.LATEST_CSV ? List.of(RatingsParser.FIELDS) : null,
                    options.valueRange().orElse(format.defaultRatingRange()),
                    new ItemLookup(items), itemsName, lenient, options.threads());
            parsed = parser.parse();
            ratings = parser.finish(parsed, items);
        } catch (IOException | RuntimeException e) {
            ratingsFailure = e;
        }
        if (decorating != null) {
            // a catalogue file's error comes first, as it would if the files were read one after another
            for (FileTally t : await(decorating)) {
                tallies.add(checked(t, options));
            }
        }
        if (ratingsFailure instanceof IOException) {
            throw (IOException) ratingsFailure;
        } else if (ratingsFailure != null) {
            throw (RuntimeException) ratingsFailure;
        }
        ItemCatalog catalog = decorated[0];     // published by the task's completion (await)
        tallies.add(checked(parsed.tally, options));
        List<LoadReport.FileReport> files = new ArrayList<>();
        for (FileTally t : tallies) {
            files.add(t.freeze());
        }
        LoadReport report = new LoadReport("MovieLens " + format, options.mode(), files);
        if (lenient) {
            String line = report.oneLine() + " in " + dir + "; " + ratings.size() + " ratings kept";
            if (report.skipped() > 0) {
                LOG.warn(line);
            } else {
                LOG.info(line);
            }
        }
        return new MovieLensData(format, dir, catalog, ratings, report);
    }

    // ------------------------------------------------------------------ MovieLens as mappings of the generic readers

    /**
     * Returns the ratings file of a layout as an event log mapping for {@link EventLogReader}: numeric user
     * and item ids, the rating as the value column, timestamps in seconds. {@code ratings.csv} by header
     * name ({@code userId,movieId,rating,timestamp}); {@code u.data} tab separated and {@code ratings.dat}
     * {@code ::} separated, both without a header, by position.
     *
     * <p>Read with {@link LoadOptions} whose value range is {@link MovieLensFormat#defaultRatingRange()} and
     * the catalogue's items as known items, then turned into interactions by
     * {@link org.recsys4j.core.data.Feedback#allRatings()}, it gives the same {@code Interactions} as
     * {@link #load} (same ids, rows, values and timestamps; tested on ml-latest-small and ml-100k). What the
     * generic path does not do: the byte-level parser (it reads through commons-csv, which is slower), ids
     * limited to {@code 0..2^31-1}, and repeated (user, item) rows as DUPLICATE skips (an event log keeps them;
     * {@code allRatings} keeps the earliest by time).
     *
     * @param format the layout
     * @return the mapping of its ratings file
     */
    public static EventMapping eventMapping(MovieLensFormat format) {
        Objects.requireNonNull(format, "format");
        EventMapping.Builder b = switch (format) {
            case LATEST_CSV -> EventMapping.builder("userId", "movieId", "timestamp", TimestampUnit.SECONDS)
                    .withValue("rating");
            case ML_100K, DAT -> EventMapping.builder(Column.at(0), Column.at(1), Column.at(3), TimestampUnit.SECONDS)
                    .withValue(Column.at(2)).withDialect(Dialect.builder().withHeader(false).withQuoting(false)
                            .withDelimiter(format == MovieLensFormat.ML_100K ? "\t" : "::").build());
        };
        return b.withUserIds(IdIndex.Kind.NUMERIC).withItemIds(IdIndex.Kind.NUMERIC).build();
    }

    /**
     * Returns the item file of a layout as a catalogue mapping for {@link CatalogReader}, with the
     * attributes of {@link #load}'s catalogue: {@code title} (TEXT, required), {@code genres}
     * (MULTI_CATEGORICAL) and {@code year} (NUMERIC, {@link ItemCatalog#parseYear(String) from the title}),
     * plus, for ml-100k, {@code imdbUrl} (TEXT).
     * <ul>
     *   <li>{@code movies.csv}: {@code movieId,title,genres}, genres separated by {@code |} and required,
     *       {@code (no genres listed)} being the empty set;</li>
     *   <li>{@code u.item}: pipe separated, no header, no quoting, Latin-1; the genres are the 0/1 flag columns 5
     *       to 23 named by ml-100k's {@code u.genre} ({@link #uItemMapping(List)} takes other names), the flag
     *       {@code unknown} being no genre; the release dates are not read (the year comes from the title, as
     *       {@link #load} does).</li>
     * </ul>
     * The links of {@code links.csv} are joined with {@link #linksMapping()}. Tags are not attributes: only
     * {@link #load} reads them.
     *
     * @param format {@link MovieLensFormat#LATEST_CSV} or {@link MovieLensFormat#ML_100K}
     * @return the mapping of its item file
     * @throws IllegalArgumentException for {@link MovieLensFormat#DAT}, whose {@code movies.dat} is UTF-8 or
     *                                  Latin-1 by content, which a mapping cannot say (use {@link #load})
     */
    public static CatalogMapping catalogMapping(MovieLensFormat format) {
        Objects.requireNonNull(format, "format");
        return switch (format) {
            case LATEST_CSV -> CatalogMapping.builder("movieId").withIds(IdIndex.Kind.NUMERIC)
                    .field(CatalogMapping.Field.text(ItemCatalog.TITLE).withRequired(true))
                    .field(CatalogMapping.Field.multiCategorical(ItemCatalog.GENRES, "|").withRequired(true)
                            .withIgnoredValues(CatalogReaders.NO_GENRES))
                    .field(CatalogMapping.Field.numeric(ItemCatalog.TITLE).withName(ItemCatalog.YEAR)
                            .withTransform(MovieLens::yearOfTitle))
                    .build();
            case ML_100K -> uItemMapping(CatalogReaders.ML100K_GENRES);
            case DAT -> throw new IllegalArgumentException("format: DAT has no catalogue mapping: movies.dat is UTF-8 "
                    + "(ml-10m) or Latin-1 (ml-1m), decided by its content; read it with MovieLens.load");
        };
    }

    /**
     * Returns ml-100k's {@code u.item} as a catalogue mapping whose genre flag columns (from column 5 on, one
     * per name) are named by {@code genreNames}, as a {@code u.genre} file lists them; the flag of the genre
     * {@code unknown} is no genre. See {@link #catalogMapping(MovieLensFormat)}.
     *
     * @param genreNames the genre of each flag column, in order
     * @return the mapping
     */
    public static CatalogMapping uItemMapping(List<String> genreNames) {
        List<Column> flags = new ArrayList<>();
        for (int g = 0; g < genreNames.size(); g++) {
            flags.add(Column.at(5 + g));
        }
        return CatalogMapping.builder(Column.at(0)).withIds(IdIndex.Kind.NUMERIC)
                .withDialect(Dialect.builder().withHeader(false).withDelimiter("|").withQuoting(false)
                        .withCharset(StandardCharsets.ISO_8859_1).build())
                .field(CatalogMapping.Field.text(Column.at(1)).withName(ItemCatalog.TITLE).withRequired(true))
                .field(CatalogMapping.Field.flags(ItemCatalog.GENRES, flags, genreNames).withIgnoredValues("unknown"))
                .field(CatalogMapping.Field.numeric(Column.at(1)).withName(ItemCatalog.YEAR)
                        .withTransform(MovieLens::yearOfTitle))
                .field(CatalogMapping.Field.text(Column.at(4)).withName(ItemCatalog.IMDB_URL))
                .build();
    }

    /**
     * Returns {@code links.csv} ({@code movieId,imdbId,tmdbId}) as a catalogue mapping to
     * {@linkplain CatalogReader#join join} to the movies: {@code imdbId} (TEXT, leading zeros kept) and
     * {@code tmdbId} (NUMERIC); an empty cell is no link.
     *
     * @return the mapping
     */
    public static CatalogMapping linksMapping() {
        return CatalogMapping.builder("movieId").withIds(IdIndex.Kind.NUMERIC)
                .field(CatalogMapping.Field.text(ItemCatalog.IMDB_ID))
                .field(CatalogMapping.Field.numeric(ItemCatalog.TMDB_ID))
                .build();
    }

    /** The year transform of the mappings: the year at the end of a title, or "" (none). */
    private static String yearOfTitle(String title) {
        OptionalInt y = ItemCatalog.parseYear(title);
        return y.isPresent() ? Integer.toString(y.getAsInt()) : "";
    }

    /** Returns the tally after the lenient kept-rows check of {@link LoadOptions} (a {@link TooFewRowsKeptException}). */
    private static FileTally checked(FileTally tally, LoadOptions options) throws TooFewRowsKeptException {
        tally.checkKept(options.minKeptFraction());
        return tally;
    }

    /**
     * Returns the layout of the data set in {@code dir}, judged by which files are present: ratings.csv
     * + movies.csv, then u.data + u.item, then ratings.dat + movies.dat.
     *
     * @throws NoSuchFileException   if {@code dir} does not exist, or holds none of those pairs (the
     *                               message lists what was looked for and what was found)
     * @throws NotDirectoryException if {@code dir} is a file
     */
    public static MovieLensFormat detect(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (!Files.exists(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "MovieLens directory does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir.toString());
        }
        StringBuilder looked = new StringBuilder();
        for (MovieLensFormat f : MovieLensFormat.values()) {
            if (Files.isRegularFile(dir.resolve(f.ratingsFile())) && Files.isRegularFile(dir.resolve(f.itemsFile()))) {
                return f;
            }
            looked.append(looked.length() == 0 ? "" : ", ").append(f.ratingsFile()).append(" + ")
                    .append(f.itemsFile()).append(" (").append(f).append(')');
        }
        List<String> found = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.map(p -> p.getFileName().toString()).sorted().limit(20).forEach(found::add);
        }
        throw new NoSuchFileException(dir.toString(), null,
                "no MovieLens data set here: looked for " + looked + "; found " + (found.isEmpty() ? "no files" : found));
    }
}
