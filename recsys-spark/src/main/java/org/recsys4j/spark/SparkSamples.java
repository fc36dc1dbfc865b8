package org.recsys4j.spark;

import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.feature.FeatureSchema;
import org.recsys4j.core.feature.FittedSchema;
import org.recsys4j.core.feature.SparseRow;
import org.recsys4j.core.sample.Aggregate;
import org.recsys4j.core.sample.ItemAsOf;
import org.recsys4j.core.sample.LabelRule;
import org.recsys4j.core.sample.Part;
import org.recsys4j.core.sample.SampleFeatures;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.core.sample.TimeSplit;
import org.recsys4j.core.sample.UserAsOf;
import scala.Tuple2;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the leakage-safe CTR samples of an event log on Spark, and their encoded features, with recsys-core's
 * definitions: every value equals what {@link SampleSet#build} and {@link SampleFeatures#fit} give on one machine
 * for the same events, catalogue and {@link SampleSpec} (tested sample by sample and field by field).
 *
 * <p><b>How.</b> The events are partitioned twice: by user, each user's events sorted by (timestamp, sequence) and
 * fed to core's {@link UserAsOf} inside {@code mapPartitions} (the user-side aggregates, recent positives,
 * favourites, affinities, and which events are samples); and by item, each item's events fed to {@link ItemAsOf}
 * (the item-side aggregates). The two sides are joined by event. The time split is core's
 * {@link TimeSplit#ofCounts} of the samples per second. The encoders are {@link SampleFeatures#schema(SampleSpec,
 * ItemCatalog, boolean, boolean, SampleFeatures.Source)} fitted by core's trainers on the driver, from the train
 * samples' per-feature counts, extremes and values (never the samples themselves: see {@code docs/spark.md} for the
 * driver's memory), then shipped to the executors as an R4JF schema file, which encode every sample in
 * {@code mapPartitions}. Neither side of the features is computed twice, and no feature has a second definition.
 *
 * <p><b>Input.</b> A {@code Dataset<Row>} of events with the columns of {@link #EVENTS}: {@code user} and
 * {@code item} (external ids as text; numeric ids in decimal), {@code value} (a rating or a {@code Feedback}
 * signal, as a float), {@code timestamp} (seconds), {@code sequence} (a number that increases with the event's
 * position in the log: ties of one second are ordered by it, as {@code SampleSet} orders them by row) and, for a
 * spec whose label rule reads event types, {@code type}. Events a feedback policy drops must be filtered out before.
 * {@link #readMovieLensRatings} reads a MovieLens {@code ratings.csv} in that form.
 *
 * <pre>{@code
 * SparkSamples job = SparkSamples.builder(SampleSpec::protocolC, SparkSamples.movieLensCatalog("/data/ml-25m"))
 *         .withPartitions(64).build();
 * SparkSamples.Result r = job.run(SparkSamples.readMovieLensRatings(spark, "/data/ml-25m/ratings.csv"));
 * r.write(Path.of("/out/samples"));        // Parquet samples + the fitted encoders (features.r4jf)
 * }</pre>
 */
public final class SparkSamples {
    /** The default number of partitions of each side: 0, Spark's default parallelism. */
    public static final int DEFAULT_PARTITIONS = 0;
    /** Whether events of unknown items are skipped by default: {@value}. */
    public static final boolean DEFAULT_LENIENT = false;

    /** The columns of the events a job reads ({@code type} only for a spec whose label rule reads event types). */
    public static final StructType EVENTS = new StructType()
            .add("user", DataTypes.StringType, false)
            .add("item", DataTypes.StringType, false)
            .add("value", DataTypes.FloatType, false)
            .add("timestamp", DataTypes.LongType, false)
            .add("sequence", DataTypes.LongType, false);

    private static final Map<String, Object> EXECUTOR_CACHE = new ConcurrentHashMap<>();

    private final Recipe<SampleSpec> spec;
    private final Recipe<ItemCatalog> catalog;
    private final int partitions;
    private final boolean lenient;

    private SparkSamples(Builder b) {
        this.spec = b.spec;
        this.catalog = b.catalog;
        this.partitions = b.partitions;
        this.lenient = b.lenient;
    }

    /**
     * Returns a builder of jobs.
     *
     * @param spec    makes the sample spec on each executor (e.g. {@code SampleSpec::protocolC})
     * @param catalog makes the item catalogue on each executor; every executor must get the same items in the same
     *                index order (e.g. {@link #movieLensCatalog(String)})
     */
    public static Builder builder(Recipe<SampleSpec> spec, Recipe<ItemCatalog> catalog) {
        return new Builder(spec, catalog);
    }

    /**
     * Returns a recipe for the catalogue of a MovieLens directory as {@code MovieLens.load} builds it (its items
     * file; ratings are not read), for a directory every executor can read.
     *
     * @param dir the MovieLens directory
     */
    public static Recipe<ItemCatalog> movieLensCatalog(String dir) {
        Objects.requireNonNull(dir, "dir");
        return () -> MovieLensCatalog.read(Path.of(dir));
    }

    /**
     * Returns the ratings of a MovieLens {@code ratings.csv} (header {@code userId,movieId,rating,timestamp}) as
     * events: {@code sequence} is the rating's line number after the header, {@code value} its rating.
     *
     * @param spark the session
     * @param file  the ratings file (any path Spark reads)
     * @return the events, in {@link #EVENTS}' columns
     * @throws IllegalArgumentException (when the data are read) naming the line of a malformed row
     */
    public static Dataset<Row> readMovieLensRatings(SparkSession spark, String file) {
        JavaRDD<Row> rows = spark.read().textFile(file).javaRDD().zipWithIndex().flatMap(t -> {
            String line = t._1();
            long n = t._2();
            if (n == 0) {
                if (!line.startsWith("userId,movieId,rating,timestamp")) {
                    throw new IllegalArgumentException(file + ":1: header '" + line
                            + "', expected userId,movieId,rating,timestamp");
                }
                return java.util.Collections.emptyIterator();
            }
            if (line.isEmpty()) {
                return java.util.Collections.emptyIterator();
            }
            String[] f = line.split(",", -1);
            if (f.length != 4) {
                throw new IllegalArgumentException(file + ":" + (n + 1) + ": " + f.length + " fields in '" + line
                        + "', expected 4 (userId,movieId,rating,timestamp)");
            }
            try {
                return List.of(RowFactory.create(f[0], f[1], Float.parseFloat(f[2]), Long.parseLong(f[3]), n - 1))
                        .iterator();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + (n + 1) + ": " + e.getMessage() + " in '" + line + "'");
            }
        });
        return spark.createDataFrame(rows, EVENTS);
    }

    /**
     * Returns the samples of {@code events}, split and encoded. The samples are computed once and kept
     * (memory and disk) until {@link Result#close()}.
     *
     * @param events the events, with the columns of {@link #EVENTS}
     * @return the samples, their split and the fitted encoders
     * @throws IllegalArgumentException if a column is missing, an event names an item the catalogue lacks (naming
     *                                  it and its sequence), a user's timestamps cannot be ordered, or no event has
     *                                  enough earlier events of its user to be a sample
     * @throws IOException              if the spec or catalogue cannot be made on the driver
     */
    public Result run(Dataset<Row> events) throws IOException {
        Objects.requireNonNull(events, "events");
        for (String c : EVENTS.fieldNames()) {
            if (!List.of(events.columns()).contains(c)) {
                throw new IllegalArgumentException("events: no column '" + c + "'; the job reads "
                        + String.join(", ", EVENTS.fieldNames()) + " (and type for an event-type label rule); found "
                        + String.join(", ", events.columns()));
            }
        }
        SparkSession spark = events.sparkSession();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int n = partitions > 0 ? partitions : sc.defaultParallelism();
        String job = UUID.randomUUID().toString();
        Recipe<SampleSpec> specRecipe = spec;
        Recipe<ItemCatalog> catalogRecipe = catalog;
        SampleSpec driverSpec = spec.make();
        ItemCatalog driverCatalog = catalog.make();
        boolean typed = driverSpec.labelRule().kind() == LabelRule.Kind.EVENT_TYPES;
        if (typed && !List.of(events.columns()).contains("type")) {
            throw new IllegalArgumentException("events: the label rule " + driverSpec.labelRule()
                    + " reads event types, but there is no column 'type'");
        }

        LongAccumulator skipped = sc.sc().longAccumulator("events of items not in the catalogue");
        JavaRDD<Event> parsed = parse(events, job, typed, skipped).persist(StorageLevel.MEMORY_AND_DISK());
        boolean numericUsers = parsed.filter(e -> !isCanonicalLong(e.user)).isEmpty();
        boolean numericItems = driverCatalog.items().isNumeric();

        // the user side: each user's events in time order through UserAsOf; only the samples come out
        JavaRDD<SampleRecord> userSide = parsed
                .mapToPair(e -> new Tuple2<>(new TimeKey(e.user, e.timestamp, e.sequence), e))
                .repartitionAndSortWithinPartitions(new KeyPartitioner(n), TimeKey.ORDER)
                .mapPartitions(it -> {
                    SampleSpec s = cached(job, "spec", specRecipe);
                    ItemCatalog c = cached(job, "catalog", catalogRecipe);
                    return new UserSide(it, s, c);
                });
        // the item side: each item's events in time order through ItemAsOf; every event comes out
        JavaPairRDD<Long, double[]> itemSide = parsed
                .mapToPair(e -> new Tuple2<>(new TimeKey(Integer.toString(e.item), e.timestamp, e.sequence), e))
                .repartitionAndSortWithinPartitions(new KeyPartitioner(n), TimeKey.ORDER)
                .mapPartitionsToPair(ItemSide::new);
        JavaRDD<SampleRecord> joined = userSide.mapToPair(r -> new Tuple2<>(r.sequence, r))
                .join(itemSide, new HashPartitioner(n))
                .map(t -> {
                    SampleRecord r = t._2()._1();
                    double[] item = t._2()._2();
                    for (Aggregate a : Aggregate.values()) {
                        if (!a.isUser()) {
                            r.aggregates[a.ordinal()] = item[a.ordinal()];
                        }
                    }
                    return r;
                }).persist(StorageLevel.MEMORY_AND_DISK());

        // the split: core's thresholds from the number of samples per second
        List<long[][]> perSecond = joined.mapToPair(r -> new Tuple2<>(r.timestamp, 1L)).reduceByKey(Long::sum, n)
                .sortByKey(true, n).mapPartitions(SparkSamples::columns).collect();
        int seconds = 0;
        for (long[][] p : perSecond) {
            seconds += p[0].length;
        }
        if (seconds == 0) {
            parsed.unpersist();
            joined.unpersist();
            throw new IllegalArgumentException("events: no event has minPriorEvents=" + driverSpec.minPriorEvents()
                    + " earlier events of its user; no samples");
        }
        long[] ts = new long[seconds];
        long[] counts = new long[seconds];
        int at = 0;
        for (long[][] p : perSecond) {
            System.arraycopy(p[0], 0, ts, at, p[0].length);
            System.arraycopy(p[1], 0, counts, at, p[1].length);
            at += p[0].length;
        }
        TimeSplit split = TimeSplit.ofCounts(ts, counts, driverSpec);
        long splitAt = split.splitTimestamp();
        long validationAt = split.validationTimestamp();
        JavaRDD<SampleRecord> samples = joined.mapPartitions(it -> {
            TimeSplit parts = new TimeSplit(splitAt, validationAt);
            return map(it, r -> {
                r.part = (byte) parts.part(r.timestamp).ordinal();
                return r;
            });
        });

        // the encoders: core's schema fitted on the train samples' per-feature summaries
        FitColumns columns = FitColumns.of(samples.filter(r -> r.part != Part.TEST.ordinal()), driverSpec,
                driverCatalog, numericUsers, numericItems);
        FittedSchema<Integer> fittedOnColumns = columns.fit();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        fittedOnColumns.write(bytes);
        byte[] fittedBytes = bytes.toByteArray();
        FittedSchema<SampleRecord> features = recordSchema(driverSpec, driverCatalog, numericUsers, numericItems)
                .read(new ByteArrayInputStream(fittedBytes), "the job's fitted encoders");
        Broadcast<byte[]> shipped = sc.broadcast(fittedBytes);
        JavaRDD<SampleRecord> encoded = samples.mapPartitions(it -> {
            FittedSchema<SampleRecord> f = cached(job, "features", () -> recordSchema(specRecipe.make(),
                    cached(job, "catalog", catalogRecipe), numericUsers, numericItems)
                    .read(new ByteArrayInputStream(shipped.value()), "the job's fitted encoders"));
            return map(it, r -> {
                SparseRow row = f.sparse(r);
                r.fields = row.fields();
                r.indices = row.indices();
                r.values = row.values();
                return r;
            });
        }).persist(StorageLevel.MEMORY_AND_DISK());
        long total = encoded.count();
        joined.unpersist();
        parsed.unpersist();
        return new Result(spark, encoded, total, skipped.value(), split, features, driverSpec, driverCatalog,
                numericUsers, numericItems);
    }

    /** Returns the events with their item's dense index and label (unknown items skipped or refused). */
    private JavaRDD<Event> parse(Dataset<Row> events, String job, boolean typed, LongAccumulator skipped) {
        Recipe<SampleSpec> specRecipe = spec;
        Recipe<ItemCatalog> catalogRecipe = catalog;
        boolean skipUnknown = lenient;
        // the events with their item's dense index and label
        Dataset<Row> cols = typed ? events.select("user", "item", "value", "timestamp", "sequence", "type")
                : events.select("user", "item", "value", "timestamp", "sequence");
        return cols.javaRDD().mapPartitions(rows -> {
            SampleSpec s = cached(job, "spec", specRecipe);
            ItemCatalog c = cached(job, "catalog", catalogRecipe);
            IdIndex items = c.items();
            LabelRule rule = s.labelRule();
            return map(rows, r -> {
                String user = r.getString(0);
                String item = r.getString(1);
                float value = r.getFloat(2);
                long seq = r.getLong(4);
                int index = items.isNumeric() ? numericIndex(items, item) : items.indexOf(item);
                if (index < 0) {
                    if (skipUnknown) {
                        skipped.add(1);
                        return null;
                    }
                    throw new IllegalArgumentException("events: item '" + item + "' (sequence " + seq
                            + ") is not in the catalogue (" + items.size() + " items); a lenient job "
                            + "(withLenient(true)) skips such events and counts them");
                }
                boolean positive = rule.kind() == LabelRule.Kind.EVENT_TYPES ? rule.isPositiveType(r.getString(5))
                        : rule.isPositiveValue(value);
                return new Event(user, index, value, r.getLong(3), seq, positive);
            });
        }).filter(Objects::nonNull);
    }

    /**
     * Returns each user's current user-side aggregates: the spec's user aggregates (in the spec's order, raw, as
     * floats) after every event of the user, the values an online store serves for the user now and what
     * {@code CtrSamples.userAggregates} gives on one machine. Load them with {@link SparkStoreLoad#loadVectors}.
     *
     * @param events the events, with the columns of {@link #EVENTS}
     * @return (user id, aggregates) per user
     * @throws IOException if the spec or catalogue cannot be made on the driver
     */
    public JavaPairRDD<String, float[]> currentUserAggregates(Dataset<Row> events) throws IOException {
        Objects.requireNonNull(events, "events");
        SparkSession spark = events.sparkSession();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int n = partitions > 0 ? partitions : sc.defaultParallelism();
        String job = UUID.randomUUID().toString();
        SampleSpec driverSpec = spec.make();
        boolean typed = driverSpec.labelRule().kind() == LabelRule.Kind.EVENT_TYPES;
        Recipe<SampleSpec> specRecipe = spec;
        Recipe<ItemCatalog> catalogRecipe = catalog;
        return parse(events, job, typed, sc.sc().longAccumulator())
                .mapToPair(e -> new Tuple2<>(new TimeKey(e.user, e.timestamp, e.sequence), e))
                .repartitionAndSortWithinPartitions(new KeyPartitioner(n), TimeKey.ORDER)
                .mapPartitionsToPair(it -> new CurrentUsers(it, cached(job, "spec", specRecipe),
                        cached(job, "catalog", catalogRecipe)));
    }

    /** Each user of one partition (events in time order) folded whole through one UserAsOf: its current aggregates. */
    private static final class CurrentUsers implements Iterator<Tuple2<String, float[]>> {
        private final Iterator<Tuple2<TimeKey, Event>> in;
        private final UserAsOf asOf;
        private final List<Aggregate> user = new ArrayList<>();
        private Event pending;

        CurrentUsers(Iterator<Tuple2<TimeKey, Event>> in, SampleSpec spec, ItemCatalog catalog) {
            this.in = in;
            this.asOf = UserAsOf.of(spec, catalog);
            for (Aggregate a : spec.aggregates()) {
                if (a.isUser()) {
                    user.add(a);
                }
            }
        }

        @Override
        public boolean hasNext() {
            return pending != null || in.hasNext();
        }

        @Override
        public Tuple2<String, float[]> next() {
            Event e = pending != null ? pending : in.next()._2();
            pending = null;
            String u = e.user;
            asOf.reset();
            asOf.add(e.timestamp, e.item, e.value, e.positive, e.sequence);
            while (in.hasNext()) {
                Event x = in.next()._2();
                if (!x.user.equals(u)) {
                    pending = x;
                    break;
                }
                asOf.add(x.timestamp, x.item, x.value, x.positive, x.sequence);
            }
            asOf.complete();
            float[] out = new float[user.size()];
            for (int j = 0; j < out.length; j++) {
                out[j] = (float) asOf.aggregate(user.get(j));
            }
            return new Tuple2<>(u, out);
        }
    }

    /** Returns the encoding of sample records under the spec (core's one definition, read through the records). */
    static FeatureSchema<SampleRecord> recordSchema(SampleSpec spec, ItemCatalog catalog, boolean numericUsers,
                                                    boolean numericItems) {
        return SampleFeatures.schema(spec, catalog, numericUsers, numericItems, new RecordSource(spec, catalog));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> T cached(String job, String what, Recipe<T> recipe) throws IOException {
        String key = job + ":" + what;
        Object v = EXECUTOR_CACHE.get(key);
        if (v == null) {
            synchronized (EXECUTOR_CACHE) {
                v = EXECUTOR_CACHE.get(key);
                if (v == null) {
                    v = Objects.requireNonNull(recipe.make(), what);
                    EXECUTOR_CACHE.put(key, v);
                }
            }
        }
        return (T) v;
    }

    static void forget(String prefix) {
        EXECUTOR_CACHE.keySet().removeIf(k -> k.startsWith(prefix));
    }

    private static int numericIndex(IdIndex items, String item) {
        try {
            return items.indexOf(Long.parseLong(item));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static boolean isCanonicalLong(String s) {
        try {
            return Long.toString(Long.parseLong(s)).equals(s);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Iterator<long[][]> columns(Iterator<Tuple2<Long, Long>> it) {
        it.hasNext();
        long[] t = new long[16];
        long[] c = new long[16];
        int m = 0;
        while (it.hasNext()) {
            Tuple2<Long, Long> x = it.next();
            if (m == t.length) {
                t = java.util.Arrays.copyOf(t, m * 2);
                c = java.util.Arrays.copyOf(c, m * 2);
            }
            t[m] = x._1();
            c[m++] = x._2();
        }
        return List.<long[][]>of(new long[][] {java.util.Arrays.copyOf(t, m), java.util.Arrays.copyOf(c, m)}).iterator();
    }

    /** A function that may throw, for {@link #map}. */
    @FunctionalInterface
    interface Fn<A, B> {
        B apply(A a) throws IOException;
    }

    /** Returns the lazily mapped iterator (Spark's partitions are streamed, never held whole). */
    static <A, B> Iterator<B> map(Iterator<A> in, Fn<A, B> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return in.hasNext();
            }

            @Override
            public B next() {
                try {
                    return f.apply(in.next());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** One event, as the two sides read it. */
    static final class Event implements Serializable {
        private static final long serialVersionUID = 1L;
        final String user;
        final int item;
        final float value;
        final long timestamp;
        final long sequence;
        final boolean positive;

        Event(String user, int item, float value, long timestamp, long sequence, boolean positive) {
            this.user = user;
            this.item = item;
            this.value = value;
            this.timestamp = timestamp;
            this.sequence = sequence;
            this.positive = positive;
        }
    }

    /** The sort key of one side: the user (or item), then time, then sequence. */
    static final class TimeKey implements Serializable {
        private static final long serialVersionUID = 1L;
        static final Comparator<TimeKey> ORDER = new Order();
        final String key;
        final long timestamp;
        final long sequence;

        TimeKey(String key, long timestamp, long sequence) {
            this.key = key;
            this.timestamp = timestamp;
            this.sequence = sequence;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TimeKey k && k.key.equals(key) && k.timestamp == timestamp && k.sequence == sequence;
        }

        @Override
        public int hashCode() {
            return key.hashCode();
        }

        private static final class Order implements Comparator<TimeKey>, Serializable {
            private static final long serialVersionUID = 1L;

            @Override
            public int compare(TimeKey a, TimeKey b) {
                int c = a.key.compareTo(b.key);
                if (c != 0) {
                    return c;
                }
                c = Long.compare(a.timestamp, b.timestamp);
                return c != 0 ? c : Long.compare(a.sequence, b.sequence);
            }
        }
    }

    /** Sends every event of one user (item) to one partition. */
    static final class KeyPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int n;

        KeyPartitioner(int n) {
            this.n = n;
        }

        @Override
        public int numPartitions() {
            return n;
        }

        @Override
        public int getPartition(Object key) {
            return Math.floorMod(((TimeKey) key).key.hashCode(), n);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeyPartitioner p && p.n == n;
        }

        @Override
        public int hashCode() {
            return n;
        }
    }

    /** The user side of one partition: its users' events, user by user in time order, through one UserAsOf. */
    private static final class UserSide implements Iterator<SampleRecord> {
        private final Iterator<Tuple2<TimeKey, Event>> in;
        private final UserAsOf asOf;
        private final SampleSpec spec;
        private final IdIndex items;
        private final List<String>[] vocabularies;
        private String user;
        private SampleRecord next;

        @SuppressWarnings({"unchecked", "rawtypes"})
        UserSide(Iterator<Tuple2<TimeKey, Event>> in, SampleSpec spec, ItemCatalog catalog) {
            this.in = in;
            this.spec = spec;
            this.asOf = UserAsOf.of(spec, catalog);
            this.items = catalog.items();
            this.vocabularies = new List[asOf.numFavourites()];
            for (int f = 0; f < vocabularies.length; f++) {
                vocabularies[f] = asOf.favouriteVocabulary(f);
            }
        }

        @Override
        public boolean hasNext() {
            while (next == null && in.hasNext()) {
                Event e = in.next()._2();
                if (!e.user.equals(user)) {
                    asOf.reset();
                    user = e.user;
                }
                asOf.add(e.timestamp, e.item, e.value, e.positive, e.sequence);
                if (asOf.isSample()) {
                    next = record(e);
                }
            }
            return next != null;
        }

        @Override
        public SampleRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            SampleRecord r = next;
            next = null;
            return r;
        }

        private SampleRecord record(Event e) {
            double[] agg = new double[Aggregate.values().length];
            for (Aggregate a : Aggregate.values()) {
                if (a.isUser()) {
                    agg[a.ordinal()] = asOf.aggregate(a);
                }
            }
            int nf = vocabularies.length;
            String[][] fav = new String[nf][];
            for (int f = 0; f < nf; f++) {
                fav[f] = new String[asOf.favouriteCount(f)];
                for (int j = 0; j < fav[f].length; j++) {
                    fav[f][j] = vocabularies[f].get(asOf.favouriteAt(f, j));
                }
            }
            float[] aff = new float[spec.affinities() ? nf : 0];
            for (int f = 0; f < aff.length; f++) {
                aff[f] = (float) asOf.affinity(f, e.item);
            }
            return new SampleRecord(e.sequence, e.timestamp, e.user, items.id(e.item), e.item, e.value, e.positive,
                    agg, asOf.recentPositives(), fav, aff);
        }
    }

    /** The item side of one partition: every event's item-side as-of aggregates, keyed by its sequence. */
    private static final class ItemSide implements Iterator<Tuple2<Long, double[]>> {
        private final Iterator<Tuple2<TimeKey, Event>> in;
        private final ItemAsOf asOf = ItemAsOf.create();
        private int item = -1;

        ItemSide(Iterator<Tuple2<TimeKey, Event>> in) {
            this.in = in;
        }

        @Override
        public boolean hasNext() {
            return in.hasNext();
        }

        @Override
        public Tuple2<Long, double[]> next() {
            Event e = in.next()._2();
            if (e.item != item) {
                asOf.reset();
                item = e.item;
            }
            asOf.add(e.timestamp, e.value, e.positive, e.sequence);
            double[] agg = new double[Aggregate.values().length];
            for (Aggregate a : Aggregate.values()) {
                if (!a.isUser()) {
                    agg[a.ordinal()] = asOf.aggregate(a);
                }
            }
            return new Tuple2<>(e.sequence, agg);
        }
    }

    /** Reads the encoding's values from a sample record. */
    static final class RecordSource implements SampleFeatures.Source<SampleRecord> {
        private final ItemCatalog catalog;
        private final IdIndex items;
        private final Map<String, double[]> numbers = new ConcurrentHashMap<>();

        RecordSource(SampleSpec spec, ItemCatalog catalog) {
            this.catalog = catalog;
            this.items = catalog.items();
        }

        @Override
        public long userId(SampleRecord r) {
            return Long.parseLong(r.user);
        }

        @Override
        public String userKey(SampleRecord r) {
            return r.user;
        }

        @Override
        public long itemId(SampleRecord r) {
            return items.longId(r.itemIndex);
        }

        @Override
        public String itemKey(SampleRecord r) {
            return r.item;
        }

        @Override
        public List<String> itemValues(SampleRecord r, String attribute) {
            return FitColumns.itemValues(catalog, attribute, r.itemIndex);
        }

        @Override
        public double itemNumber(SampleRecord r, String attribute) {
            return numbers.computeIfAbsent(attribute,
                    a -> SampleFeatures.numericValues(catalog.attribute(a).orElseThrow()))[r.itemIndex];
        }

        @Override
        public long[] recentPositiveIds(SampleRecord r) {
            long[] ids = new long[r.recent.length];
            for (int j = 0; j < ids.length; j++) {
                ids[j] = items.longId(r.recent[j]);
            }
            return ids;
        }

        @Override
        public List<String> recentPositiveKeys(SampleRecord r) {
            List<String> keys = new ArrayList<>(r.recent.length);
            for (int i : r.recent) {
                keys.add(items.id(i));
            }
            return keys;
        }

        @Override
        public List<String> favouriteValues(SampleRecord r, int f) {
            return List.of(r.favourites[f]);
        }

        @Override
        public double aggregate(SampleRecord r, Aggregate a) {
            return r.aggregates[a.ordinal()];
        }

        @Override
        public double affinity(SampleRecord r, int f) {
            return r.affinity(f);
        }

        @Override
        public long itemCrossKey(SampleRecord r) {
            return SampleSet.crossKey(items, r.itemIndex);
        }

        @Override
        public long firstRecentCrossKey(SampleRecord r) {
            return r.recent.length == 0 ? 0L : SampleSet.crossKey(items, r.recent[0]);
        }
    }

    /** Returns {@link SparkSamples} jobs. */
    public static final class Builder {
        private final Recipe<SampleSpec> spec;
        private final Recipe<ItemCatalog> catalog;
        private int partitions = DEFAULT_PARTITIONS;
        private boolean lenient = DEFAULT_LENIENT;

        private Builder(Recipe<SampleSpec> spec, Recipe<ItemCatalog> catalog) {
            this.spec = spec;
            this.catalog = catalog;
        }

        /**
         * Sets the number of partitions of the user side, the item side and the join (default
         * {@value SparkSamples#DEFAULT_PARTITIONS}: Spark's default parallelism); at least 0.
         */
        public Builder withPartitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        /**
         * Sets whether events of items the catalogue lacks are skipped and counted ({@link Result#skippedEvents()}),
         * as {@code MovieLens.load} with {@code LoadOptions.lenient()} skips them, instead of failing the job
         * (default {@value SparkSamples#DEFAULT_LENIENT}).
         */
        public Builder withLenient(boolean lenient) {
            this.lenient = lenient;
            return this;
        }

        /**
         * Returns the job.
         *
         * @throws NullPointerException     if the spec or catalogue recipe is null
         * @throws IllegalArgumentException if the partitions are negative
         */
        public SparkSamples build() {
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(catalog, "catalog");
            if (partitions < 0) {
                throw new IllegalArgumentException("partitions: " + partitions + ", must be at least 0 (0 = Spark's "
                        + "default parallelism)");
            }
            return new SparkSamples(this);
        }
    }

    /**
     * The samples of one run: kept by Spark (memory and disk) until {@link #close()}, with their time split and
     * the fitted encoders.
     */
    public static final class Result implements AutoCloseable {
        private final SparkSession spark;
        private final JavaRDD<SampleRecord> samples;
        private final long size;
        private final long skipped;
        private final TimeSplit split;
        private final FittedSchema<SampleRecord> features;
        private final SampleSpec spec;
        private final ItemCatalog catalog;
        private final boolean numericUsers;
        private final boolean numericItems;

        Result(SparkSession spark, JavaRDD<SampleRecord> samples, long size, long skipped, TimeSplit split,
               FittedSchema<SampleRecord> features, SampleSpec spec, ItemCatalog catalog, boolean numericUsers,
               boolean numericItems) {
            this.spark = spark;
            this.samples = samples;
            this.size = size;
            this.skipped = skipped;
            this.split = split;
            this.features = features;
            this.spec = spec;
            this.catalog = catalog;
            this.numericUsers = numericUsers;
            this.numericItems = numericItems;
        }

        /** Returns the samples, encoded, in no particular order ({@link #sorted()} for the canonical one). */
        public JavaRDD<SampleRecord> samples() {
            return samples;
        }

        /**
         * Returns the samples in {@code SampleSet}'s canonical order: timestamp, then user id, then item id (numeric
         * ids as numbers, text ids as text), then sequence.
         */
        public JavaRDD<SampleRecord> sorted() {
            boolean nu = numericUsers;
            boolean ni = numericItems;
            return samples.sortBy(r -> new CanonicalKey(r, nu, ni), true, samples.getNumPartitions());
        }

        /** Returns the number of samples. */
        public long size() {
            return size;
        }

        /** Returns the number of events a lenient job skipped because the catalogue lacks their item (0 otherwise). */
        public long skippedEvents() {
            return skipped;
        }

        /** Returns the time split (core's thresholds over the samples' timestamps). */
        public TimeSplit split() {
            return split;
        }

        /** Returns the fitted encoders, bound to sample records (save them with {@link FittedSchema#save}). */
        public FittedSchema<SampleRecord> features() {
            return features;
        }

        /** Returns the spec the samples were built with. */
        public SampleSpec spec() {
            return spec;
        }

        /** Returns the catalogue (as made on the driver). */
        public ItemCatalog catalog() {
            return catalog;
        }

        /**
         * Writes the samples into {@code dir}: {@code samples/} as Parquet in canonical order (one row per sample:
         * its event, part, label, as-of features and its encoded row as {@code fields}, {@code indices} and
         * {@code values} arrays, the {@code SparseRow} of LR, FM and DeepFM inputs), {@code features.r4jf} (the fitted
         * encoders, read back with {@code FeatureSchema.load}) and {@code split.txt} (the two thresholds). The
         * directory must not exist (it is written whole or the job fails).
         *
         * @param dir the output directory (any path Spark writes for {@code samples/}; the driver writes the rest)
         * @throws IOException if a file cannot be written
         */
        public void write(Path dir) throws IOException {
            if (Files.exists(dir)) {
                throw new IllegalArgumentException("dir: " + dir + " exists; the job writes a new directory");
            }
            StructType schema = new StructType()
                    .add("sequence", DataTypes.LongType, false)
                    .add("timestamp", DataTypes.LongType, false)
                    .add("user", DataTypes.StringType, false)
                    .add("item", DataTypes.StringType, false)
                    .add("value", DataTypes.FloatType, false)
                    .add("label", DataTypes.BooleanType, false)
                    .add("part", DataTypes.StringType, false)
                    .add("aggregates", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
                    .add("fields", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
                    .add("indices", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
                    .add("values", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
            JavaRDD<Row> rows = sorted().map(r -> {
                Object[] agg = new Object[r.aggregates.length];
                for (int k = 0; k < agg.length; k++) {
                    agg[k] = r.aggregates[k];
                }
                return RowFactory.create(r.sequence, r.timestamp, r.user, r.item, r.value, r.label, r.part().name(),
                        agg, boxed(r.fields), boxed(r.indices), boxedDoubles(r.values));
            });
            Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp-" + UUID.randomUUID());
            spark.createDataFrame(rows, schema).write().parquet(tmp.resolve("samples").toString());
            features.save(tmp.resolve("features.r4jf"));
            Files.writeString(tmp.resolve("split.txt"), "splitTimestamp=" + split.splitTimestamp()
                    + "\nvalidationTimestamp=" + split.validationTimestamp() + "\nsamples=" + size + "\n",
                    StandardCharsets.UTF_8);
            Files.move(tmp, dir);
        }

        private static Object[] boxed(int[] a) {
            Object[] o = new Object[a.length];
            for (int k = 0; k < a.length; k++) {
                o[k] = a[k];
            }
            return o;
        }

        private static Object[] boxedDoubles(double[] a) {
            Object[] o = new Object[a.length];
            for (int k = 0; k < a.length; k++) {
                o[k] = a[k];
            }
            return o;
        }

        /** Releases the kept samples. */
        @Override
        public void close() {
            samples.unpersist();
        }
    }

    /** The canonical order of samples. */
    static final class CanonicalKey implements Comparable<CanonicalKey>, Serializable {
        private static final long serialVersionUID = 1L;
        private final long timestamp;
        private final long userId;
        private final String user;
        private final long itemId;
        private final String item;
        private final long sequence;

        CanonicalKey(SampleRecord r, boolean numericUsers, boolean numericItems) {
            timestamp = r.timestamp;
            userId = numericUsers ? Long.parseLong(r.user) : 0;
            user = numericUsers ? "" : r.user;
            itemId = numericItems ? Long.parseLong(r.item) : 0;
            item = numericItems ? "" : r.item;
            sequence = r.sequence;
        }

        @Override
        public int compareTo(CanonicalKey o) {
            int c = Long.compare(timestamp, o.timestamp);
            if (c == 0) {
                c = Long.compare(userId, o.userId);
            }
            if (c == 0) {
                c = user.compareTo(o.user);
            }
            if (c == 0) {
                c = Long.compare(itemId, o.itemId);
            }
            if (c == 0) {
                c = item.compareTo(o.item);
            }
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CanonicalKey k && compareTo(k) == 0;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(timestamp) * 31 + Long.hashCode(sequence);
        }
    }
}
