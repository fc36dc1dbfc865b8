package org.recsys4j.recall.channel;

import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Builds the newest-items channel, by release year (from an {@link ItemCatalog}) or by first-seen time
 * (the earliest interaction of each item). Ties (same year) go to the lower item index; items without
 * a year, or without any interaction, are not ranked. The raw score is the year, or the first-seen
 * timestamp in seconds.
 *
 * <pre>{@code
 * RankedListChannel newest = Newest.byYear("newest", catalog);
 * }</pre>
 */
public final class Newest {
    /** The default channel name. */
    public static final String DEFAULT_NAME = "newest";

    private Newest() {
    }

    /**
     * Returns a channel of the items by release year, most recent first.
     *
     * @param name    the channel name
     * @param catalog the items, with their years
     */
    public static RankedListChannel byYear(String name, ItemCatalog catalog) {
        Objects.requireNonNull(catalog, "catalog");
        double[] s = new double[catalog.size()];
        for (int i = 0; i < s.length; i++) {
            OptionalInt y = catalog.year(i);
            s[i] = y.isPresent() ? y.getAsInt() : Double.NaN;
        }
        return RankedListChannel.of(name, s);
    }

    /**
     * Returns a channel of the items by their first interaction, most recent first.
     *
     * @param name         the channel name
     * @param interactions the log; its timestamps are used
     */
    public static RankedListChannel byFirstSeen(String name, Interactions interactions) {
        Objects.requireNonNull(interactions, "interactions");
        double[] s = new double[interactions.numItems()];
        Arrays.fill(s, Double.NaN);
        for (int k = 0; k < interactions.size(); k++) {
            int i = interactions.item(k);
            double t = interactions.timestamp(k);
            if (Double.isNaN(s[i]) || t < s[i]) {
                s[i] = t;
            }
        }
        return RankedListChannel.of(name, s);
    }
}
