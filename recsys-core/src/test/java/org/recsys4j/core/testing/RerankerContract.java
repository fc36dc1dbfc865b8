package org.recsys4j.core.testing;

import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Reranker;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Asserts the documented contract of {@link Reranker} (see its javadoc and docs/extending.md) on any
 * implementation: at most {@code k} candidates, each one of the input's items, none twice, and the
 * input list left as it was. Needs JUnit 5 on the test class path (the core test jar).
 *
 * <pre>{@code
 * List<Candidate> page = RerankerContract.check(myReranker, request, ranked, 10);
 * }</pre>
 */
public final class RerankerContract {
    private RerankerContract() {
    }

    /** Re-ranks {@code ranked} and checks the answer; returns it. */
    public static List<Candidate> check(Reranker reranker, RecRequest request, List<Candidate> ranked, int k) {
        List<Candidate> before = List.copyOf(ranked);
        List<Candidate> out = assertDoesNotThrow(() -> reranker.rerank(request, ranked, k), reranker.name() + " threw");
        assertNotNull(out, reranker.name() + " returned null");
        assertEquals(before, ranked, reranker.name() + " modified its input");
        assertTrue(out.size() <= k, reranker.name() + ": " + out.size() + " candidates, k " + k);
        Set<Integer> input = new HashSet<>();
        ranked.forEach(c -> input.add(c.item()));
        Set<Integer> seen = new HashSet<>();
        for (Candidate c : out) {
            assertTrue(input.contains(c.item()), reranker.name() + " invented item " + c.item());
            assertTrue(seen.add(c.item()), reranker.name() + ": item " + c.item() + " twice");
        }
        List<Candidate> empty = assertDoesNotThrow(() -> reranker.rerank(request, List.of(), k),
                reranker.name() + " threw on an empty list");
        assertTrue(empty.isEmpty(), reranker.name() + " returned items for an empty input");
        return out;
    }
}
