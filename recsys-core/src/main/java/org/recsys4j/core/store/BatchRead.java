package org.recsys4j.core.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * The values one batch read ({@link FeatureStore#multiGet}, {@link FeatureStore#multiGetBlobs}) found for
 * its keys, in the keys' order: position {@code i} answers {@code key(i)}, with a value or absent. Never
 * null and never holding null: ask {@link #isPresent(int)}, then {@link #get(int)}; or {@link #find(int)}
 * for an {@link Optional}. Immutable. The arrays it hands out are the caller's (every read decodes or
 * copies them), so modifying one changes nothing in the store.
 *
 * <p>Why not a {@code List<Optional<T>>}: a ranker reads hundreds of keys per request, and this shape
 * costs no object per key over the values themselves; {@link #toList()} gives that list when wanted.
 *
 * <pre>{@code
 * BatchRead<float[]> vs = store.multiGet("item", List.of("i1", "missing", "i2"));
 * for (int i = 0; i < vs.size(); i++) {
 *     if (vs.isPresent(i)) {
 *         use(vs.key(i), vs.get(i));
 *     }
 * }
 * }</pre>
 *
 * @param <T> the value type: {@code float[]} for vectors, {@code byte[]} for blobs
 */
public final class BatchRead<T> {
    private final List<String> keys;
    private final Object[] values;

    private BatchRead(List<String> keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    /**
     * Returns the answer for {@code keys}; {@code values.get(i)} is the value of {@code keys.get(i)}, a null
     * element meaning absent. For implementations of {@link FeatureStore}.
     *
     * @param keys   the keys read, in order (copied)
     * @param values one value or null per key (copied)
     * @throws IllegalArgumentException if the two lists differ in length
     */
    public static <T> BatchRead<T> of(List<String> keys, List<? extends T> values) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
        if (keys.size() != values.size()) {
            throw new IllegalArgumentException("values: " + values.size() + " for " + keys.size() + " keys");
        }
        return new BatchRead<>(List.copyOf(keys), values.toArray());
    }

    /** Wraps without copying: {@code values[i]} (null = absent) answers {@code keys.get(i)}; the caller hands both over. */
    static <T> BatchRead<T> wrap(List<String> keys, Object[] values) {
        return new BatchRead<>(keys, values);
    }

    /** Returns the number of keys read (present or not). */
    public int size() {
        return values.length;
    }

    /** Returns the {@code i}-th key read. */
    public String key(int i) {
        return keys.get(i);
    }

    /** Returns true if the {@code i}-th key has a value. */
    public boolean isPresent(int i) {
        return values[i] != null;
    }

    /**
     * Returns the value of the {@code i}-th key.
     *
     * @throws NoSuchElementException naming the key if it has no value
     */
    @SuppressWarnings("unchecked")
    public T get(int i) {
        Object v = values[i];
        if (v == null) {
            throw new NoSuchElementException("no value for key '" + keys.get(i) + "' (position " + i + ")");
        }
        return (T) v;
    }

    /** Returns the value of the {@code i}-th key, or empty. */
    @SuppressWarnings("unchecked")
    public Optional<T> find(int i) {
        return Optional.ofNullable((T) values[i]);
    }

    /** Returns the value of the {@code i}-th key, or {@code other} if it has none. */
    @SuppressWarnings("unchecked")
    public T orElse(int i, T other) {
        Object v = values[i];
        return v == null ? other : (T) v;
    }

    /** Returns the number of keys that have a value. */
    public int presentCount() {
        int n = 0;
        for (Object v : values) {
            if (v != null) {
                n++;
            }
        }
        return n;
    }

    /** Returns the keys read, in order (unmodifiable). */
    public List<String> keys() {
        return Collections.unmodifiableList(keys);
    }

    /** Returns one {@link Optional} per key, in order (unmodifiable). */
    @SuppressWarnings("unchecked")
    public List<Optional<T>> toList() {
        List<Optional<T>> out = new ArrayList<>(values.length);
        for (Object v : values) {
            out.add(Optional.ofNullable((T) v));
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public String toString() {
        return "BatchRead[" + presentCount() + " of " + values.length + " keys present]";
    }
}
