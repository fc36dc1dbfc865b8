package org.recsys4j.rank.serving;

import java.util.Objects;

/**
 * One named model input: its element type and its width, so a batch of {@code n} rows is a tensor of
 * shape {@code [n, width]}. Immutable.
 *
 * @param name  the input's name in the model's signature (e.g. {@code user_id})
 * @param type  the element type
 * @param width the number of values per row (1 for an id, {@code d} for a numeric vector)
 */
public record TensorSpec(String name, TensorType type, int width) {
    /** Checks the fields: a non-blank name, a type and a positive width. */
    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: must not be blank");
        }
        if (width < 1) {
            throw new IllegalArgumentException("width of input '" + name + "': " + width + ", must be >= 1");
        }
    }

    /** Returns a float input of the given width. */
    public static TensorSpec floats(String name, int width) {
        return new TensorSpec(name, TensorType.FLOAT32, width);
    }

    /** Returns an int64 id input of width 1. */
    public static TensorSpec id(String name) {
        return new TensorSpec(name, TensorType.INT64, 1);
    }
}
