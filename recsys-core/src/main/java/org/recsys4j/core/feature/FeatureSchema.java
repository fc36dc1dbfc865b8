package org.recsys4j.core.feature;

import org.recsys4j.core.data.DataFileException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Returns fitted schemas: a list of named features over rows of type {@code T}, each with the trainer
 * (or fixed encoder) that encodes it and the extractor that reads its raw value from a row.
 *
 * <p>{@link #fit(Collection)} fits every encoder from one training collection, in declaration order,
 * and returns an immutable {@link FittedSchema} that encodes rows to sparse and dense form. A fitted
 * schema is saved as a whole ({@link FittedSchema#save(Path)}); since extractors are code, it is loaded
 * back through the same definition ({@link #load(Path)}), which checks that the file has the same
 * features with the same kinds of encoder.
 *
 * <pre>{@code
 * record Sample(long user, long movie, List<String> genres, double year, double count, long time) {}
 * FeatureSchema<Sample> schema = FeatureSchema.<Sample>builder()
 *         .addCategorical("userId", Vocabulary.trainer().withMinCount(2).build(), Sample::user)
 *         .addCategorical("movieId", Vocabulary.trainer().withMinCount(2).build(), Sample::movie)
 *         .addMultiHot("genres", MultiHot.trainer().build(), Sample::genres)
 *         .addQuantile("year", QuantileBuckets.trainer().build(), Sample::year)      // NaN = missing
 *         .addMinMax("count", MinMaxScaler.trainer().build(), Sample::count)
 *         .addCross("movieXuser", HashedCross.of(10_000), Sample::movie, Sample::user)
 *         .addTime("time", TimeContext.of(ZoneId.of("UTC"), 6), Sample::time)
 *         .build();
 * FittedSchema<Sample> fitted = schema.fit(train);
 * SparseRow row = fitted.sparse(test.get(0));
 * fitted.save(Path.of("features.r4jf"));
 * FittedSchema<Sample> again = schema.load(Path.of("features.r4jf"));
 * }</pre>
 *
 * @param <T> the row (sample) type
 */
public final class FeatureSchema<T> {
    private final List<Def<T>> defs;

    private FeatureSchema(List<Def<T>> defs) {
        this.defs = List.copyOf(defs);
    }

    /** Returns an empty schema builder. */
    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** Returns the feature names in declaration order. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(defs.size());
        for (Def<T> d : defs) {
            names.add(d.name);
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * Returns the schema fitted on {@code train}: every trainer fitted on the values its extractor reads
     * from every row, in declaration order.
     *
     * @param train the training rows (a random-access list is read in place, not copied: do not change it during
     *              the fit); an extractor that fails or returns null fails the fit with an
     *              {@link IllegalArgumentException} naming the feature and the row position
     */
    public FittedSchema<T> fit(Collection<? extends T> train) {
        // a random-access list is read in place (not copied: a sample set's rows may be tens of millions)
        List<T> rows;
        if (train instanceof List<? extends T> l && train instanceof java.util.RandomAccess) {
            rows = java.util.Collections.unmodifiableList(l);
            for (int i = 0; i < rows.size(); i++) {
                Objects.requireNonNull(rows.get(i));
            }
        } else {
            rows = List.copyOf(train);
        }
        Map<String, Encoder> fitted = new HashMap<>();
        List<FittedSchema.Bound<T>> bound = new ArrayList<>(defs.size());
        for (Def<T> d : defs) {
            Encoder e;
            try {
                e = d.fit(rows, fitted);
            } catch (FeatureException ex) {
                throw new IllegalArgumentException("feature '" + d.name + "': " + ex.getMessage(), ex.getCause());
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException("feature '" + d.name + "': cannot fit: " + ex.getMessage(), ex);
            }
            fitted.put(d.name, e);
            bound.add(d.bind(e));
        }
        return new FittedSchema<>(bound);
    }

    /**
     * Returns the fitted schema saved in a file by {@link FittedSchema#save(Path)}, bound to this
     * definition's extractors.
     *
     * @param file the file
     * @throws DataFileException if the file is invalid or its features differ from this schema's
     *                                (the message names the feature)
     * @throws IOException            if reading fails
     */
    public FittedSchema<T> load(Path file) throws IOException {
        return read(Files.readAllBytes(file), file.toString());
    }

    /**
     * Returns the fitted schema read from a stream holding exactly one schema file.
     *
     * @param in     the stream (read to its end, not closed)
     * @param source the name used in error messages
     * @throws DataFileException if the bytes are invalid or their features differ from this schema's
     * @throws IOException            if reading fails
     */
    public FittedSchema<T> read(InputStream in, String source) throws IOException {
        return read(in.readAllBytes(), source);
    }

    private FittedSchema<T> read(byte[] bytes, String source) throws IOException {
        EncoderFormat.Container c = EncoderFormat.open(bytes, source);
        if (c.kind != EncoderKind.SCHEMA) {
            throw new DataFileException(source, 0, "kind", c.kind.name(),
                    "holds a single " + c.kind + " encoder, not a feature schema");
        }
        LinkedHashMap<String, Encoder> encoders = EncoderFormat.parse(c, source, in -> {
            int n = EncoderFormat.readCount(in, "number of features");
            LinkedHashMap<String, Encoder> m = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = EncoderFormat.readString(in);
                int code = in.readUnsignedByte();
                EncoderKind kind = EncoderKind.ofCode(code);
                if (kind == null || kind == EncoderKind.SCHEMA) {
                    throw new IOException("feature '" + name + "': unknown encoder kind code " + code);
                }
                if (m.put(name, EncoderFormat.readPayload(kind, in)) != null) {
                    throw new IOException("feature '" + name + "' appears twice");
                }
            }
            return m;
        });
        if (encoders.size() != defs.size()) {
            throw new DataFileException(source, 0, "features", encoders.size() + " " + encoders.keySet(),
                    "this schema has " + defs.size() + " " + featureNames());
        }
        List<FittedSchema.Bound<T>> bound = new ArrayList<>(defs.size());
        int i = 0;
        for (Map.Entry<String, Encoder> e : encoders.entrySet()) {
            Def<T> d = defs.get(i);
            if (!d.name.equals(e.getKey())) {
                throw new DataFileException(source, 0, "feature " + i, e.getKey(),
                        "is '" + e.getKey() + "' in the file, '" + d.name + "' in this schema");
            }
            if (d.kind != e.getValue().kind()) {
                throw new DataFileException(source, 0, "feature '" + d.name + "'", e.getValue().kind().name(),
                        "has a " + e.getValue().kind() + " encoder in the file, this schema expects " + d.kind);
            }
            if (d.fixed != null && !d.fixed.equals(e.getValue())) {
                throw new DataFileException(source, 0, "feature '" + d.name + "'", e.getValue().toString(),
                        "is " + e.getValue() + " in the file, " + d.fixed + " in this schema");
            }
            bound.add(d.bind(e.getValue()));
            i++;
        }
        // a version-2 file's provenance (its identity, checked when opened, is computed again); version 1: a new one
        return new FittedSchema<>(bound, c.info.recorded() ? c.info.toBuilder().build() : null);
    }

    /** Carries a message that the schema prefixes with the feature name. */
    static final class FeatureException extends RuntimeException {
        FeatureException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static FeatureException rowFailure(int row, RuntimeException e) {
        String m = e.getMessage();
        return new FeatureException("extractor failed on training row " + row + ": "
                + (m == null ? e.getClass().getSimpleName() : m), e);
    }

    private static <V> V nonNull(V v, int row) {
        if (v == null) {
            throw new FeatureException("extractor returned null on training row " + row, null);
        }
        return v;
    }

    private static <T> long[] longs(List<T> rows, ToLongFunction<? super T> f) {
        long[] a = new long[rows.size()];
        for (int i = 0; i < a.length; i++) {
            try {
                a[i] = f.applyAsLong(rows.get(i));
            } catch (FeatureException e) {
                throw e;
            } catch (RuntimeException e) {
                throw rowFailure(i, e);
            }
        }
        return a;
    }

    private static <T> double[] doubles(List<T> rows, ToDoubleFunction<? super T> f) {
        double[] a = new double[rows.size()];
        for (int i = 0; i < a.length; i++) {
            try {
                a[i] = f.applyAsDouble(rows.get(i));
            } catch (RuntimeException e) {
                throw rowFailure(i, e);
            }
        }
        return a;
    }

    /** The values of every row, computed as they are iterated (not held: a trainer reads each once). */
    private static <T, V> Iterable<V> objects(List<T> rows, Function<? super T, ? extends V> f) {
        return () -> new java.util.Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < rows.size();
            }

            @Override
            public V next() {
                if (i >= rows.size()) {
                    throw new java.util.NoSuchElementException();
                }
                V v;
                try {
                    v = f.apply(rows.get(i));
                } catch (RuntimeException e) {
                    throw rowFailure(i, e);
                }
                return nonNull(v, i++);
            }
        };
    }

    /** One feature definition: name, encoder kind, how to fit it and how to bind a fitted encoder. */
    abstract static class Def<T> {
        final String name;
        final EncoderKind kind;
        final Encoder fixed;        // the encoder of a feature with nothing to fit, else null

        Def(String name, EncoderKind kind, Encoder fixed) {
            this.name = name;
            this.kind = kind;
            this.fixed = fixed;
        }

        abstract Encoder fit(List<T> rows, Map<String, Encoder> earlier);

        abstract FittedSchema.Bound<T> bind(Encoder encoder);
    }

    /**
     * Returns, from {@link #build()}, a feature schema; collects named features in order.
     *
     * @param <T> the row type
     */
    public static final class Builder<T> {
        private final List<Def<T>> defs = new ArrayList<>();
        private final Map<String, Def<T>> byName = new HashMap<>();
        /** The first problem of a declaration, thrown by {@link #build()}. */
        private RuntimeException problem;

        private Builder() {
        }

        private Builder<T> add(String name, Object[] required, String[] names, java.util.function.Supplier<Def<T>> def) {
            if (problem != null) {
                return this;
            }
            for (int i = 0; i < required.length; i++) {
                if (required[i] == null) {
                    problem = new NullPointerException("feature '" + name + "': " + names[i]);
                    return this;
                }
            }
            if (name == null || name.isEmpty()) {
                problem = new IllegalArgumentException("name: " + (name == null ? "null" : "empty")
                        + ", a feature name must be non-empty (feature " + (defs.size() + 1) + ")");
                return this;
            }
            if (byName.containsKey(name)) {
                problem = new IllegalArgumentException("name: feature '" + name + "' is declared twice");
                return this;
            }
            Def<T> d;
            try {
                d = def.get();
            } catch (IllegalArgumentException | NullPointerException e) {
                problem = e;
                return this;
            }
            byName.put(name, d);
            defs.add(d);
            return this;
        }

        /**
         * Returns this builder with a one-hot feature over numeric ids ({@link Vocabulary}).
         *
         * @param name    the feature name, unique in the schema
         * @param trainer fits the vocabulary
         * @param id      reads the id from a row
         */
        public Builder<T> addCategorical(String name, Vocabulary.Trainer trainer, ToLongFunction<? super T> id) {
            return add(name, new Object[] {trainer, id}, new String[] {"trainer", "id"},
                    () -> new Def<>(name, EncoderKind.VOCABULARY, null) {
                @Override
                Encoder fit(List<T> rows, Map<String, Encoder> earlier) {
                    return trainer.fit(longs(rows, id));
                }

                @Override
                FittedSchema.Bound<T> bind(Encoder e) {
                    Vocabulary v = (Vocabulary) e;
                    return new FittedSchema.Bound<>(name, e, v.cardinality(), 1,
                            (row, b, field, offset) -> b.add(field, offset + v.index(id.applyAsLong(row)), 1.0),
                            (row, out, at) -> out[at] = v.index(id.applyAsLong(row)));
                }
            });
        }

        /**
         * Returns this builder with a one-hot feature over string ids ({@link Vocabulary}).
         *
         * @param name    the feature name, unique in the schema
         * @param trainer fits the vocabulary
         * @param id      reads the id from a row; must not return null
         */
        public Builder<T> addCategoricalString(String name, Vocabulary.Trainer trainer, Function<? super T, String> id) {
            return add(name, new Object[] {trainer, id}, new String[] {"trainer", "id"},
                    () -> new Def<>(name, EncoderKind.VOCABULARY, null) {
                @Override
                Encoder fit(List<T> rows, Map<String, Encoder> earlier) {
                    return trainer.fitStrings(objects(rows, id));
                }

                @Override
                FittedSchema.Bound<T> bind(Encoder e) {
                    Vocabulary v = (Vocabulary) e;
                    return new FittedSchema.Bound<>(name, e, v.cardinality(), 1,
                            (row, b, field, offset) -> b.add(field, offset + v.index(FittedSchema.nonNull(id.apply(row))), 1.0),
                            (row, out, at) -> out[at] = v.index(FittedSchema.nonNull(id.apply(row))));
                }
            });
        }

        /**
         * Returns this builder with a multi-hot feature over sets of string tokens ({@link MultiHot}).
         *
         * @param name    the feature name, unique in the schema
         * @param trainer fits the token vocabulary
         * @param tokens  reads the tokens from a row; must not return null (an empty collection is fine)
         */
        public Builder<T> addMultiHot(String name, MultiHot.Trainer trainer,
                                   Function<? super T, ? extends Collection<String>> tokens) {
            return add(name, new Object[] {trainer, tokens}, new String[] {"trainer", "tokens"},
                    () -> new Def<>(name, EncoderKind.MULTI_HOT, null) {
                @Override
                Encoder fit(List<T> rows, Map<String, Encoder> earlier) {
                    return trainer.fitStrings(objects(rows, tokens));
                }

                @Override
                FittedSchema.Bound<T> bind(Encoder e) {
                    MultiHot m = (MultiHot) e;
                    return multiHotBound(name, m, row -> m.indices(FittedSchema.nonNull(tokens.apply(row))));
                }
            });
        }

        /**
         * Returns this builder with a multi-hot feature of string tokens over the vocabulary of an
         * earlier feature (a {@link Vocabulary} or {@link MultiHot} one), e.g. favourite genres over the
         * genre vocabulary.
         *
         * @param name       the feature name, unique in the schema
         * @param vocabulary the name of an earlier feature whose vocabulary is used
         * @param oov        what to do with unknown tokens
         * @param tokens     reads the tokens from a row; must not return null
         */
        public Builder<T> addMultiHotOver(String name, String vocabulary, MultiHot.Oov oov,
                                       Function<? super T, ? extends Collection<String>> tokens) {
            return add(name, new Object[] {tokens}, new String[] {"tokens"},
                    () -> new OverDef<>(name, vocabulary, oov, requireVocabularyFeature(name, vocabulary)) {
                @Override
                FittedSchema.Bound<T> bind(Encoder e) {
                    MultiHot m = (MultiHot) e;
                    return multiHotBound(name, m, row -> m.indices(FittedSchema.nonNull(tokens.apply(row))));
                }
            });
        }

        /**
         * Returns this builder with a multi-hot feature of numeric ids over the vocabulary of an earlier
         * feature, e.g. recently liked movies over the movieId vocabulary.
         *
         * @param name       the feature name, unique in the schema
         * @param vocabulary the name of an earlier {@link Vocabulary} or {@link MultiHot} feature
         * @param oov        what to do with unknown ids
         * @param ids        reads the ids from a row; must not return null
         */
        public Builder<T> addMultiHotLongsOver(String name, String vocabulary, MultiHot.Oov oov,
                                            Function<? super T, long[]> ids) {
            return add(name, new Object[] {ids}, new String[] {"ids"},
                    () -> new OverDef<>(name, vocabulary, oov, requireVocabularyFeature(name, vocabulary)) {
                @Override
                FittedSchema.Bound<T> bind(Encoder e) {
                    MultiHot m = (MultiHot) e;
                    return multiHotBound(name, m, row -> m.indices(FittedSchema.nonNull(ids.apply(row))));
                }
            });
        }

        private Def<T> requireVocabularyFeature(String name, String vocabulary) {
            Def<T> ref = byName.get(vocabulary);
            if (ref == null || (ref.kind != EncoderKind.VOCABULARY && ref.kind != EncoderKind.MULTI_HOT)) {
                throw new IllegalArgumentException("vocabulary: '" + vocabulary + "', feature '" + name
                        + "' needs a categorical or multi-hot feature of that name declared earlier; declared so far: "
                        + byName.keySet());
            }
            return ref;
        }

        /**
         * Returns this builder with a min-max scaled numeric feature ({@link MinMaxScaler}).
         *
         * @param name    the feature name, unique in the schema
         * @param trainer fits the scaler
         * @param value   reads the value from a row; must be finite
         */
        public Builder<T> addMinMax(String name, MinMaxScaler.Trainer trainer, ToDoubleFunction<? super T> value) {
            return add(name, new Object[] {trainer, value}, new String[] {"trainer", "value"},
                    () -> new Def<>(name, EncoderKind.MIN_MAX, null) {
                @Override
                Encoder fit(List<T> rows, Map<String, Encoder> earlier) {
                    return trainer.fit(doubles(rows, value));
                }

                @Override
                FittedSchema.Bound<T> bind(Encoder e) {
                    MinMaxScaler s = (MinMaxScaler) e;
                    return numericBound(name, e, row -> s.transform(FittedSchema.finite(value.applyAsDouble(row))));
                }
            });
        }

        /**
         * Returns this builder with a standardised numeric feature ({@link StandardScaler}).
         *
         * @param name    the feature name, unique in the schema
         * @param trainer fits the scaler
         * @param value   reads the value from a row; must be finite
         */
        public Builder<T> addStandard(String name, StandardScaler.Trainer trainer, ToDoubleFunction<? super T> value) {
            return add(name, new Object[] {trainer, value}, new String[] {"trainer", "value"},
                    () -> new Def<>(name, EncoderKind.STANDARD, null) {
                @Override
                Encoder fit(List<T> rows, Map<String, Encoder> earlier) {
                    return trainer.fit(doubles(rows, value));
                }

                @Override
                FittedSchema.Bound<T> bind(Encoder e) {
                    StandardScaler s = (StandardScaler) e;
                    return numericBound(name, e, row -> s.transform(FittedSchema.finite(value.applyAsDouble(row))));
                }
            });
        }

        /**
         * Returns this builder with a quantile-bucketed feature ({@link QuantileBuckets}), one-hot over
         * its buckets; NaN means missing (bucket 0).
         *
         * @param name    the feature name, unique in the schema
         * @param trainer fits the cut points
         * @param value   reads the value from a row; NaN for missing
         */
        public Builder<T> addQuantile(String name, QuantileBuckets.Trainer trainer, ToDoubleFunction<? super T> value) {
            return add(name, new Object[] {trainer, value}, new String[] {"trainer", "value"},
                    () -> new Def<>(name, EncoderKind.QUANTILE_BUCKETS, null) {
                @Override
                Encoder fit(List<T> rows, Map<String, Encoder> earlier) {
                    return trainer.fit(doubles(rows, value));
                }

                @Override
                FittedSchema.Bound<T> bind(Encoder e) {
                    QuantileBuckets q = (QuantileBuckets) e;
                    return new FittedSchema.Bound<>(name, e, q.numBuckets(), 1,
                            (row, b, field, offset) -> b.add(field, offset + q.bucket(value.applyAsDouble(row)), 1.0),
                            (row, out, at) -> out[at] = q.bucket(value.applyAsDouble(row)));
                }
            });
        }

        /**
         * Returns this builder with a hashed cross of two ids ({@link HashedCross}), one-hot over its buckets.
         *
         * @param name  the feature name, unique in the schema
         * @param cross the cross (nothing to fit)
         * @param a     reads the first id
         * @param b     reads the second id
         */
        public Builder<T> addCross(String name, HashedCross cross, ToLongFunction<? super T> a, ToLongFunction<? super T> b) {
            return add(name, new Object[] {cross, a, b}, new String[] {"cross", "a", "b"},
                    () -> new Def<>(name, EncoderKind.HASHED_CROSS, cross) {
                @Override
                Encoder fit(List<T> rows, Map<String, Encoder> earlier) {
                    return cross;
                }

                @Override
                FittedSchema.Bound<T> bind(Encoder e) {
                    HashedCross h = (HashedCross) e;
                    return new FittedSchema.Bound<>(name, e, h.numBuckets(), 1,
                            (row, sb, field, offset) -> sb.add(field, offset + h.bucket(a.applyAsLong(row), b.applyAsLong(row)), 1.0),
                            (row, out, at) -> out[at] = h.bucket(a.applyAsLong(row), b.applyAsLong(row)));
                }
            });
        }

        /**
         * Returns this builder with a time-context feature ({@link TimeContext}): sparse, the hour bucket
         * one-hot followed by one weekend slot (value 0 or 1); dense, two slots (hour bucket, weekend 0/1).
         *
         * @param name        the feature name, unique in the schema
         * @param time        the time context (nothing to fit)
         * @param epochSecond reads the timestamp, seconds since the epoch
         */
        public Builder<T> addTime(String name, TimeContext time, ToLongFunction<? super T> epochSecond) {
            return add(name, new Object[] {time, epochSecond}, new String[] {"time", "epochSecond"},
                    () -> new Def<>(name, EncoderKind.TIME_CONTEXT, time) {
                @Override
                Encoder fit(List<T> rows, Map<String, Encoder> earlier) {
                    return time;
                }

                @Override
                FittedSchema.Bound<T> bind(Encoder e) {
                    TimeContext t = (TimeContext) e;
                    int hb = t.numHourBuckets();
                    return new FittedSchema.Bound<>(name, e, hb + 1, 2,
                            (row, b, field, offset) -> {
                                long s = epochSecond.applyAsLong(row);
                                b.add(field, offset + t.hourBucket(s), 1.0);
                                b.add(field, offset + hb, t.isWeekend(s) ? 1.0 : 0.0);
                            },
                            (row, out, at) -> {
                                long s = epochSecond.applyAsLong(row);
                                out[at] = t.hourBucket(s);
                                out[at + 1] = t.isWeekend(s) ? 1.0 : 0.0;
                            });
                }
            });
        }

        /**
         * Returns the schema.
         *
         * @throws IllegalArgumentException naming the first bad declaration (an empty or repeated name, a
         *                                  vocabulary feature not declared earlier), or if there is no feature
         * @throws NullPointerException     naming the feature and the null argument of a declaration
         */
        public FeatureSchema<T> build() {
            if (problem instanceof NullPointerException e) {
                throw new NullPointerException(e.getMessage());
            } else if (problem != null) {
                throw new IllegalArgumentException(problem.getMessage(), problem.getCause());
            }
            if (defs.isEmpty()) {
                throw new IllegalArgumentException("features: empty; a schema needs at least one feature");
            }
            return new FeatureSchema<>(defs);
        }
    }

    private abstract static class OverDef<T> extends Def<T> {
        private final String vocabulary;
        private final MultiHot.Oov oov;

        OverDef(String name, String vocabulary, MultiHot.Oov oov, Def<T> ref) {
            super(name, EncoderKind.MULTI_HOT, null);
            this.vocabulary = ref.name;
            this.oov = Objects.requireNonNull(oov, "oov");
        }

        @Override
        Encoder fit(List<T> rows, Map<String, Encoder> earlier) {
            Encoder ref = earlier.get(vocabulary);
            Vocabulary v = ref instanceof MultiHot m ? m.vocabulary() : (Vocabulary) ref;
            return MultiHot.over(v, oov);
        }
    }

    private static <T> FittedSchema.Bound<T> multiHotBound(String name, MultiHot m, Function<T, int[]> indices) {
        return new FittedSchema.Bound<>(name, m, m.cardinality(), m.cardinality(),
                (row, b, field, offset) -> {
                    for (int i : indices.apply(row)) {
                        b.add(field, offset + i, 1.0);
                    }
                },
                (row, out, at) -> {
                    java.util.Arrays.fill(out, at, at + m.cardinality(), 0.0);
                    for (int i : indices.apply(row)) {
                        out[at + i] = 1.0;
                    }
                });
    }

    private static <T> FittedSchema.Bound<T> numericBound(String name, Encoder e, ToDoubleFunction<T> scaled) {
        return new FittedSchema.Bound<>(name, e, 1, 1,
                (row, b, field, offset) -> b.add(field, offset, scaled.applyAsDouble(row)),
                (row, out, at) -> out[at] = scaled.applyAsDouble(row));
    }
}
