package org.recsys4j.rank.serving;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts fallbacks: how many times scoring fell back, how many candidates got the fallback, and the
 * last cause. Thread-safe; cheap enough to leave on in production.
 */
public final class FallbackCounter implements FallbackListener {
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong candidates = new AtomicLong();
    private final AtomicReference<Throwable> last = new AtomicReference<>();

    /** Returns a counter at zero. */
    public FallbackCounter() {
    }

    @Override
    public void onFallback(String ranker, int n, Throwable cause) {
        events.incrementAndGet();
        candidates.addAndGet(n);
        last.set(cause);
    }

    /** Returns the number of fallback events (one per failed batch). */
    public long events() {
        return events.get();
    }

    /** Returns the number of candidates that got the fallback. */
    public long candidates() {
        return candidates.get();
    }

    /** Returns the cause of the last fallback, if there was one. */
    public Optional<Throwable> lastCause() {
        return Optional.ofNullable(last.get());
    }

    @Override
    public String toString() {
        Throwable t = last.get();
        return "FallbackCounter{events=" + events.get() + ", candidates=" + candidates.get()
                + (t == null ? "" : ", last=" + t) + "}";
    }
}
