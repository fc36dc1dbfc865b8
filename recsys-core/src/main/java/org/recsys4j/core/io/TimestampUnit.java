package org.recsys4j.core.io;

/**
 * How a timestamp column is written. Always stated in a mapping: a number is never guessed to be seconds
 * or milliseconds. Whatever the unit, timestamps are kept in whole seconds since the epoch (fractions
 * rounded down) and must lie in 1970-01-01T00:00:00Z .. 9999-12-31T23:59:59Z; anything else is a
 * MALFORMED row whose message names the unit (a millisecond value read as seconds lands after the year
 * 9999 and says so).
 */
public enum TimestampUnit {
    /** Seconds since the epoch: {@code 1700000000}, or with a fraction {@code 1700000000.25}. */
    SECONDS,
    /** Milliseconds since the epoch: {@code 1700000000000} (a whole number). */
    MILLIS,
    /**
     * An ISO-8601 date-time with a zone offset: {@code 2024-03-05T10:15:30Z},
     * {@code 2024-03-05T10:15:30.250+01:00}, {@code 2024-03-05T10:15:30+01:00[Europe/Paris]}; a space may
     * stand for the {@code T}. A local date-time ({@code 2024-03-05T10:15:30}) or a date
     * ({@code 2024-03-05}, the start of that day) only with a time zone set on the mapping.
     */
    ISO_8601
}
