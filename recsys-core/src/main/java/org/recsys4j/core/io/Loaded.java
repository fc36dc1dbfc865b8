package org.recsys4j.core.io;

import java.util.Objects;

/**
 * What a reader returns: the data it read and the report of what it read, kept and skipped.
 *
 * @param data   the data (an {@link org.recsys4j.core.data.EventLog}, an {@link org.recsys4j.core.data.ItemCatalog})
 * @param report rows read, kept and skipped per file
 * @param <T>    the type of the data
 */
public record Loaded<T>(T data, LoadReport report) {
    /** Checks that both parts are present. */
    public Loaded {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(report, "report");
    }
}
