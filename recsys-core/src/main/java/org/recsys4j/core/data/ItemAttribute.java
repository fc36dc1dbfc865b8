package org.recsys4j.core.data;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One typed attribute of every item of an {@link ItemCatalog}, a column indexed by the catalogue's dense
 * item index: {@link Categorical}, {@link MultiCategorical}, {@link Numeric}, {@link Timestamp} or
 * {@link Text} (see {@link AttributeType}). Immutable. Get one from the catalogue by name and type
 * ({@link ItemCatalog#categorical(String)}, ...) or go through all of them ({@link ItemCatalog#attributes()}).
 *
 * <p>Two attributes are equal when they have the same name, type and values, item by item (vocabularies
 * included), whatever catalogue they belong to.
 */
public abstract sealed class ItemAttribute
        permits ItemAttribute.Categorical, ItemAttribute.MultiCategorical, ItemAttribute.Numeric,
        ItemAttribute.Timestamp, ItemAttribute.Text {
    private final String name;

    private ItemAttribute(String name) {
        this.name = name;
    }

    /** Returns the attribute's name. */
    public final String name() {
        return name;
    }

    /** Returns the attribute's type. */
    public abstract AttributeType type();

    /** Returns the number of items (the catalogue's size). */
    public abstract int size();

    /** Returns true if item {@code index} has a value (for a multi-valued attribute: at least one). */
    public abstract boolean hasValueAt(int index);

    /**
     * Returns the value of item {@code index} as text, for display: the value, the values joined by
     * {@code ", "}, a number as written by {@link Double#toString} without a trailing {@code .0}, a timestamp
     * in ISO-8601 ({@code 2024-03-05T10:15:30Z}); empty when the item has none.
     */
    public abstract Optional<String> textAt(int index);

    /** Returns the number of items that have a value. */
    public int presentCount() {
        int c = 0;
        for (int i = 0; i < size(); i++) {
            if (hasValueAt(i)) {
                c++;
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return name + " (" + type() + ")";
    }

    /** One value per item out of a vocabulary (the distinct values in ordinal order); -1 codes a missing value. */
    public static final class Categorical extends ItemAttribute {
        private final List<String> vocabulary;
        private final int[] codes;

        Categorical(String name, List<String> vocabulary, int[] codes) {
            super(name);
            this.vocabulary = List.copyOf(vocabulary);
            this.codes = codes;
        }

        @Override
        public AttributeType type() {
            return AttributeType.CATEGORICAL;
        }

        @Override
        public int size() {
            return codes.length;
        }

        /** Returns the distinct values of the catalogue, in ordinal ({@link String#compareTo}) order (unmodifiable). */
        public List<String> vocabulary() {
            return vocabulary;
        }

        /** Returns the value of item {@code index} as an index into {@link #vocabulary()}, or -1 when missing. */
        public int codeAt(int index) {
            return codes[index];
        }

        /** Returns the codes of every item, by item index (-1 for a missing value; a copy). */
        public int[] codes() {
            return codes.clone();
        }

        /** Returns the value of item {@code index}, or empty. */
        public Optional<String> valueAt(int index) {
            int c = codes[index];
            return c < 0 ? Optional.empty() : Optional.of(vocabulary.get(c));
        }

        @Override
        public boolean hasValueAt(int index) {
            return codes[index] >= 0;
        }

        @Override
        public Optional<String> textAt(int index) {
            return valueAt(index);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Categorical a && a.name().equals(name()) && vocabulary.equals(a.vocabulary)
                    && Arrays.equals(codes, a.codes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name(), vocabulary, Arrays.hashCode(codes));
        }

        @Override
        public String toString() {
            return name() + " (CATEGORICAL, " + vocabulary.size() + " values)";
        }
    }

    /** A set of values per item out of a vocabulary (the distinct values in ordinal order); empty when none. */
    public static final class MultiCategorical extends ItemAttribute {
        private final List<String> vocabulary;
        private final int[][] codes;

        MultiCategorical(String name, List<String> vocabulary, int[][] codes) {
            super(name);
            this.vocabulary = List.copyOf(vocabulary);
            this.codes = codes;
        }

        @Override
        public AttributeType type() {
            return AttributeType.MULTI_CATEGORICAL;
        }

        @Override
        public int size() {
            return codes.length;
        }

        /** Returns the distinct values of the catalogue, in ordinal ({@link String#compareTo}) order (unmodifiable). */
        public List<String> vocabulary() {
            return vocabulary;
        }

        /** Returns the values of item {@code index} as ascending indices into {@link #vocabulary()} (a copy). */
        public int[] codesAt(int index) {
            return codes[index].clone();
        }

        /** Returns the number of values of item {@code index}. */
        public int countAt(int index) {
            return codes[index].length;
        }

        /** Returns the values of item {@code index}, in vocabulary order (empty when none; unmodifiable). */
        public List<String> valuesAt(int index) {
            int[] g = codes[index];
            List<String> names = new ArrayList<>(g.length);
            for (int x : g) {
                names.add(vocabulary.get(x));
            }
            return List.copyOf(names);
        }

        /** Returns the codes of every item, by item index: the arrays themselves, for read-only bulk use. */
        int[][] codesView() {
            return codes;
        }

        @Override
        public boolean hasValueAt(int index) {
            return codes[index].length > 0;
        }

        @Override
        public Optional<String> textAt(int index) {
            return codes[index].length == 0 ? Optional.empty() : Optional.of(String.join(", ", valuesAt(index)));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MultiCategorical a && a.name().equals(name()) && vocabulary.equals(a.vocabulary)
                    && Arrays.deepEquals(codes, a.codes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name(), vocabulary, Arrays.deepHashCode(codes));
        }

        @Override
        public String toString() {
            return name() + " (MULTI_CATEGORICAL, " + vocabulary.size() + " values)";
        }
    }

    /** A finite number per item; NaN marks a missing value. */
    public static final class Numeric extends ItemAttribute {
        private final double[] values;

        Numeric(String name, double[] values) {
            super(name);
            this.values = values;
        }

        @Override
        public AttributeType type() {
            return AttributeType.NUMERIC;
        }

        @Override
        public int size() {
            return values.length;
        }

        /** Returns the value of item {@code index}, or empty. */
        public OptionalDouble valueAt(int index) {
            double v = values[index];
            return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
        }

        /** Returns the value of every item, by item index, NaN for a missing one (a copy). */
        public double[] values() {
            return values.clone();
        }

        @Override
        public boolean hasValueAt(int index) {
            return !Double.isNaN(values[index]);
        }

        @Override
        public Optional<String> textAt(int index) {
            double v = values[index];
            if (Double.isNaN(v)) {
                return Optional.empty();
            }
            return Optional.of(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Numeric a && a.name().equals(name()) && Arrays.equals(values, a.values);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name(), Arrays.hashCode(values));
        }
    }

    /** A point in time per item, in whole seconds since the epoch; {@link #MISSING} marks a missing value. */
    public static final class Timestamp extends ItemAttribute {
        /** The value of {@link #values()} for an item without a timestamp. */
        public static final long MISSING = Long.MIN_VALUE;

        private final long[] values;

        Timestamp(String name, long[] values) {
            super(name);
            this.values = values;
        }

        @Override
        public AttributeType type() {
            return AttributeType.TIMESTAMP;
        }

        @Override
        public int size() {
            return values.length;
        }

        /** Returns the timestamp of item {@code index} in seconds since the epoch, or empty. */
        public OptionalLong valueAt(int index) {
            long v = values[index];
            return v == MISSING ? OptionalLong.empty() : OptionalLong.of(v);
        }

        /** Returns the timestamp of every item in seconds, by item index, {@link #MISSING} for a missing one (a copy). */
        public long[] values() {
            return values.clone();
        }

        @Override
        public boolean hasValueAt(int index) {
            return values[index] != MISSING;
        }

        @Override
        public Optional<String> textAt(int index) {
            long v = values[index];
            return v == MISSING ? Optional.empty() : Optional.of(Instant.ofEpochSecond(v).toString());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Timestamp a && a.name().equals(name()) && Arrays.equals(values, a.values);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name(), Arrays.hashCode(values));
        }
    }

    /** Free text per item, or none. */
    public static final class Text extends ItemAttribute {
        private final String[] values;

        Text(String name, String[] values) {
            super(name);
            this.values = values;
        }

        @Override
        public AttributeType type() {
            return AttributeType.TEXT;
        }

        @Override
        public int size() {
            return values.length;
        }

        /** Returns the text of item {@code index}, or empty. */
        public Optional<String> valueAt(int index) {
            return Optional.ofNullable(values[index]);
        }

        @Override
        public boolean hasValueAt(int index) {
            return values[index] != null;
        }

        @Override
        public Optional<String> textAt(int index) {
            return valueAt(index);
        }

        /** Returns the texts of every item, by item index, null for a missing one: the array itself, read-only. */
        String[] view() {
            return values;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Text a && a.name().equals(name()) && Arrays.equals(values, a.values);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name(), Arrays.hashCode(values));
        }
    }
}
