package org.recsys4j.rank.ctr;

import org.recsys4j.rank.serving.TensorSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Describes the inputs of a CTR model: categorical fields (one id per row, or a multi-hot bag of ids)
 * over {@code 0..cardinality-1}, where index 0 is the out-of-vocabulary (OOV) bucket, and named dense
 * numeric features. Immutable.
 *
 * <pre>{@code
 * CtrSchema s = CtrSchema.builder()
 *         .addCategorical("userId", 523).addCategorical("itemId", 5413)
 *         .addMultiHot("tags", 20)
 *         .addNumeric("userAvgRating")
 *         .build();
 * }</pre>
 */
public final class CtrSchema {
    private final String[] fields;
    private final int[] cardinalities;
    private final boolean[] multiHot;
    private final String[] numerics;
    private final Map<String, Integer> fieldIndex = new HashMap<>();
    private final Map<String, Integer> numericIndex = new HashMap<>();
    private final List<TensorSpec> inputs;

    private CtrSchema(List<String> fields, List<Integer> cards, List<Boolean> multi, List<String> numerics) {
        this.fields = fields.toArray(new String[0]);
        this.cardinalities = cards.stream().mapToInt(Integer::intValue).toArray();
        this.multiHot = new boolean[multi.size()];
        for (int i = 0; i < multiHot.length; i++) {
            multiHot[i] = multi.get(i);
            fieldIndex.put(this.fields[i], i);
        }
        this.numerics = numerics.toArray(new String[0]);
        for (int j = 0; j < this.numerics.length; j++) {
            numericIndex.put(this.numerics[j], j);
        }
        List<TensorSpec> in = new ArrayList<>(this.fields.length + this.numerics.length);
        for (int f = 0; f < this.fields.length; f++) {
            in.add(multiHot[f] ? TensorSpec.idBag(this.fields[f]) : TensorSpec.id(this.fields[f]));
        }
        for (String n : this.numerics) {
            in.add(TensorSpec.floats(n, 1));
        }
        this.inputs = List.copyOf(in);
    }

    /** Returns an empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the number of categorical fields. */
    public int numFields() {
        return fields.length;
    }

    /** Returns the name of field {@code f}. */
    public String fieldName(int f) {
        return fields[f];
    }

    /** Returns the field names in order. */
    public List<String> fieldNames() {
        return List.of(fields);
    }

    /** Returns the number of ids of field {@code f}, OOV bucket 0 included. */
    public int cardinality(int f) {
        return cardinalities[f];
    }

    /** Returns true if field {@code f} holds a bag of ids per row (mean-pooled in embedding models). */
    public boolean isMultiHot(int f) {
        return multiHot[f];
    }

    /**
     * Returns the position of a field.
     *
     * @throws IllegalArgumentException naming the field and the schema's fields if there is none of that name
     */
    public int field(String name) {
        Integer f = fieldIndex.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown field '" + name + "'; the schema has " + fieldNames());
        }
        return f;
    }

    /** Returns true if the schema has a categorical field of this name. */
    public boolean hasField(String name) {
        return fieldIndex.containsKey(name);
    }

    /** Returns the number of numeric features. */
    public int numNumerics() {
        return numerics.length;
    }

    /** Returns the name of numeric feature {@code j}. */
    public String numericName(int j) {
        return numerics[j];
    }

    /** Returns the numeric feature names in order. */
    public List<String> numericNames() {
        return List.of(numerics);
    }

    /**
     * Returns the position of a numeric feature.
     *
     * @throws IllegalArgumentException naming the feature if there is none of that name
     */
    public int numeric(String name) {
        Integer j = numericIndex.get(name);
        if (j == null) {
            throw new IllegalArgumentException("unknown numeric feature '" + name + "'; the schema has " + numericNames());
        }
        return j;
    }

    /**
     * Returns the model inputs these fields make, in schema order, named as the fields: an int64 id
     * ({@link TensorSpec#id}) per single-valued field, a bag of ids ({@link TensorSpec#idBag}) per
     * multi-hot field, then a float of width 1 ({@link TensorSpec#floats}) per numeric. The signature of a
     * {@link CtrModel} as a {@link org.recsys4j.rank.serving.BatchScorer}, and what a
     * {@link org.recsys4j.rank.serving.FeatureRowProvider} for it fills.
     */
    public List<TensorSpec> inputs() {
        return inputs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CtrSchema s && Arrays.equals(fields, s.fields) && Arrays.equals(cardinalities, s.cardinalities)
                && Arrays.equals(multiHot, s.multiHot) && Arrays.equals(numerics, s.numerics);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(fields), Arrays.hashCode(cardinalities), Arrays.hashCode(numerics));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("CtrSchema[");
        for (int f = 0; f < fields.length; f++) {
            b.append(f == 0 ? "" : ", ").append(fields[f]).append(multiHot[f] ? "*" : "").append('/').append(cardinalities[f]);
        }
        return b.append("; numerics ").append(Arrays.toString(numerics)).append(']').toString();
    }

    /**
     * Collects the fields of a {@link CtrSchema}, in order; names must be unique across fields and numerics.
     * The field methods only record; {@link #build()} checks everything. Not thread-safe.
     */
    public static final class Builder {
        private final List<String> fields = new ArrayList<>();
        private final List<Integer> cards = new ArrayList<>();
        private final List<Boolean> multi = new ArrayList<>();
        private final List<String> numerics = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds a single-valued categorical field (one id per row).
         *
         * @param name        unique name
         * @param cardinality number of ids including the OOV bucket 0; at least 1
         * @return this builder
         */
        public Builder addCategorical(String name, int cardinality) {
            return add(name, cardinality, false);
        }

        /**
         * Adds a multi-hot field (a bag of 0 or more ids per row).
         *
         * @param name        unique name
         * @param cardinality number of ids including the OOV bucket 0; at least 1
         * @return this builder
         */
        public Builder addMultiHot(String name, int cardinality) {
            return add(name, cardinality, true);
        }

        /**
         * Adds a dense numeric feature.
         *
         * @param name unique name
         * @return this builder
         */
        public Builder addNumeric(String name) {
            numerics.add(name);
            return this;
        }

        private Builder add(String name, int cardinality, boolean isMulti) {
            fields.add(name);
            cards.add(cardinality);
            multi.add(isMulti);
            return this;
        }

        /**
         * Returns the schema.
         *
         * @throws NullPointerException     if a name is null
         * @throws IllegalArgumentException if a name is empty or used twice, or a cardinality is below 1 (naming it)
         */
        public CtrSchema build() {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int f = 0; f < fields.size(); f++) {
                String name = checkName(fields.get(f), seen);
                if (cards.get(f) < 1) {
                    throw new IllegalArgumentException("field '" + name + "': cardinality " + cards.get(f) + ", must be >= 1");
                }
            }
            for (String n : numerics) {
                checkName(n, seen);
            }
            return new CtrSchema(fields, cards, multi, numerics);
        }

        private static String checkName(String name, java.util.Set<String> seen) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || !seen.add(name)) {
                throw new IllegalArgumentException("name '" + name + "': must be non-empty and unique in the schema");
            }
            return name;
        }
    }
}
