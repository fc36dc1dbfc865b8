package org.recsys4j.recall.channel;

import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;

import java.util.Arrays;
import java.util.Objects;

/**
 * Builds the newest-items channel, by any NUMERIC or TIMESTAMP attribute of an {@link ItemCatalog} (a
 * listing date, a release date, a version number) or by first-seen time (the earliest interaction of each
 * item). Ties (same value) go to the lower item index; items without a value, or without any interaction,
 * are not ranked. The raw score is the attribute's value (seconds since the epoch for a TIMESTAMP), or the
 * first-seen timestamp in seconds.
 *
 * <pre>{@code
 * RankedListChannel newest = Newest.byAttribute("newest", catalog, "listed");
 * RankedListChannel firstSeen = Newest.byFirstSeen("first-seen", events);
 * }</pre>
 */
public final class Newest {
    /** The default channel name. */
    public static final String DEFAULT_NAME = "newest";

    private Newest() {
    }

    /**
     * Returns a channel of the items by a NUMERIC or TIMESTAMP attribute, largest (most recent) first.
     *
     * @param name      the channel name
     * @param catalog   the items
     * @param attribute the name of a NUMERIC or TIMESTAMP attribute of the catalogue
     * @return the channel
     * @throws IllegalArgumentException naming the attribute and listing the catalogue's attributes, if it has no
     *                                  such attribute or it is neither NUMERIC nor TIMESTAMP; or a blank name
     */
    public static RankedListChannel byAttribute(String name, ItemCatalog catalog, String attribute) {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(attribute, "attribute");
        return RankedListChannel.of(name, catalog.numbers(attribute));
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
