package org.recsys4j.recall.channel;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.pipeline.DeadlineExceededException;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.testing.CandidateSourceContract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RankerChannel}: a ranker's best items of the whole catalogue, checked against sorting every score. */
class RankerChannelTest {
    /** Scores item {@code i} by a fixed table (per user a different one), NaN for every seventh item. */
    private static Ranker table(double[][] byUser, AtomicInteger calls) {
        return new Ranker() {
            @Override
            public String name() {
                return "table";
            }

            @Override
            public void score(RecRequest request, CandidateBatch candidates, double[] scores) {
                calls.incrementAndGet();
                double[] t = byUser[Math.max(0, request.userIndex())];
                for (int i = 0; i < candidates.size(); i++) {
                    int item = candidates.item(i);
                    scores[i] = item % 7 == 3 ? Double.NaN : t[item];
                }
            }
        };
    }

    @Test
    void returnsTheRankersBestAdmissibleItemsInOrder() {
        int n = 10_000;   // more than one block
        Random rnd = new Random(5);
        double[][] byUser = new double[2][n];
        for (double[] t : byUser) {
            for (int i = 0; i < n; i++) {
                t[i] = Math.floor(rnd.nextDouble() * 500);   // many ties
            }
        }
        AtomicInteger calls = new AtomicInteger();
        RankerChannel ch = RankerChannel.of(table(byUser, calls), n);
        assertEquals("table", ch.name());
        for (int user = 0; user < 2; user++) {
            RecRequest request = RecRequest.builder(10).withUser("u" + user, user).withHistory(new int[] {1, 2, 4, 9_999})
                    .withHistoryExcluded(true).build();
            calls.set(0);
            List<Candidate> got = Contract.check("table", request, 300, ch.recall(request, 300));
            assertEquals((n - 4 + RankerChannel.BLOCK - 1) / RankerChannel.BLOCK, calls.get(), "one call per block");
            // the expected list: every admissible, finite-scored item sorted by score, ties by the lower index
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!request.excludes(i) && i % 7 != 3) {
                    all.add(i);
                }
            }
            double[] t = byUser[user];
            all.sort(Comparator.<Integer>comparingDouble(i -> -t[i]).thenComparingInt(i -> i));
            assertEquals(300, got.size());
            for (int r = 0; r < 300; r++) {
                assertEquals(all.get(r).intValue(), got.get(r).item(), "rank " + r);
                assertEquals(t[all.get(r)], got.get(r).score());
            }
        }
        CandidateSourceContract.checkAnonymous(ch, 5);
    }

    @Test
    void aSmallCatalogueGivesEveryAdmissibleItemAndTheDeadlineStopsIt() {
        double[][] t = {{5, 4, 3, 2, 1, 0}};
        RankerChannel ch = RankerChannel.of("mf", table(t, new AtomicInteger()), 6);
        RecRequest request = RecRequest.builder(3).addExcluded(0).build();
        List<Candidate> got = ch.recall(request, 100);
        assertEquals(List.of(1, 2, 4, 5), got.stream().map(Candidate::item).toList(), "item 3 scores NaN, 0 is excluded");
        assertEquals("mf", got.get(0).sources().get(0).channel());
        assertTrue(ch.recall(RecRequest.builder(3).addExcluded(0, 1, 2, 3, 4, 5).build(), 10).isEmpty());
        assertTrue(RankerChannel.of("none", table(t, new AtomicInteger()), 0).recall(request, 10).isEmpty());
        RecRequest late = request.withDeadline(Deadline.afterNanos(0));
        assertThrows(DeadlineExceededException.class, () -> ch.recall(late, 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ch.recall(request, 0));
        assertTrue(e.getMessage().contains("limit = 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RankerChannel.of("x", table(t, new AtomicInteger()), -1));
        assertTrue(e.getMessage().contains("numItems = -1"), e.getMessage());
    }
}
