package org.recsys4j.core.data;

/**
 * The type of an item attribute ({@link ItemAttribute}) of an {@link ItemCatalog}: what its values are
 * and how a missing value is represented.
 */
public enum AttributeType {
    /** One value out of a vocabulary (a category, a brand); each item has a code, -1 when missing. */
    CATEGORICAL,
    /** A set of values out of a vocabulary (genres, tags); an item without any has the empty set. */
    MULTI_CATEGORICAL,
    /** A finite number (a price, a year); missing is NaN. */
    NUMERIC,
    /** A point in time, in whole seconds since the epoch (a release or listing date); may be missing. */
    TIMESTAMP,
    /** Free text (a title, a description, an external id kept as written); may be missing. */
    TEXT
}
