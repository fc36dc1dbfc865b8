package org.recsys4j.core.sample;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One sample of a {@link SampleSet}, copied out for reading and printing: ids as text, label, part, the
 * numerics under their encoded names, the user's history lists and the item's attributes. Use the columnar
 * accessors of {@link SampleSet} on hot paths.
 *
 * @param userId          external user id (numeric ids in decimal)
 * @param itemId          external item id
 * @param timestamp       seconds
 * @param value           the value of the sample's event (a rating, a policy's signal)
 * @param label           true iff the event is positive under the spec's label rule
 * @param part            fit, validation or test
 * @param numerics        the spec's aggregates, then its affinities, by encoded feature name (e.g.
 *                        {@code userCount}, {@code categoryAffinity}; protocol C: {@code userRatingCount})
 * @param recentPositives the ids of the user's most recent positive items, most recent first
 * @param favourites      the user's favourite values, best first, by favourite attribute
 * @param attributes      the item's values of the spec's item attributes as text ({@code ItemAttribute.textAt});
 *                        an attribute the item has no value for is absent
 * @param crossBucket     the wide-cross bucket of (item, most recent positive)
 */
public record Sample(String userId, String itemId, long timestamp, float value, boolean label, Part part,
                     Map<String, Double> numerics, List<String> recentPositives,
                     Map<String, List<String>> favourites, Map<String, String> attributes, int crossBucket) {
    /** Checks that no component is null and copies the collections (unmodifiable, order kept). */
    public Sample {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(part, "part");
        numerics = Collections.unmodifiableMap(new LinkedHashMap<>(numerics));
        recentPositives = List.copyOf(recentPositives);
        Map<String, List<String>> favs = new LinkedHashMap<>();
        favourites.forEach((k, v) -> favs.put(k, List.copyOf(v)));
        favourites = Collections.unmodifiableMap(favs);
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }
}
