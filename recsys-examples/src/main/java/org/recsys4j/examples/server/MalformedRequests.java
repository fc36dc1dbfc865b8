package org.recsys4j.examples.server;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The requests Jetty refuses while parsing them (a request line, URI, header or {@code Host} it cannot parse:
 * 400, 414, 431, 426; see {@link JsonErrorHandler}): counted, and reported as one summary line per
 * {@linkplain #INTERVAL interval} at most instead of one line per request, so a client cannot add a log line
 * per request it sends. Jetty's own per-request warnings for these (loggers {@code org.eclipse.jetty.util.HostPort}
 * and {@code org.eclipse.jetty.http.HttpParser}, which warn about nothing else) are turned off in the examples'
 * {@code simplelogger.properties}. Server errors are not counted here: a 500 is logged at ERROR, each one.
 *
 * <p>The first refusal after a quiet interval is reported at once; those that follow within the interval are
 * reported together by the first refusal after it (or by {@link #flush()} when the server stops). The total
 * is in {@code /api/metrics} under {@code http.malformed}. Thread-safe.
 */
final class MalformedRequests {
    /** The shortest time between two summary lines. */
    static final Duration INTERVAL = Duration.ofMinutes(1);

    private final Consumer<String> log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final LongAdder total = new LongAdder();
    private final Map<Integer, Integer> pending = new TreeMap<>();   // by status, since the last line
    private String latest;
    private long lastLine;
    private boolean logged;

    /**
     * @param log       where the summary lines go (the server's logger at WARN)
     * @param interval  the shortest time between two lines
     * @param nanoClock the clock ({@code System::nanoTime})
     */
    MalformedRequests(Consumer<String> log, Duration interval, LongSupplier nanoClock) {
        this.log = Objects.requireNonNull(log, "log");
        this.intervalNanos = interval.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * Counts one refused request, and writes the summary line if the last one is at least an interval old.
     *
     * @param status  the status answered (4xx)
     * @param message the error message answered (shown, quoted, as the latest refusal)
     */
    void refused(int status, String message) {
        total.increment();
        String line = null;
        synchronized (this) {
            pending.merge(status, 1, Integer::sum);
            latest = message;
            long now = nanoClock.getAsLong();
            if (!logged || now - lastLine >= intervalNanos) {
                line = summary(now);
                logged = true;
                lastLine = now;
            }
        }
        if (line != null) {
            log.accept(line);
        }
    }

    /** Writes the summary of the refusals not reported yet, if any (when the server stops). */
    void flush() {
        String line;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            line = summary(nanoClock.getAsLong());
        }
        log.accept(line);
    }

    /** Returns the number of refused requests since the start. */
    long total() {
        return total.sum();
    }

    /** Returns the line for the pending refusals and clears them; called holding the lock. */
    private String summary(long now) {
        int n = 0;
        StringJoiner by = new StringJoiner(", ", " (", ")");
        for (Map.Entry<Integer, Integer> e : pending.entrySet()) {
            n += e.getValue();
            by.add(e.getKey() + ": " + e.getValue());
        }
        String since = logged ? "in the last " + Math.round((now - lastLine) / 1e9) + " s" : "since the start";
        String line = n + " malformed request" + (n == 1 ? "" : "s") + " refused " + since + by
                + ", the latest: " + ApiError.quote(latest) + "; at most one such line per " + intervalNanos / 1_000_000_000L
                + " s, the total is in /api/metrics (http.malformed)";
        pending.clear();
        latest = null;
        return line;
    }
}
