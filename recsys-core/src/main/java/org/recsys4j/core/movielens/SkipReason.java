package org.recsys4j.core.movielens;

/** Why a loader skipped (lenient mode) or rejected (strict mode) a row. */
public enum SkipReason {
    /**
     * The row cannot be read: wrong number of columns, an empty, non-numeric, negative or overflowing
     * id, a rating or timestamp that is not a finite number, or text that is not valid in the file's
     * encoding.
     */
    MALFORMED,
    /** The rating is a number, but outside the configured range or not on the configured step. */
    OUT_OF_RANGE_RATING,
    /** The row names an item that the catalogue file does not list. */
    UNKNOWN_ITEM,
    /** The row repeats a key already seen (a (user, item) pair, or a catalogue id); the first is kept. */
    DUPLICATE
}
