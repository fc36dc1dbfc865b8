package org.recsys4j.rank.remote;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A circuit breaker: {@link State#CLOSED} lets every call through; after {@code failureThreshold}
 * consecutive failures it turns {@link State#OPEN} and refuses calls (the caller falls back at once
 * instead of waiting on a dead server); after {@code coolDown} it lets one trial call through
 * ({@link State#HALF_OPEN}; others are still refused), and closes if that call succeeds or opens
 * again for another cool-down if it fails.
 *
 * <p>Usage: {@code if (breaker.tryAcquire()) { ... breaker.onSuccess() or breaker.onFailure() }}.
 * Thread-safe.
 */
public final class CircuitBreaker {
    /** The breaker's state. */
    public enum State {
        /** Calls go through; failures are counted. */
        CLOSED,
        /** Calls are refused until the cool-down has passed. */
        OPEN,
        /** One trial call is in flight; its outcome closes or re-opens the breaker. */
        HALF_OPEN
    }

    private final int failureThreshold;
    private final long coolDownNanos;
    private final LongSupplier clock;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private long timesOpened;

    /**
     * Returns a closed breaker on the system clock.
     *
     * @param failureThreshold consecutive failures that open it, at least 1
     * @param coolDown         how long it stays open before a trial call, positive
     */
    public CircuitBreaker(int failureThreshold, Duration coolDown) {
        this(failureThreshold, coolDown, System::nanoTime);
    }

    /**
     * Returns a closed breaker on a given clock (nanoseconds, as {@link System#nanoTime}), for tests.
     *
     * @param failureThreshold consecutive failures that open it, at least 1
     * @param coolDown         how long it stays open before a trial call, positive
     * @param clock            the time source
     */
    public CircuitBreaker(int failureThreshold, Duration coolDown, LongSupplier clock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold: " + failureThreshold + ", must be >= 1");
        }
        if (coolDown.isNegative() || coolDown.isZero()) {
            throw new IllegalArgumentException("coolDown: " + coolDown + ", must be positive");
        }
        this.failureThreshold = failureThreshold;
        this.coolDownNanos = coolDown.toNanos();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Returns true if a call may go ahead now: always when closed, never when open within the
     * cool-down, and for exactly one caller (the trial) once the cool-down has passed.
     */
    public synchronized boolean tryAcquire() {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (clock.getAsLong() - openedAt >= coolDownNanos) {
                    state = State.HALF_OPEN;
                    return true;
                }
                return false;
            default:
                return false; // a trial is in flight
        }
    }

    /** Records a successful call: the breaker closes and the failure count restarts. */
    public synchronized void onSuccess() {
        state = State.CLOSED;
        consecutiveFailures = 0;
    }

    /** Records a failed call: a failed trial, or the threshold-th consecutive failure, opens the breaker. */
    public synchronized void onFailure() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || (state == State.CLOSED && consecutiveFailures >= failureThreshold)) {
            state = State.OPEN;
            openedAt = clock.getAsLong();
            timesOpened++;
        }
    }

    /** Returns the state, as last updated (an open breaker past its cool-down reads OPEN until the next call). */
    public synchronized State state() {
        return state;
    }

    /** Returns the number of consecutive failures recorded. */
    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** Returns how many times the breaker has opened. */
    public synchronized long timesOpened() {
        return timesOpened;
    }

    @Override
    public synchronized String toString() {
        return "CircuitBreaker{" + state + ", failures=" + consecutiveFailures + "/" + failureThreshold
                + ", coolDown=" + Duration.ofNanos(coolDownNanos) + "}";
    }
}
