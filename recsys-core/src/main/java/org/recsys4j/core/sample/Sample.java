package org.recsys4j.core.sample;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One sample of a {@link SampleSet}, copied out for reading: raw ids, label, part, the six as-of
 * numerics, the user's history lists and the item's static metadata. Use the columnar accessors of
 * {@link SampleSet} on hot paths.
 *
 * @param userId            external user id
 * @param itemId            external item id
 * @param timestamp         seconds
 * @param rating            the rating the label comes from
 * @param label             true iff the rating is at or above the positive threshold
 * @param part              fit, validation or test
 * @param itemRatingCount   the item's ratings strictly before {@code timestamp}
 * @param itemAvgRating     their mean (0 when none)
 * @param itemRatingStddev  their sample standard deviation (0 when fewer than 2)
 * @param userRatingCount   the user's ratings strictly before {@code timestamp}
 * @param userAvgRating     their mean (0 when none)
 * @param userRatingStddev  their sample standard deviation (0 when fewer than 2)
 * @param recentPositives   external ids of the user's most recent positively rated items, most recent first
 * @param favouriteGenres   the user's favourite genre names, best first
 * @param genres            the item's genre names (ordinal order; empty when none)
 * @param year              the item's release year, or empty
 * @param crossBucket       the wide-cross bucket of (itemId, first recent positive or 0)
 */
public record Sample(long userId, long itemId, long timestamp, float rating, boolean label, Part part,
                     int itemRatingCount, double itemAvgRating, double itemRatingStddev,
                     int userRatingCount, double userAvgRating, double userRatingStddev,
                     List<Long> recentPositives, List<String> favouriteGenres, List<String> genres,
                     OptionalInt year, int crossBucket) {
    /** Checks that no component is null and copies the lists (unmodifiable). */
    public Sample {
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(year, "year");
        recentPositives = List.copyOf(recentPositives);
        favouriteGenres = List.copyOf(favouriteGenres);
        genres = List.copyOf(genres);
    }
}
