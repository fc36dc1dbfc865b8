package org.recsys4j.core.testing;

import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.Provenance;
import org.recsys4j.core.pipeline.RecRequest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Asserts the documented contract of {@link CandidateSource} (see its javadoc and docs/extending.md) on
 * any implementation, ours or a user's: call it from a test with requests the source can and cannot
 * serve. Needs JUnit 5 on the test class path (the core test jar).
 *
 * <pre>{@code
 * List<Candidate> list = CandidateSourceContract.check(mySource, request, 50);
 * CandidateSourceContract.checkAnonymous(mySource, 50);
 * CandidateSourceContract.checkConcurrent(mySource, request, 50, 4);
 * }</pre>
 */
public final class CandidateSourceContract {
    private CandidateSourceContract() {
    }

    /**
     * Calls the source once and checks its answer as a single channel's: at most {@code limit}
     * candidates, best first (no NaN score), each item once, none the request excludes, and every
     * candidate carries a provenance naming {@link CandidateSource#name()} with its 0-based rank.
     *
     * @return the answer, for further checks
     */
    public static List<Candidate> check(CandidateSource source, RecRequest request, int limit) {
        List<Candidate> list = assertDoesNotThrow(() -> source.recall(request, limit),
                source.name() + " threw for a request it should serve: " + request);
        checkList(source.name(), request, limit, list);
        for (int r = 0; r < list.size(); r++) {
            Candidate c = list.get(r);
            boolean named = false;
            for (Provenance p : c.sources()) {
                named |= p.channel().equals(source.name()) && p.rank() == r;
            }
            assertTrue(named, source.name() + ": candidate " + r + " (item " + c.item()
                    + ") has no provenance naming the channel with rank " + r + ": " + c.sources());
        }
        return list;
    }

    /**
     * Checks the list-level rules only (size, order, uniqueness, exclusions, a provenance on every
     * candidate): what a merger such as {@code MultiChannelRecall} keeps, whose candidates name the
     * channels that found them rather than the merger.
     *
     * @param what a name for the messages
     * @return the list
     */
    public static List<Candidate> checkList(String what, RecRequest request, int limit, List<Candidate> list) {
        assertNotNull(list, what + " returned null instead of a list");
        assertTrue(list.size() <= limit, what + ": " + list.size() + " candidates, limit " + limit);
        Set<Integer> seen = new HashSet<>();
        for (int r = 0; r < list.size(); r++) {
            Candidate c = list.get(r);
            assertNotNull(c, what + ": candidate " + r + " is null");
            assertFalse(Double.isNaN(c.score()), what + ": candidate " + r + " (item " + c.item() + ") has a NaN score");
            assertTrue(seen.add(c.item()), what + ": item " + c.item() + " repeats (at " + r + ")");
            assertFalse(request.excludes(c.item()), what + ": item " + c.item() + " is excluded by the request");
            assertFalse(c.sources().isEmpty(), what + ": candidate " + r + " (item " + c.item() + ") has no provenance");
            if (r > 0) {
                assertTrue(c.score() <= list.get(r - 1).score(), what + ": not best first at " + r + ": "
                        + list.get(r - 1).score() + " then " + c.score());
            }
        }
        return list;
    }

    /**
     * Checks that a request with no user, no history and no seed gives a list (often empty), not an
     * exception: an exception means the channel failed, and pipelines report it as an outage.
     */
    public static void checkAnonymous(CandidateSource source, int limit) {
        RecRequest anonymous = RecRequest.builder(10).build();
        List<Candidate> list = assertDoesNotThrow(() -> source.recall(anonymous, limit),
                source.name() + " threw for an anonymous request instead of returning an empty list");
        checkList(source.name(), anonymous, limit, list);
    }

    /**
     * Calls the source from {@code threads} threads at once, 10 times each, and checks that every
     * answer equals the answer of a single call (the items and scores, in order).
     */
    public static void checkConcurrent(CandidateSource source, RecRequest request, int limit, int threads)
            throws Exception {
        List<Candidate> expected = source.recall(request, limit);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Candidate>>> answers = new ArrayList<>();
            for (int i = 0; i < threads * 10; i++) {
                answers.add(pool.submit(() -> source.recall(request, limit)));
            }
            for (Future<List<Candidate>> f : answers) {
                List<Candidate> got = f.get();
                assertEquals(expected.size(), got.size(), source.name() + ": concurrent call, another size");
                for (int r = 0; r < got.size(); r++) {
                    assertEquals(expected.get(r).item(), got.get(r).item(), source.name() + ": concurrent call, rank " + r);
                    assertEquals(expected.get(r).score(), got.get(r).score(), source.name() + ": concurrent call, rank " + r);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
