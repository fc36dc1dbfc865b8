package org.recsys4j.core.store;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Returns the declaration of one namespace: its name, whether it holds float vectors or byte blobs,
 * and for vectors an optional fixed dimension. Immutable.
 *
 * <p>Names are 1 to 64 characters from {@code [A-Za-z0-9_.-]}, so they can be embedded in Redis keys
 * ({@code prefix:ns:vN:key}) without escaping and never collide with each other.
 */
public final class NamespaceSpec {
    /** What the values of a namespace are. */
    public enum Kind {
        /** {@code float[]} vectors, read with {@link FeatureStore#get} and written with {@link FeatureStore#put}. */
        VECTOR,
        /** Opaque {@code byte[]} blobs, read with {@link FeatureStore#getBlob} and written with {@link FeatureStore#putBlob}. */
        BLOB
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final String name;
    private final Kind kind;
    private final int dimension;

    private NamespaceSpec(String name, Kind kind, int dimension) {
        checkName("namespace name", name);
        this.name = name;
        this.kind = kind;
        this.dimension = dimension;
    }

    static void checkName(String field, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(field + ": '" + value
                    + "' is not allowed; use 1 to 64 characters from [A-Za-z0-9_.-]");
        }
    }

    /**
     * Returns a vector namespace whose vectors must all have {@code dimension} components.
     *
     * @param name      the namespace name
     * @param dimension the dimension, at least 1
     */
    public static NamespaceSpec vectors(String name, int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension of namespace '" + name + "': " + dimension + ", must be >= 1");
        }
        return new NamespaceSpec(name, Kind.VECTOR, dimension);
    }

    /**
     * Returns a vector namespace without a declared dimension (vectors of any length, including 0).
     *
     * @param name the namespace name
     */
    public static NamespaceSpec vectors(String name) {
        return new NamespaceSpec(name, Kind.VECTOR, 0);
    }

    /**
     * Returns a blob namespace (opaque byte arrays, e.g. a feature row in the caller's own format).
     *
     * @param name the namespace name
     */
    public static NamespaceSpec blobs(String name) {
        return new NamespaceSpec(name, Kind.BLOB, 0);
    }

    /** Returns the namespace name. */
    public String name() {
        return name;
    }

    /** Returns whether the namespace holds vectors or blobs. */
    public Kind kind() {
        return kind;
    }

    /** Returns the declared vector dimension, or 0 when any dimension is accepted (always 0 for blobs). */
    public int dimension() {
        return dimension;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamespaceSpec s && s.name.equals(name) && s.kind == kind && s.dimension == dimension;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, dimension);
    }

    @Override
    public String toString() {
        return kind == Kind.BLOB ? name + "(blobs)" : name + "(vectors, dimension " + (dimension == 0 ? "any" : dimension) + ")";
    }
}
