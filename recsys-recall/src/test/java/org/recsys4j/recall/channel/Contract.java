package org.recsys4j.recall.channel;

import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.testing.CandidateSourceContract;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Asserts the {@code CandidateSource} contract on one channel answer: the shared
 * {@link CandidateSourceContract} list rules, then the stricter shape of our single channels (one
 * provenance, its raw score equal to the candidate's score).
 */
final class Contract {
    private Contract() {
    }

    static List<Candidate> check(String channel, RecRequest request, int limit, List<Candidate> list) {
        CandidateSourceContract.checkList(channel, request, limit, list);
        assertTrue(list.size() <= limit, "more than " + limit + " candidates: " + list.size());
        IntOpenHashSet seen = new IntOpenHashSet();
        for (int r = 0; r < list.size(); r++) {
            Candidate c = list.get(r);
            assertTrue(seen.add(c.item()), "item " + c.item() + " repeats");
            assertFalse(request.excludes(c.item()), "excluded item " + c.item() + " returned");
            if (r > 0) {
                assertTrue(c.score() <= list.get(r - 1).score(), "not sorted at " + r + ": " + list);
            }
            assertEquals(1, c.sources().size());
            assertEquals(channel, c.sources().get(0).channel());
            assertEquals(r, c.sources().get(0).rank());
            assertEquals(c.score(), c.sources().get(0).rawScore());
        }
        return list;
    }
}
