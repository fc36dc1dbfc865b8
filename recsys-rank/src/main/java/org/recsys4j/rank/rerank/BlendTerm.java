package org.recsys4j.rank.rerank;

import org.recsys4j.core.data.ItemCatalog;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.IntToDoubleFunction;

/**
 * One signal mixed into the score by a {@link BlendReranker}: a name and a value in [0, 1] per item
 * (items the term knows nothing about give 0). Immutable and thread-safe.
 *
 * @param name  the term's name, e.g. {@code "freshness"}
 * @param value the item's value in [0, 1]
 */
public record BlendTerm(String name, IntToDoubleFunction value) {
    /** Checks the fields. */
    public BlendTerm {
        Rerankers.checkName(name);
        Objects.requireNonNull(value, "value");
    }

    /**
     * Returns freshness with a half-life: {@code 0.5^(age / halfLife)}, {@code age = max(0, now − t_i)},
     * so an item released now gives 1 and one released one half-life ago ½. An item without a time (beyond
     * the array, or {@link Long#MIN_VALUE}) gives 0.
     *
     * @param releaseSeconds the release (or publication) time of each item index, in seconds since the
     *                       epoch; {@link Long#MIN_VALUE} for unknown (copied)
     * @param clock          gives "now" at each call (a fixed clock in tests)
     * @param halfLife       the half-life, positive
     */
    public static BlendTerm freshness(long[] releaseSeconds, Clock clock, Duration halfLife) {
        long[] t = Objects.requireNonNull(releaseSeconds, "releaseSeconds").clone();
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(halfLife, "halfLife");
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("halfLife: " + halfLife + ", must be positive");
        }
        double h = halfLife.toMillis() / 1000.0;
        return new BlendTerm("freshness", item -> {
            if (item < 0 || item >= t.length || t[item] == Long.MIN_VALUE) {
                return 0;
            }
            double age = Math.max(0, clock.millis() / 1000.0 - t[item]);
            return Math.pow(0.5, age / h);
        });
    }

    /**
     * Returns freshness by release year: {@code 0.5^(max(0, currentYear − year_i) / halfLifeYears)}; an item
     * without a year gives 0.
     *
     * @param catalog       the items' years
     * @param currentYear   the year of age 0
     * @param halfLifeYears the half-life in years, positive
     */
    public static BlendTerm freshnessByYear(ItemCatalog catalog, int currentYear, double halfLifeYears) {
        Objects.requireNonNull(catalog, "catalog");
        if (!(halfLifeYears > 0) || Double.isInfinite(halfLifeYears)) {
            throw new IllegalArgumentException("halfLifeYears: " + halfLifeYears + ", must be positive and finite");
        }
        int n = catalog.size();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            OptionalInt y = catalog.year(i);
            v[i] = y.isPresent() ? Math.pow(0.5, Math.max(0, currentYear - y.getAsInt()) / halfLifeYears) : 0;
        }
        return new BlendTerm("freshness", item -> item >= 0 && item < n ? v[item] : 0);
    }

    /**
     * Returns popularity on a log scale: {@code log(1 + c_i) / log(1 + max c)}, 1 for the most popular item;
     * an item beyond the array gives 0.
     *
     * @param counts interactions per item index (e.g. {@code Interactions.itemCounts()}), each at least 0 (copied)
     */
    public static BlendTerm popularity(int[] counts) {
        int[] c = Objects.requireNonNull(counts, "counts").clone();
        int max = 0;
        for (int i = 0; i < c.length; i++) {
            if (c[i] < 0) {
                throw new IllegalArgumentException("counts[" + i + "]: " + c[i] + ", must be >= 0");
            }
            max = Math.max(max, c[i]);
        }
        double denominator = Math.log1p(max);
        boolean none = max == 0;
        return new BlendTerm("popularity", item -> item < 0 || item >= c.length || none ? 0
                : Math.log1p(c[item]) / denominator);
    }
}
