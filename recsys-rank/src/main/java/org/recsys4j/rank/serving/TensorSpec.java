package org.recsys4j.rank.serving;

import java.util.Objects;

/**
 * One named model input: its element type and its width, so a batch of {@code n} rows is a tensor of
 * shape {@code [n, width]}; or, for a {@link #idBag bag of ids} (a multi-hot field such as an item's
 * tags or the user's recent items), a ragged int64 input whose rows hold any number of ids each
 * ({@code width} is then {@link #VARIABLE_WIDTH}, the {@code -1} of a dynamic dimension in TensorFlow and
 * ONNX shapes). Immutable.
 *
 * @param name  the input's name in the model's signature (e.g. {@code user_id})
 * @param type  the element type
 * @param width the number of values per row (1 for an id, {@code d} for a numeric vector), or
 *              {@link #VARIABLE_WIDTH} for a bag of ids
 */
public record TensorSpec(String name, TensorType type, int width) {
    /** The width of a bag: each row holds its own number of ids. */
    public static final int VARIABLE_WIDTH = -1;

    /** Checks the fields: a non-blank name, a type, and a positive width (or a variable one for int64). */
    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: must not be blank");
        }
        if (width == VARIABLE_WIDTH && type != TensorType.INT64) {
            throw new IllegalArgumentException("width of input '" + name + "': variable, but only INT64 bags of ids may be");
        }
        if (width < 1 && width != VARIABLE_WIDTH) {
            throw new IllegalArgumentException("width of input '" + name + "': " + width + ", must be >= 1 (or "
                    + VARIABLE_WIDTH + " for a bag of ids)");
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

    /**
     * Returns a bag of int64 ids: each row holds zero or more ids (a multi-hot field), each at least 0
     * (0 being the out-of-vocabulary bucket, as for {@link #id} inputs).
     */
    public static TensorSpec idBag(String name) {
        return new TensorSpec(name, TensorType.INT64, VARIABLE_WIDTH);
    }

    /** Returns true for a {@link #idBag bag of ids}, whose rows have their own lengths. */
    public boolean variableWidth() {
        return width == VARIABLE_WIDTH;
    }

    /** Returns the type and width as a model signature shows them, e.g. {@code FLOAT32 x 3} or {@code INT64 bag}. */
    String describe() {
        return type + (variableWidth() ? " bag" : " x " + width);
    }
}
