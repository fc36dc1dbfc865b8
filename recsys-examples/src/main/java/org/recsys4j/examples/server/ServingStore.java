package org.recsys4j.examples.server;

import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.FeatureStoreException;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The server's feature store: an in-process copy that always holds every value, and optionally a
 * remote store (Redis) that is read first. A remote read that fails ({@link FeatureStoreException},
 * e.g. Redis is down) is answered from the in-process copy and reported as a fallback; after a failure
 * the remote store is left alone for {@code retryAfter} (a circuit breaker, so a dead Redis costs one
 * failed call per interval, not one per request) and then tried again by ONE read at a time (the others
 * keep reading the copy meanwhile, so a still frozen Redis holds one caller, not all of them). Writes go
 * to the copy first and then to the remote store; a remote write that fails is queued and replayed, in
 * order, by the first remote read that succeeds again, so the remote store catches up after an outage;
 * reads that arrive during the replay are answered from the copy instead of waiting for it.
 *
 * <p>Each remote call waits at most the remote store's own time bound (for {@code RedisFeatureStore}, its
 * socket timeout for the whole call), so a read answers within about that time even when the server
 * freezes mid-call. Thread-safe.
 */
public final class ServingStore implements AutoCloseable {
    private final FeatureStore local;
    private final FeatureStore remote;
    private final long retryNanos;
    private final LongSupplier ticker;
    private final AtomicLong openedAt = new AtomicLong(Long.MIN_VALUE);
    private volatile boolean open;
    private final ConcurrentLinkedQueue<Consumer<FeatureStore>> pending = new ConcurrentLinkedQueue<>();
    private final LongAdder remoteReads = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder remoteFailures = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final ReentrantLock replayLock = new ReentrantLock();
    private final AtomicBoolean probing = new AtomicBoolean();

    /**
     * Creates a store.
     *
     * @param local      the in-process copy (holds every value)
     * @param remote     the remote store read first, or null to serve from the copy only
     * @param retryAfter how long a failed remote store is skipped before it is tried again
     * @param ticker     the nanosecond clock of the breaker
     */
    public ServingStore(FeatureStore local, FeatureStore remote, Duration retryAfter, LongSupplier ticker) {
        this.local = Objects.requireNonNull(local, "local");
        this.remote = remote;
        this.retryNanos = Objects.requireNonNull(retryAfter, "retryAfter").toNanos();
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /**
     * A value read through the store.
     *
     * @param value    the value (null if missing)
     * @param fallback true if the remote store failed (or was skipped after a failure) and the copy answered
     * @param error    what went wrong with the remote store, or null
     * @param <T>      the value's type
     */
    public record Read<T>(T value, boolean fallback, String error) {
    }

    /** Returns the in-process copy. */
    public FeatureStore local() {
        return local;
    }

    /** Returns the remote store, or null if there is none. */
    public FeatureStore remote() {
        return remote;
    }

    /** Returns {@code "redis"} when a remote store is configured, else {@code "memory"}. */
    public String mode() {
        return remote == null ? "memory" : "redis";
    }

    /** Returns true if there is a remote store and it is currently considered down (breaker open). */
    public boolean remoteDown() {
        return remote != null && open;
    }

    /**
     * Reads a value: from the remote store if there is one and it is not skipped, else (or on failure) from
     * the copy.
     *
     * @param op  the read, applied to one store
     * @param <T> the value's type
     */
    public <T> Read<T> read(Function<FeatureStore, T> op) {
        if (remote == null) {
            return new Read<>(op.apply(local), false, null);
        }
        if (!open) {
            return readRemote(op);
        }
        // open breaker: after the interval one read probes the remote store, the others use the copy
        if (ticker.getAsLong() - openedAt.get() < retryNanos || !probing.compareAndSet(false, true)) {
            fallbacks.increment();
            return new Read<>(op.apply(local), true, "remote store down, retrying every " + retryNanos / 1_000_000 + " ms");
        }
        try {
            return readRemote(op);
        } finally {
            probing.set(false);
        }
    }

    private <T> Read<T> readRemote(Function<FeatureStore, T> op) {
        try {
            if (!pending.isEmpty() && !replayPending()) {
                fallbacks.increment();
                return new Read<>(op.apply(local), true, "remote store catching up on " + pending.size() + " queued writes");
            }
            remoteReads.increment();
            T v = op.apply(remote);
            open = false;
            return new Read<>(v, false, null);
        } catch (FeatureStoreException e) {
            trip();
            fallbacks.increment();
            return new Read<>(op.apply(local), true, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Writes to the copy, then to the remote store; a failed remote write is queued for replay.
     *
     * @param op the write, applied to each store
     * @return true if the remote store (if any) took the write now
     */
    public boolean write(Consumer<FeatureStore> op) {
        op.accept(local);
        if (remote == null) {
            return true;
        }
        if (open || !pending.isEmpty()) {
            pending.add(op);
            return false;
        }
        try {
            op.accept(remote);
            return true;
        } catch (FeatureStoreException e) {
            trip();
            pending.add(op);
            return false;
        }
    }

    private void trip() {
        remoteFailures.increment();
        openedAt.set(ticker.getAsLong());
        open = true;
    }

    /**
     * Replays the queued remote writes in order; throws (leaving the rest queued) if the remote store fails.
     * Returns false at once, replaying nothing, when another thread is replaying.
     */
    private boolean replayPending() {
        if (!replayLock.tryLock()) {
            return false;
        }
        try {
            Consumer<FeatureStore> op;
            while ((op = pending.peek()) != null) {
                op.accept(remote);
                pending.poll();
                replayed.increment();
            }
            return true;
        } finally {
            replayLock.unlock();
        }
    }

    /**
     * The store's counters.
     *
     * @param mode           {@code memory} or {@code redis}
     * @param remoteDown     true if the remote store is currently skipped
     * @param remoteReads    reads sent to the remote store
     * @param remoteFailures remote calls that failed
     * @param fallbacks      reads answered from the copy because of a remote failure
     * @param pendingWrites  remote writes waiting for replay
     * @param replayedWrites remote writes replayed after a recovery
     */
    public record Stats(String mode, boolean remoteDown, long remoteReads, long remoteFailures, long fallbacks,
                        int pendingWrites, long replayedWrites) {
    }

    /** Returns the counters. */
    public Stats stats() {
        return new Stats(mode(), remoteDown(), remoteReads.sum(), remoteFailures.sum(), fallbacks.sum(), pending.size(),
                replayed.sum());
    }

    /** Closes both stores. */
    @Override
    public void close() throws Exception {
        try {
            local.close();
        } finally {
            if (remote != null) {
                remote.close();
            }
        }
    }
}
