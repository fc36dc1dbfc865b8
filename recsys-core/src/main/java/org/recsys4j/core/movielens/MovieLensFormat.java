package org.recsys4j.core.movielens;

import org.recsys4j.core.io.ValueRange;

import java.util.List;

/** Returns which MovieLens file layout a directory holds; {@link MovieLens#detect} picks one from the files present. */
public enum MovieLensFormat {
    /**
     * ml-latest, ml-latest-small, ml-20m, ml-25m, ml-32m: {@code ratings.csv} and {@code movies.csv}, with
     * {@code links.csv} and {@code tags.csv} read when present. UTF-8, comma separated, a header line,
     * RFC 4180 quoting. Default rating range 0.5 to 5.0 in steps of 0.5.
     */
    LATEST_CSV("ratings.csv", "movies.csv", List.of("links.csv", "tags.csv")),
    /**
     * ml-100k: {@code u.data} (tab separated, no header) and {@code u.item} (pipe separated, Latin-1),
     * with genre names from {@code u.genre} when present. Default rating range 1 to 5 in steps of 1.
     */
    ML_100K("u.data", "u.item", List.of("u.genre")),
    /**
     * ml-1m and ml-10m: {@code ratings.dat} and {@code movies.dat}, with {@code tags.dat} (ml-10m) when
     * present; fields separated by {@code ::}, no header. ml-1m is Latin-1 and ml-10m UTF-8, so each
     * file is decoded as UTF-8 when it is valid UTF-8 and as Latin-1 otherwise. Default rating range
     * 0.5 to 5.0 in steps of 0.5 (which admits ml-1m's whole stars).
     */
    DAT("ratings.dat", "movies.dat", List.of("tags.dat"));

    private final String ratingsFile;
    private final String itemsFile;
    private final List<String> optionalFiles;

    MovieLensFormat(String ratingsFile, String itemsFile, List<String> optionalFiles) {
        this.ratingsFile = ratingsFile;
        this.itemsFile = itemsFile;
        this.optionalFiles = optionalFiles;
    }

    /** Returns the name of the ratings file, e.g. {@code ratings.csv}. */
    public String ratingsFile() {
        return ratingsFile;
    }

    /** Returns the name of the item (movie) file, e.g. {@code movies.csv}. */
    public String itemsFile() {
        return itemsFile;
    }

    /** Returns the names of the files read when present (links, tags, genre names). */
    public List<String> optionalFiles() {
        return optionalFiles;
    }

    /**
     * Returns the ratings this layout accepts unless {@link org.recsys4j.core.io.LoadOptions} sets a value
     * range: 1 to 5 in whole stars for ml-100k, 0.5 to 5 in half stars for the others.
     */
    public ValueRange defaultRatingRange() {
        return this == ML_100K ? new ValueRange(1.0, 5.0, 1.0) : new ValueRange(0.5, 5.0, 0.5);
    }
}
