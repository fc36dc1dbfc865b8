package org.recsys4j.core.store;

import org.recsys4j.core.data.EmbeddingTable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Returns the summary of a bulk load into one namespace of a {@link FeatureStore}, done as a single
 * versioned load: {@link FeatureStore#beginLoad}, rows written in batches, {@link VersionedLoad#commit()}.
 * Readers see the new rows only at the commit, all at once. If anything fails (the source iterator
 * throws, a row is invalid, the store is unreachable, the listener throws) the load is aborted, the
 * previous version stays current, and the exception is rethrown unchanged.
 *
 * <p>Two guards for loads that must not replace good data by bad: {@link Builder#withEmptyLoads
 * withEmptyLoads(false)} refuses a source without rows before anything is written (by default an empty
 * source commits an empty version, which clears the namespace), and an {@link AbortSwitch} set with
 * {@link Builder#withAbortSwitch} lets another thread — a JVM shutdown hook on SIGTERM or Ctrl-C — abort
 * the load in flight: its version never becomes current, the store deletes its keys, and the loading
 * thread gets a {@link CancellationException}.
 *
 * <p>Progress is reported to a {@link ProgressListener} after a batch when at least
 * {@link Builder#withProgressInterval the progress interval} has passed since the last report, and
 * always once more after the commit, with {@link Progress#done()} true. Rows are counted as read from
 * the source: a key that occurs twice counts twice (the later value wins).
 *
 * <pre>{@code
 * StoreLoader loader = StoreLoader.builder(store)
 *         .withBatchSize(1000)
 *         .withListener(p -> System.err.println(p))
 *         .build();
 * StoreLoader.Summary s = loader.load("item", table);   // keys are table.ids().id(i)
 * }</pre>
 *
 * <p>A loader holds only settings and may be used from several threads; each call is one load.
 */
public final class StoreLoader {
    /** Default number of rows handed to the store per {@code putAll}. */
    public static final int DEFAULT_BATCH_SIZE = 1000;
    /** Default minimum time between two progress reports. */
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(1);

    private static final ProgressListener SILENT = p -> { };
    /** Whether a source without rows commits an empty version by default: {@value}. */
    public static final boolean DEFAULT_EMPTY_LOADS = true;

    private final FeatureStore store;
    private final int batchSize;
    private final long progressIntervalNanos;
    private final ProgressListener listener;
    private final boolean emptyLoads;
    private final AbortSwitch abortSwitch;

    private StoreLoader(Builder b) {
        this.store = b.store;
        this.batchSize = b.batchSize;
        this.progressIntervalNanos = b.progressInterval.toNanos();
        this.listener = b.listener;
        this.emptyLoads = b.emptyLoads;
        this.abortSwitch = b.abortSwitch;
    }

    /**
     * Aborts loads from another thread: a JVM shutdown hook on SIGTERM or Ctrl-C, a cancel button.
     * {@link #abort(String)} aborts every load in flight of the loaders built with this switch
     * ({@link VersionedLoad#abort()}: the version never becomes current and the store deletes what it
     * wrote), and from then on their loads fail with a {@link CancellationException} before writing
     * anything. Thread-safe; one switch may serve several loaders.
     *
     * <pre>{@code
     * StoreLoader.AbortSwitch abort = new StoreLoader.AbortSwitch();
     * Runtime.getRuntime().addShutdownHook(new Thread(() -> abort.abort("SIGTERM")));
     * StoreLoader.builder(store).withAbortSwitch(abort).build().loadVectors("item", rows, -1);
     * }</pre>
     */
    public static final class AbortSwitch {
        private final Set<VersionedLoad> inFlight = ConcurrentHashMap.newKeySet();
        private volatile String reason;

        /** Creates a switch that is not thrown. */
        public AbortSwitch() {
        }

        /**
         * Returns the loads this call aborted (those still open, in no particular order), after aborting
         * each of them. A load that is committing finishes first and then stays committed: a load is
         * either whole and current or not current at all. Later calls change nothing but the reason
         * shown if none was given yet.
         *
         * @param why what stopped the loads, for the {@link CancellationException}'s message
         */
        public List<VersionedLoad> abort(String why) {
            if (reason == null) {
                reason = why == null || why.isBlank() ? "aborted" : why;
            }
            List<VersionedLoad> aborted = new ArrayList<>();
            for (VersionedLoad load : inFlight) {
                VersionedLoad.State before = load.state();
                load.abort();
                if (before != VersionedLoad.State.COMMITTED && load.state() == VersionedLoad.State.ABORTED) {
                    aborted.add(load);
                }
            }
            return aborted;
        }

        /** Returns true once {@link #abort} was called. */
        public boolean isAborted() {
            return reason != null;
        }

        /** Returns why the switch was thrown, or empty if it was not. */
        public Optional<String> reason() {
            return Optional.ofNullable(reason);
        }

        private void register(VersionedLoad load) {
            inFlight.add(load);
            if (reason != null) {   // thrown while the load was being begun
                load.abort();
            }
            check(load);
        }

        private void check(VersionedLoad load) {
            if (reason != null) {
                throw new CancellationException("load of namespace '" + load.namespace() + "' version " + load.version()
                        + " aborted (" + reason + "): the previous version stays current");
            }
        }
    }

    /**
     * Returns a builder of loaders into a store.
     *
     * @param store the target store; the loader does not close it
     */
    public static Builder builder(FeatureStore store) {
        return new Builder(Objects.requireNonNull(store, "store"));
    }

    /** Receives progress reports; called on the loading thread, so it should return quickly. */
    @FunctionalInterface
    public interface ProgressListener {
        /**
         * Receives one report; throwing aborts the load (except from the final report, which comes
         * after the commit).
         *
         * @param progress the state of the load
         */
        void onProgress(Progress progress);
    }

    /**
     * One progress report.
     *
     * @param namespace     the namespace being loaded
     * @param version       the version the load writes
     * @param rowsDone      rows handed to the store so far (non-decreasing from report to report)
     * @param totalRows     the number of rows expected, or -1 when unknown
     * @param seconds       seconds since the load began
     * @param rowsPerSecond {@code rowsDone / seconds}
     * @param etaSeconds    estimated seconds left at the current rate, or NaN when the total is unknown
     * @param done          true for the last report, sent after the commit
     */
    public record Progress(String namespace, long version, long rowsDone, long totalRows, double seconds,
                           double rowsPerSecond, double etaSeconds, boolean done) {
        /** Returns the fraction done in [0, 1], or NaN when the total is unknown. */
        public double fraction() {
            return totalRows < 0 ? Double.NaN : totalRows == 0 ? 1 : Math.min(1.0, rowsDone / (double) totalRows);
        }
    }

    /**
     * The result of a committed load.
     *
     * @param namespace the namespace loaded
     * @param version   the committed version, now current
     * @param rows      the rows read from the source and written
     * @param seconds   wall-clock seconds from {@code beginLoad} to the end of the commit
     */
    public record Summary(String namespace, long version, long rows, double seconds) {
        /** Returns {@code rows / seconds}. */
        public double rowsPerSecond() {
            return seconds > 0 ? rows / seconds : Double.NaN;
        }
    }

    /**
     * Returns the summary of loading every row of a table into a vector namespace, keyed by
     * {@code table.ids().id(i)} (numeric ids in decimal).
     *
     * @param namespace a vector namespace whose declared dimension, if any, is {@code table.dim()}
     * @param table     the vectors
     * @throws IllegalArgumentException if the namespace holds blobs or declares another dimension (nothing is loaded)
     */
    public Summary load(String namespace, EmbeddingTable table) {
        Objects.requireNonNull(table, "table");
        NamespaceSpec spec = checkKind(namespace, NamespaceSpec.Kind.VECTOR);
        if (spec.dimension() != 0 && spec.dimension() != table.dim()) {
            throw new IllegalArgumentException("namespace '" + namespace + "' declares dimension " + spec.dimension()
                    + ", the table has dimension " + table.dim());
        }
        Iterator<Map.Entry<String, float[]>> rows = new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < table.size();
            }

            @Override
            public Map.Entry<String, float[]> next() {
                if (next >= table.size()) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                return Map.entry(table.ids().id(i), table.vector(i));
            }
        };
        return run(spec, rows, table.size(), VersionedLoad::putAll);
    }

    /**
     * Returns the summary of loading (key, vector) rows into a vector namespace.
     *
     * @param namespace a vector namespace
     * @param rows      the rows, read once; keys and vectors must be non-null, vectors finite and of the
     *                  declared dimension
     * @param totalRows the number of rows expected, for the ETA, or -1 if unknown
     */
    public Summary loadVectors(String namespace, Iterator<? extends Map.Entry<String, float[]>> rows, long totalRows) {
        return run(checkKind(namespace, NamespaceSpec.Kind.VECTOR), rows, totalRows, VersionedLoad::putAll);
    }

    /**
     * Returns the summary of loading (key, bytes) rows into a blob namespace.
     *
     * @param namespace a blob namespace
     * @param rows      the rows, read once; keys and blobs must be non-null
     * @param totalRows the number of rows expected, for the ETA, or -1 if unknown
     */
    public Summary loadBlobs(String namespace, Iterator<? extends Map.Entry<String, byte[]>> rows, long totalRows) {
        return run(checkKind(namespace, NamespaceSpec.Kind.BLOB), rows, totalRows, VersionedLoad::putAllBlobs);
    }

    private NamespaceSpec checkKind(String namespace, NamespaceSpec.Kind kind) {
        NamespaceSpec spec = store.namespace(namespace);
        if (spec.kind() != kind) {
            throw new IllegalArgumentException("namespace '" + namespace + "' holds " + spec.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + "s, cannot load " + kind.name().toLowerCase(java.util.Locale.ROOT) + "s into it");
        }
        return spec;
    }

    private <V> Summary run(NamespaceSpec spec, Iterator<? extends Map.Entry<String, V>> rows, long totalRows,
                            BiConsumer<VersionedLoad, Map<String, V>> write) {
        Objects.requireNonNull(rows, "rows");
        if (totalRows < -1) {
            throw new IllegalArgumentException("totalRows: " + totalRows + ", must be >= 0, or -1 for unknown");
        }
        String ns = spec.name();
        if (abortSwitch != null && abortSwitch.isAborted()) {
            throw new CancellationException("load of namespace '" + ns + "' not started (" + abortSwitch.reason().orElse("aborted") + ")");
        }
        if (!emptyLoads && !rows.hasNext()) {
            throw new IllegalArgumentException("namespace '" + ns + "': the source has no rows; an empty load is refused "
                    + "(it would replace version " + store.currentVersion(ns) + " by an empty one), nothing was written");
        }
        long t0 = System.nanoTime();
        try (VersionedLoad load = store.beginLoad(ns)) {
            if (abortSwitch != null) {
                abortSwitch.register(load);
            }
            try {
                return write(load, rows, totalRows, t0, write);
            } catch (RuntimeException e) {
                if (abortSwitch != null && abortSwitch.isAborted() && !(e instanceof CancellationException)) {
                    // the switch won the race with a write or the commit, which then found the load ABORTED
                    CancellationException c = new CancellationException("load of namespace '" + ns + "' version "
                            + load.version() + " aborted (" + abortSwitch.reason().orElse("aborted") + "): the previous version stays current");
                    c.initCause(e);
                    throw c;
                }
                throw e;
            } finally {
                if (abortSwitch != null) {
                    abortSwitch.inFlight.remove(load);
                }
            }
        }
    }

    private <V> Summary write(VersionedLoad load, Iterator<? extends Map.Entry<String, V>> rows, long totalRows, long t0,
                              BiConsumer<VersionedLoad, Map<String, V>> write) {
        String ns = load.namespace();
        long done = 0;
        long lastReport = t0;
        Map<String, V> batch = new LinkedHashMap<>(batchSize * 2);
        int inBatch = 0;
        while (rows.hasNext()) {
            Map.Entry<String, V> row = rows.next();
            if (row == null) {
                throw new IllegalArgumentException("namespace '" + ns + "': row " + (done + inBatch) + " is null");
            }
            batch.put(row.getKey(), row.getValue());
            inBatch++;
            if (inBatch >= batchSize) {
                checkNotAborted(load);
                write.accept(load, batch);
                done += inBatch;
                batch = new LinkedHashMap<>(batchSize * 2);
                inBatch = 0;
                long now = System.nanoTime();
                if (now - lastReport >= progressIntervalNanos) {
                    listener.onProgress(progress(load, done, totalRows, t0, now, false));
                    lastReport = now;
                }
            }
        }
        checkNotAborted(load);
        if (inBatch > 0) {
            write.accept(load, batch);
            done += inBatch;
        }
        long version = load.commit();
        long end = System.nanoTime();
        Summary summary = new Summary(ns, version, done, (end - t0) / 1e9);
        listener.onProgress(progress(load, done, totalRows, t0, end, true));
        return summary;
    }

    private void checkNotAborted(VersionedLoad load) {
        if (abortSwitch != null) {
            abortSwitch.check(load);
        }
    }

    private static Progress progress(VersionedLoad load, long done, long total, long t0, long now, boolean finished) {
        double seconds = (now - t0) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        double eta = total < 0 ? Double.NaN : finished ? 0 : rate > 0 ? Math.max(0, total - done) / rate : Double.POSITIVE_INFINITY;
        return new Progress(load.namespace(), load.version(), done, total, seconds, rate, eta, finished);
    }

    /** Returns {@link StoreLoader}s; every setting is optional. */
    public static final class Builder {
        private final FeatureStore store;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;
        private ProgressListener listener = SILENT;
        private boolean emptyLoads = DEFAULT_EMPTY_LOADS;
        private AbortSwitch abortSwitch;

        private Builder(FeatureStore store) {
            this.store = store;
        }

        /**
         * Sets whether a source without rows commits an empty version (true, the default
         * {@value StoreLoader#DEFAULT_EMPTY_LOADS}: an empty load clears the namespace) or is refused with an {@link IllegalArgumentException} before anything
         * is written, so the current version stays (false: for loads whose empty input means a mistake).
         *
         * @param allowed whether empty loads commit
         * @return this builder
         */
        public Builder withEmptyLoads(boolean allowed) {
            this.emptyLoads = allowed;
            return this;
        }

        /**
         * Sets the switch another thread can throw to abort this loader's loads (default: none; null means none).
         *
         * @param abortSwitch the switch
         * @return this builder
         */
        public Builder withAbortSwitch(AbortSwitch abortSwitch) {
            this.abortSwitch = abortSwitch;
            return this;
        }

        /**
         * Sets the number of rows handed to the store per {@code putAll} (a Redis store pipelines them;
         * default {@value StoreLoader#DEFAULT_BATCH_SIZE}).
         *
         * @param batchSize 1 to 1,000,000
         * @return this builder
         */
        public Builder withBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets the minimum time between two progress reports (default {@link StoreLoader#DEFAULT_PROGRESS_INTERVAL});
         * {@link Duration#ZERO} reports after every batch.
         * The final report after the commit is always sent.
         *
         * @param interval zero or positive
         * @return this builder
         */
        public Builder withProgressInterval(Duration interval) {
            this.progressInterval = interval;
            return this;
        }

        /**
         * Sets the listener that receives progress reports (default: none).
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder withListener(ProgressListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Returns the loader, checking every setting.
         *
         * @throws IllegalArgumentException naming a setting out of range
         * @throws NullPointerException     if the progress interval or the listener is null
         */
        public StoreLoader build() {
            Objects.requireNonNull(progressInterval, "progressInterval");
            Objects.requireNonNull(listener, "listener");
            if (batchSize < 1 || batchSize > 1_000_000) {
                throw new IllegalArgumentException("batchSize: " + batchSize + ", must be in [1, 1000000]");
            }
            if (progressInterval == null || progressInterval.isNegative()) {
                throw new IllegalArgumentException("progressInterval: " + progressInterval + ", must be zero or positive");
            }
            return new StoreLoader(this);
        }
    }
}
