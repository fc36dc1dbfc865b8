package org.recsys4j.rank.rerank;

import org.recsys4j.core.data.ItemCatalog;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
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
     * Returns freshness by a NUMERIC or TIMESTAMP attribute of the catalogue, in its own unit:
     * {@code 0.5^(max(0, current − v_i) / halfLife)}, so an item whose value is {@code current} gives 1 and one a
     * half-life older ½; an item without a value (or outside the catalogue) gives 0. For a TIMESTAMP attribute the
     * unit is seconds; for a NUMERIC one whatever the attribute holds (e.g. a release number or a date written
     * as a number, with {@code current} and {@code halfLife} in the same unit).
     *
     * @param catalog   the items
     * @param attribute the name of a NUMERIC or TIMESTAMP attribute of the catalogue
     * @param current   the value of age 0
     * @param halfLife  the half-life in the attribute's unit, positive and finite
     * @return the term
     * @throws IllegalArgumentException naming the attribute and listing the catalogue's attributes, if it has no
     *                                  such attribute or it is of another type; or a bad half-life or current value
     */
    public static BlendTerm freshness(ItemCatalog catalog, String attribute, double current, double halfLife) {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(attribute, "attribute");
        if (!(halfLife > 0) || Double.isInfinite(halfLife)) {
            throw new IllegalArgumentException("halfLife: " + halfLife + ", must be positive and finite");
        }
        if (!Double.isFinite(current)) {
            throw new IllegalArgumentException("current: " + current + ", must be finite");
        }
        double[] values = catalog.numbers(attribute);
        int n = values.length;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Double.isNaN(values[i]) ? 0 : Math.pow(0.5, Math.max(0, current - values[i]) / halfLife);
        }
        return new BlendTerm("freshness", item -> item >= 0 && item < n ? v[item] : 0);
    }

    /**
     * Returns freshness by a TIMESTAMP attribute of the catalogue (a listing or publication time), aged against
     * the clock at each call: {@link #freshness(long[], Clock, Duration)} over the attribute's seconds.
     *
     * @param catalog   the items
     * @param attribute the name of a TIMESTAMP attribute of the catalogue
     * @param clock     gives "now" at each call (a fixed clock in tests)
     * @param halfLife  the half-life, positive
     * @return the term
     * @throws IllegalArgumentException naming the attribute and listing the catalogue's attributes, if it has no
     *                                  such attribute or it is not a TIMESTAMP; or a half-life that is not positive
     */
    public static BlendTerm freshness(ItemCatalog catalog, String attribute, Clock clock, Duration halfLife) {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(attribute, "attribute");
        return freshness(catalog.timestamp(attribute).values(), clock, halfLife);
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
