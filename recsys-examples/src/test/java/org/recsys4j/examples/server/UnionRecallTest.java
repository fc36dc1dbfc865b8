package org.recsys4j.examples.server;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.RecRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link UnionRecall}: the first source's candidates, then the other's not among them, never more than asked. */
class UnionRecallTest {
    /** A source listing fixed items in order (at most the limit), remembering the limit it was asked for. */
    private static CandidateSource list(String name, AtomicInteger asked, int... items) {
        return new CandidateSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Candidate> recall(RecRequest request, int limit) {
                asked.set(limit);
                List<Candidate> out = new ArrayList<>();
                for (int i = 0; i < items.length && out.size() < limit; i++) {
                    out.add(Candidate.of(items[i], name, items.length - i, i));
                }
                return out;
            }
        };
    }

    private static List<Integer> items(List<Candidate> c) {
        return c.stream().map(Candidate::item).toList();
    }

    @Test
    void firstSourcesCandidatesThenTheOthersNewOnesUpToTheLimit() {
        AtomicInteger askedA = new AtomicInteger();
        AtomicInteger askedB = new AtomicInteger();
        UnionRecall u = new UnionRecall("u", list("a", askedA, 5, 3, 9, 1), 3, list("b", askedB, 3, 7, 5, 8, 2, 6), 100);
        RecRequest r = RecRequest.builder(10).build();
        List<Candidate> got = u.recall(r, 6);
        assertEquals(List.of(5, 3, 9, 7, 8, 2), items(got), "a's first 3, then b's not among them");
        assertEquals(3, askedA.get(), "the first source is asked for at most its own limit");
        assertEquals(6, askedB.get());
        assertEquals("a", got.get(0).sources().get(0).channel());
        assertEquals("b", got.get(3).sources().get(0).channel());
        // fewer than asked when both run out; the first source alone when it fills the limit
        assertEquals(List.of(5, 3, 9, 7, 8, 2, 6), items(u.recall(r, 50)));
        UnionRecall wide = new UnionRecall("w", list("a", askedA, 5, 3, 9, 1), 10, list("b", askedB, 4), 100);
        askedB.set(-1);
        assertEquals(List.of(5, 3), items(wide.recall(r, 2)));
        assertEquals(-1, askedB.get(), "the other source is not asked when the first one filled the limit");
        assertEquals(List.of(5, 3, 9, 1, 4), items(wide.recall(r, 5)));
        assertEquals("u", u.name());
        assertTrue(u.toString().contains("a (3), then b (100)"), u.toString());
        // the other source's depth: its best 3 only, of which 3 is listed already
        UnionRecall shallow = new UnionRecall("s", list("a", askedA, 5, 3, 9, 1), 3, list("b", askedB, 3, 7, 5, 8, 2, 6), 3);
        assertEquals(List.of(5, 3, 9, 7), items(shallow.recall(r, 50)));
        assertEquals(3, askedB.get());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UnionRecall("x", list("a", askedA), 0, list("b", askedB), 1));
        assertTrue(e.getMessage().contains("firstLimit = 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new UnionRecall("x", list("a", askedA), 1, list("b", askedB), 0));
        assertTrue(e.getMessage().contains("extraLimit = 0"), e.getMessage());
    }
}
