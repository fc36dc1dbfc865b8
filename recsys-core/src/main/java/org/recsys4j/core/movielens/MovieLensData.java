package org.recsys4j.core.movielens;

import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.LoadReport;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A loaded MovieLens data set: the catalogue, the ratings over it and what the loader skipped.
 *
 * <p>{@code ratings.items()} is the very {@link org.recsys4j.core.data.IdIndex} object of
 * {@code catalog.items()} (ascending movie id, every catalogue movie, rated or not);
 * {@code ratings.users()} lists, in ascending id order, the users with at least one kept rating. Each
 * rating row keeps the file order; its value is the rating and its timestamp is in seconds.
 *
 * @param format  the layout that was detected
 * @param dir     the directory that was read
 * @param catalog the movies with titles, years, genres, links and tags
 * @param ratings the kept ratings
 * @param report  rows read, kept and skipped per file
 */
public record MovieLensData(MovieLensFormat format, Path dir, ItemCatalog catalog, Interactions ratings,
                            LoadReport report) {
    /** Checks that no component is null and that the ratings use the catalogue's item index. */
    public MovieLensData {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(ratings, "ratings");
        Objects.requireNonNull(report, "report");
        if (ratings.items() != catalog.items()) {
            throw new IllegalArgumentException("ratings: item index must be the catalogue's items()");
        }
    }
}
