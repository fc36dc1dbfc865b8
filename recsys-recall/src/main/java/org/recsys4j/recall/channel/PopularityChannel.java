package org.recsys4j.recall.channel;

import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.util.IntDoubleTopK;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Popular / trending items: each interaction counts {@code 2^(-(now - t) / halfLife)}, so an interaction
 * one half-life old counts half, two half-lives old a quarter; interactions after {@code now} do not
 * count. With no half-life every interaction counts 1 (plain popularity). A short half-life (days)
 * gives "trending", a long one (months) "popular lately".
 *
 * <p>{@code now} (seconds since the epoch) is the request context's value under the
 * {@linkplain Builder#withContextKey context key} (default {@value #DEFAULT_CONTEXT_KEY}) when present,
 * otherwise the clock's time. The decayed counts at the latest interaction time {@code T} are
 * precomputed and sorted at build time; for {@code now >= T} every score is that count times the same
 * factor {@code 2^(-(now - T) / halfLife)}, so the ranking is served from the precomputed list in
 * {@code O(limit)} (the raw scores may underflow to 0 far in the future; the order is still the
 * precomputed one). A {@code now} before {@code T} (e.g. replaying history) costs one pass over the log.
 *
 * <pre>{@code
 * PopularityChannel trending = PopularityChannel.builder(log).withName("trending")
 *         .withHalfLife(Duration.ofDays(7)).build();
 * }</pre>
 */
public final class PopularityChannel implements CandidateSource {
    /** The default channel name. */
    public static final String DEFAULT_NAME = "popular";
    /** The default context key holding {@code now} in epoch seconds. */
    public static final String DEFAULT_CONTEXT_KEY = "now";
    /** The default clock giving {@code now} when the request context has none: the system UTC clock. */
    public static final Clock DEFAULT_CLOCK = Clock.systemUTC();

    /** A request without a deadline, for {@link #decayedCounts(long)} called outside a pipeline. */
    private static final RecRequest ANY = RecRequest.builder(1).build();

    private final String name;
    private final double halfLifeSeconds;
    private final Clock clock;
    private final String contextKey;
    private final Interactions log;
    private final long latest;
    private final int[] ranked;
    private final double[] rankedScores;

    private PopularityChannel(Builder b) {
        Interactions log = b.log;
        this.name = b.name;
        this.halfLifeSeconds = b.halfLifeSeconds();
        this.clock = b.clock;
        this.contextKey = b.contextKey;
        this.log = log;
        long t = Long.MIN_VALUE;
        for (int k = 0; k < log.size(); k++) {
            t = Math.max(t, log.timestamp(k));
        }
        this.latest = t;
        double[] s = decayedCounts(t);
        int active = 0;
        for (double x : s) {
            if (x > 0) {
                active++;
            }
        }
        IntDoubleTopK top = new IntDoubleTopK(active);
        for (int i = 0; i < s.length; i++) {
            if (s[i] > 0) {
                top.offer(i, s[i]);
            }
        }
        this.ranked = new int[active];
        this.rankedScores = new double[active];
        top.drain(ranked, rankedScores);
    }

    /**
     * Returns a builder of the channel over an interaction log (every interaction counts, whatever its value);
     * the options start at the {@code DEFAULT_*} values, without decay. The log is checked by
     * {@link Builder#build()}.
     *
     * @param log the interactions, with their timestamps (epoch seconds)
     * @return the builder
     */
    public static Builder builder(Interactions log) {
        return new Builder(log);
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Returns the decayed interaction count of every item at time {@code now} (index = dense item index).
     *
     * @param now seconds since the epoch
     */
    public double[] decayedCounts(long now) {
        return decayedCounts(now, ANY);
    }

    /** {@link #decayedCounts(long)} checking the request's deadline every {@link Channels#CHECK_EVERY} items. */
    private double[] decayedCounts(long now, RecRequest request) {
        Interactions.Csr byItem = log.byItem();
        double[] s = new double[log.numItems()];
        for (int i = 0; i < s.length; i++) {
            Channels.checkDeadline(i, request, name);
            double sum = 0;
            // entries of an item are ordered by timestamp: stop at the first one after now
            for (int p = byItem.start(i); p < byItem.end(i); p++) {
                long t = log.timestamp(byItem.entry(p));
                if (t > now) {
                    break;
                }
                sum += weight(now - t);
            }
            s[i] = sum;
        }
        return s;
    }

    private double weight(double age) {
        return halfLifeSeconds == Double.POSITIVE_INFINITY ? 1 : Math.pow(2, -age / halfLifeSeconds);
    }

    /** Returns the request's {@code now}: the context value if present, else the clock's. */
    long now(RecRequest request) {
        String v = request.context().get(contextKey);
        if (v == null) {
            return clock.instant().getEpochSecond();
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context '" + contextKey + "': '" + v
                    + "' is not a time in epoch seconds", e);
        }
    }

    @Override
    public List<Candidate> recall(RecRequest request, int limit) {
        Channels.check(request, limit);
        long now = now(request);
        if (now < latest) {
            double[] s = decayedCounts(now, request);
            for (int i = 0; i < s.length; i++) {
                if (s[i] <= 0) {
                    s[i] = Double.NaN;
                }
            }
            return Channels.top(name, s, request, limit);
        }
        double factor = weight(now - (double) latest);
        List<Candidate> out = new java.util.ArrayList<>(Math.min(limit, ranked.length));
        for (int p = 0; p < ranked.length && out.size() < limit; p++) {
            if (!request.excludes(ranked[p])) {
                out.add(Candidate.of(ranked[p], name, rankedScores[p] * factor, out.size()));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "PopularityChannel[" + name + ", half-life " + halfLifeSeconds + " s, " + ranked.length + " items]";
    }

    /**
     * Configures a {@link PopularityChannel}. Setters only store; {@link #build()} checks every value and names
     * the one that is wrong. Not thread-safe.
     */
    public static final class Builder {
        private final Interactions log;
        private String name = DEFAULT_NAME;
        private Duration halfLife;
        private Clock clock = DEFAULT_CLOCK;
        private String contextKey = DEFAULT_CONTEXT_KEY;

        private Builder(Interactions log) {
            this.log = log;
        }

        /**
         * Sets the channel name, not blank (default {@value PopularityChannel#DEFAULT_NAME}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder withName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the half-life of an interaction's weight, positive. Absent or null (the default): no decay, every
         * interaction counts 1 (plain popularity).
         *
         * @param halfLife the half-life
         * @return this builder
         */
        public Builder withHalfLife(Duration halfLife) {
            this.halfLife = halfLife;
            return this;
        }

        /**
         * Sets the clock giving {@code now} when the request context has none (default
         * {@link PopularityChannel#DEFAULT_CLOCK}, the system UTC clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder withClock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Sets the context key whose value (epoch seconds) overrides the clock (default
         * {@value PopularityChannel#DEFAULT_CONTEXT_KEY}).
         *
         * @param key the context key
         * @return this builder
         */
        public Builder withContextKey(String key) {
            this.contextKey = key;
            return this;
        }

        /**
         * Returns the channel.
         *
         * @return the channel
         * @throws NullPointerException     naming {@code log}, {@code clock} or {@code contextKey} if it is null
         * @throws IllegalArgumentException naming the option that is wrong: a blank name or a half-life that is
         *                                  not positive
         */
        public PopularityChannel build() {
            Objects.requireNonNull(log, "log");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(contextKey, "contextKey");
            Channels.checkName(name);
            if (halfLife != null && (halfLife.isNegative() || halfLife.isZero())) {
                throw new IllegalArgumentException("halfLife: " + halfLife + ", must be positive");
            }
            return new PopularityChannel(this);
        }

        private double halfLifeSeconds() {
            return halfLife == null ? Double.POSITIVE_INFINITY : halfLife.toMillis() / 1000.0;
        }
    }
}
