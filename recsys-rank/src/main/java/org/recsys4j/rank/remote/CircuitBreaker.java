package org.recsys4j.rank.remote;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A circuit breaker, e.g. {@code CircuitBreaker.builder().withFailureThreshold(5).withCoolDown(Duration.ofSeconds(10)).build()}: {@link State#CLOSED} lets every call through; after {@code failureThreshold}
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

    /** The default number of consecutive failed calls that open the breaker. */
    public static final int DEFAULT_FAILURE_THRESHOLD = 5;
    /** The default time the breaker stays open before it lets a trial call through: 10 s. */
    public static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(10);

    private final int failureThreshold;
    private final long coolDownNanos;
    private final LongSupplier clock;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private long timesOpened;

    private CircuitBreaker(Builder b) {
        this.failureThreshold = b.failureThreshold;
        this.coolDownNanos = b.coolDown.toNanos();
        this.clock = b.clock == null ? System::nanoTime : b.clock;
    }

    /** Returns a builder of a closed breaker (threshold {@value #DEFAULT_FAILURE_THRESHOLD}, cool-down 10 s, system clock). */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a closed breaker with the default settings. */
    public static CircuitBreaker defaults() {
        return builder().build();
    }

    /** Returns the number of consecutive failed calls that open the breaker. */
    public int failureThreshold() {
        return failureThreshold;
    }

    /** Returns how long the breaker stays open before a trial call. */
    public Duration coolDown() {
        return Duration.ofNanos(coolDownNanos);
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

    /** Builds a {@link CircuitBreaker}: the setters only record, {@link #build()} checks. Not thread-safe. */
    public static final class Builder {
        private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;
        private Duration coolDown = DEFAULT_COOL_DOWN;
        private LongSupplier clock;

        private Builder() {
        }

        /** Sets the consecutive failed calls that open the breaker, at least 1 (default {@value CircuitBreaker#DEFAULT_FAILURE_THRESHOLD}). */
        public Builder withFailureThreshold(int failures) {
            this.failureThreshold = failures;
            return this;
        }

        /** Sets how long the breaker stays open before a trial call, positive (default {@link CircuitBreaker#DEFAULT_COOL_DOWN}, 10 s). */
        public Builder withCoolDown(Duration coolDown) {
            this.coolDown = coolDown;
            return this;
        }

        /**
         * Sets the time source, in nanoseconds as {@link System#nanoTime} (a hand-driven clock in tests); null
         * (the default) means {@code System::nanoTime}.
         */
        public Builder withClock(LongSupplier clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Returns a closed breaker.
         *
         * @throws IllegalArgumentException if the threshold is below 1 or the cool-down is not positive
         * @throws NullPointerException     if the cool-down is null
         */
        public CircuitBreaker build() {
            if (failureThreshold < 1) {
                throw new IllegalArgumentException("failureThreshold: " + failureThreshold + ", must be >= 1");
            }
            Objects.requireNonNull(coolDown, "coolDown");
            if (coolDown.isNegative() || coolDown.isZero()) {
                throw new IllegalArgumentException("coolDown: " + coolDown + ", must be positive");
            }
            return new CircuitBreaker(this);
        }
    }
}
