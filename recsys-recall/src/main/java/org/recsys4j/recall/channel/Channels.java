package org.recsys4j.recall.channel;

import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.util.IntDoubleTopK;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/** Helpers shared by the built-in channels: argument checks, deadline checks and list assembly. */
final class Channels {
    /** How many loop iterations run between two deadline checks. */
    static final int CHECK_EVERY = 1024;

    private Channels() {
    }

    /** Returns the request after checking it and the limit. */
    static RecRequest check(RecRequest request, int limit) {
        Objects.requireNonNull(request, "request");
        if (limit < 1) {
            throw new IllegalArgumentException("limit: " + limit + ", must be >= 1");
        }
        return request;
    }

    /** Returns the name after checking it is present and not blank. */
    static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: must not be blank");
        }
        return name;
    }

    /**
     * Checks the request's deadline (and the thread's interruption) at iteration {@code i} of a long loop,
     * once every {@value #CHECK_EVERY} iterations starting at the {@value #CHECK_EVERY}-th: a short loop
     * (a cheap channel, a fallback list) never pays for a check and answers even when late, a long one
     * stops within a few microseconds of its deadline.
     *
     * @throws org.recsys4j.core.pipeline.DeadlineExceededException if the deadline has passed
     * @throws CancellationException if the thread was interrupted
     */
    static void checkDeadline(int i, RecRequest request, String channel) {
        if ((i & (CHECK_EVERY - 1)) == CHECK_EVERY - 1) {
            request.deadline().check("channel '" + channel + "'");
        }
    }

    /** Drains a top-k selection into candidates of one channel, best first, ranks 0, 1, .... */
    static List<Candidate> drain(String channel, IntDoubleTopK top) {
        int n = top.size();
        int[] ids = new int[n];
        double[] scores = new double[n];
        top.drain(ids, scores);
        List<Candidate> out = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            out.add(Candidate.of(ids[r], channel, scores[r], r));
        }
        return out;
    }

    /**
     * Returns the best {@code limit} entries of a dense score array (index = item), skipping NaN, and
     * every item the request excludes.
     */
    static List<Candidate> top(String channel, double[] scores, RecRequest request, int limit) {
        IntDoubleTopK top = new IntDoubleTopK(Math.min(limit, scores.length));
        for (int i = 0; i < scores.length; i++) {
            checkDeadline(i, request, channel);
            double s = scores[i];
            if (!Double.isNaN(s) && top.wouldKeep(i, s) && !request.excludes(i)) {
                top.offer(i, s);
            }
        }
        return drain(channel, top);
    }

    /** Returns the value after checking it is in (0, 1]. */
    static double checkDecay(String field, double decay) {
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException(field + ": " + decay + ", must be in (0, 1]");
        }
        return decay;
    }

    /** Returns the value after checking it is at least {@code min}. */
    static int checkAtLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + ": " + value + ", must be >= " + min);
        }
        return value;
    }
}
