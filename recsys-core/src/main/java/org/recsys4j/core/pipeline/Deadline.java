package org.recsys4j.core.pipeline;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * An instant on the {@link System#nanoTime()} clock by which an answer is due, or {@link #none()}.
 * Immutable; carried by a {@link RecRequest} through every stage of a pipeline, so that code doing real
 * work (an index search, a scoring loop, a top-k scan) can stop once nobody waits for its answer.
 *
 * <p>Checking is cooperative and cheap: {@link #check(String)} reads the clock and the thread's interrupt
 * flag, a few tens of nanoseconds; call it every few hundred iterations of a long loop, never per
 * element. It throws {@link DeadlineExceededException} when the deadline has passed and a
 * {@link CancellationException} when the thread was interrupted (a caller cancelled the work), so one
 * {@code catch (CancellationException e)} covers both; {@link #none()} never passes but still
 * reports interruption. A deadline far away never changes a result: the checks only decide whether
 * to go on.
 *
 * <pre>{@code
 * RecRequest request = RecRequest.builder(10).withUser("42", 17).withDeadline(Deadline.after(Duration.ofMillis(80))).build();
 * // inside a channel, ranker or index loop:
 * for (int i = 0; i < n; i++) {
 *     if ((i & 255) == 0) {
 *         request.deadline().check("my-channel");
 *     }
 *     ...
 * }
 * }</pre>
 */
public final class Deadline {
    private static final Deadline NONE = new Deadline(0, false);

    private final long at;
    private final boolean bounded;

    private Deadline(long at, boolean bounded) {
        this.at = at;
        this.bounded = bounded;
    }

    /** Returns the deadline that never passes (checks still report an interrupted thread). */
    public static Deadline none() {
        return NONE;
    }

    /**
     * Returns the deadline {@code budget} from now; a zero or negative budget gives a deadline that has
     * already passed.
     *
     * @param budget the time from now
     */
    public static Deadline after(Duration budget) {
        Objects.requireNonNull(budget, "budget");
        return afterNanos(saturatedNanos(budget));
    }

    /**
     * Returns the deadline {@code nanos} nanoseconds from now (zero or negative: already passed).
     *
     * @param nanos the time from now, in nanoseconds
     */
    public static Deadline afterNanos(long nanos) {
        return atNanoTime(System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4));
    }

    /**
     * Returns the deadline at a value of {@link System#nanoTime()}.
     *
     * @param nanoTime the instant, on the {@code System.nanoTime()} clock
     */
    public static Deadline atNanoTime(long nanoTime) {
        return new Deadline(nanoTime, true);
    }

    /** Returns false for {@link #none()}, true for a deadline that can pass. */
    public boolean isBounded() {
        return bounded;
    }

    /**
     * Returns the instant on the {@link System#nanoTime()} clock.
     *
     * @throws IllegalStateException for {@link #none()}
     */
    public long nanoTime() {
        if (!bounded) {
            throw new IllegalStateException("Deadline.none() has no instant");
        }
        return at;
    }

    /** Returns the nanoseconds left (zero or negative once passed; {@link Long#MAX_VALUE} for none). */
    public long remainingNanos() {
        return bounded ? at - System.nanoTime() : Long.MAX_VALUE;
    }

    /** Returns the time left, {@link Duration#ZERO} once passed (about 292 years for {@link #none()}). */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, remainingNanos()));
    }

    /** Returns true once the deadline has passed (never for {@link #none()}). */
    public boolean expired() {
        return bounded && at - System.nanoTime() <= 0;
    }

    /**
     * Throws if the work should stop: the deadline passed or the thread was interrupted (the interrupt
     * flag is left set).
     *
     * @throws DeadlineExceededException if the deadline has passed
     * @throws CancellationException     if the current thread is interrupted
     */
    public void check() {
        check(null);
    }

    /**
     * Like {@link #check()}, naming what was stopped in the message, e.g.
     * {@code "hnsw search: deadline passed 3.2 ms ago"}.
     *
     * @param what the work being checked (a channel, ranker or index name), or null
     * @throws DeadlineExceededException if the deadline has passed
     * @throws CancellationException     if the current thread is interrupted
     */
    public void check(String what) {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException((what == null ? "" : what + ": ") + "interrupted");
        }
        if (bounded) {
            long late = System.nanoTime() - at;
            if (late >= 0) {
                throw new DeadlineExceededException((what == null ? "" : what + ": ") + "deadline passed "
                        + millis(late) + " ago");
            }
        }
    }

    /** Returns the earlier of this deadline and another ({@link #none()} is later than any bounded one). */
    public Deadline min(Deadline other) {
        Objects.requireNonNull(other, "other");
        if (!other.bounded) {
            return this;
        }
        if (!bounded) {
            return other;
        }
        return other.at - at < 0 ? other : this;
    }

    /**
     * Returns the earlier of this deadline and {@code budget} from now: how a stage's budget is applied
     * under a request's deadline.
     *
     * @param budget the time from now, or null for no further limit (this deadline is returned)
     */
    public Deadline within(Duration budget) {
        return budget == null ? this : min(after(budget));
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE / 4 : Long.MAX_VALUE / 4;
        }
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    /** Returns e.g. {@code Deadline[in 12.5 ms]}, {@code Deadline[passed 3.0 ms ago]} or {@code Deadline[none]}. */
    @Override
    public String toString() {
        if (!bounded) {
            return "Deadline[none]";
        }
        long left = remainingNanos();
        return left > 0 ? "Deadline[in " + millis(left) + "]" : "Deadline[passed " + millis(-left) + " ago]";
    }
}
