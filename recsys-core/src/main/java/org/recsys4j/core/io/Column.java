package org.recsys4j.core.io;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A column of a delimited file, by header name ({@link #named(String)}) or by 0-based position
 * ({@link #at(int)}); the mappings ({@link EventMapping}, {@link CatalogMapping}) say which column holds
 * what. A name is matched exactly (case and blanks count) against the file's header; a position needs no
 * header. Immutable.
 */
public final class Column {
    private final String name;
    private final int position;

    private Column(String name, int position) {
        this.name = name;
        this.position = position;
    }

    /**
     * Returns the column whose header is {@code name}.
     *
     * @param name the header name (non-empty)
     * @return the column
     * @throws NullPointerException     if the name is null
     * @throws IllegalArgumentException if it is empty
     */
    public static Column named(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name: empty, a column name must have a character");
        }
        return new Column(name, -1);
    }

    /**
     * Returns the column at a 0-based position ({@code at(0)} is the first).
     *
     * @param position the position, {@code >= 0}
     * @return the column
     * @throws IllegalArgumentException if the position is negative
     */
    public static Column at(int position) {
        if (position < 0) {
            throw new IllegalArgumentException("position: " + position + ", must be >= 0");
        }
        return new Column(null, position);
    }

    /** Returns the header name, or empty for a column given by position. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** Returns the 0-based position, or empty for a column given by name. */
    public OptionalInt position() {
        return position < 0 ? OptionalInt.empty() : OptionalInt.of(position);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Column c && Objects.equals(name, c.name) && position == c.position;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, position);
    }

    /** Returns {@code 'name'} or {@code #position} (0-based). */
    @Override
    public String toString() {
        return name != null ? "'" + name + "'" : "#" + position;
    }
}
