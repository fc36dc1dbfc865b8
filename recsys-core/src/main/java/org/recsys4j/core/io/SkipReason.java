package org.recsys4j.core.io;

/** Why a reader skipped (lenient mode) or rejected (strict mode) a row. */
public enum SkipReason {
    /**
     * The row cannot be read: wrong number of columns, broken quoting, an empty, non-numeric or
     * overflowing id (or a negative one where ids must be {@code >= 0}), an id with surrounding blanks,
     * a value or weight that is not a finite number ({@code NaN}, {@code Infinity}), a timestamp that is
     * not in its unit's form or outside 1970-01-01 .. 9999-12-31, a missing required value, or text
     * that is not valid in the file's encoding.
     */
    MALFORMED,
    /**
     * The value (a MovieLens rating, an event log's value column) is a finite number, but outside the
     * range of {@link LoadOptions#valueRange()} or not on its step.
     */
    OUT_OF_RANGE,
    /** The row names an item that the catalogue (or the known items given to the reader) does not list. */
    UNKNOWN_ITEM,
    /**
     * The row repeats a key already seen (a catalogue id; a MovieLens (user, item) rating); the first is
     * kept. Event logs keep repeated events: a {@link org.recsys4j.core.data.Feedback} policy combines them.
     */
    DUPLICATE
}
