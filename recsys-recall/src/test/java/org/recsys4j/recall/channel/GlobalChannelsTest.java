package org.recsys4j.recall.channel;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.pipeline.RecRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recsys4j.recall.channel.Fixture.CATALOG;
import static org.recsys4j.recall.channel.Fixture.LOG;
import static org.recsys4j.recall.channel.Fixture.items;
import static org.recsys4j.recall.channel.Fixture.scores;

/** Top-rated, newest and popularity channels on the hand-made fixture. */
class GlobalChannelsTest {
    private static final RecRequest ANY = RecRequest.builder(10).build();

    @Test
    void bayesianAveragesMatchTheFormula() {
        // global mean 38 / 10 = 3.8, C = 2: (2 * 3.8 + sum) / (2 + n)
        double[] avg = TopRated.builder(2).build().bayesianAverages(LOG);
        assertArrayEquals(new double[] {19.6 / 5, 19.6 / 5, 10.6 / 3, 13.6 / 4, 12.6 / 3, Double.NaN}, avg, 1e-12);
        RankedListChannel top = TopRated.builder(2).build().fit(LOG);
        List<org.recsys4j.core.pipeline.Candidate> all = Contract.check("top-rated", ANY, 10, top.recall(ANY, 10));
        assertArrayEquals(new int[] {4, 0, 1, 2, 3}, items(all)); // 4.2, 3.92, 3.92 (tie: lower index), 3.53, 3.4
        assertEquals(4.2, all.get(0).score(), 1e-12);
    }

    @Test
    void topRatedMinimumCountPriorMeanAndExclusions() {
        RankedListChannel top = TopRated.builder(2).withPriorMean(3).withMinCount(2)
                .build().fit(LOG);
        // items with >= 2 ratings: 0 (12/3), 1 (12/3), 3 (6/2); (6 + sum) / (2 + n)
        RecRequest r = RecRequest.builder(10).addExcluded(0).build();
        List<org.recsys4j.core.pipeline.Candidate> c = Contract.check("top-rated", r, 10, top.recall(r, 10));
        assertArrayEquals(new int[] {1, 3}, items(c));
        assertArrayEquals(new double[] {18.0 / 5, 12.0 / 4}, scores(c), 1e-12);
        assertEquals(1, top.recall(r, 1).size());
    }

    @Test
    void newestByAttributeAndByFirstSeen() {
        RankedListChannel byYear = Newest.byAttribute("newest", CATALOG, "year");
        assertArrayEquals(new int[] {4, 3, 2, 1, 0}, items(byYear.recall(ANY, 10))); // F has no year
        assertArrayEquals(new double[] {2015, 2010}, scores(byYear.recall(ANY, 2)));
        RecRequest r = RecRequest.builder(10).addExcluded(4, 2).build();
        assertArrayEquals(new int[] {3, 1}, items(Contract.check("newest", r, 2, byYear.recall(r, 2))));
        RankedListChannel firstSeen = Newest.byFirstSeen("first-seen", LOG);
        // first interactions: 0 @100, 1 @200, 2 @300, 3 @400, 4 @700; 5 never
        assertArrayEquals(new int[] {4, 3, 2, 1, 0}, items(firstSeen.recall(ANY, 10)));
        assertArrayEquals(new double[] {700, 400, 300, 200, 100}, scores(firstSeen.recall(ANY, 10)));
    }

    private static double w(long now, long t) {
        return Math.pow(2, -(now - t) / 100.0); // half-life 100 s
    }

    @Test
    void popularityDecaysWithTheHalfLife() {
        Clock at800 = Clock.fixed(Instant.ofEpochSecond(800), ZoneOffset.UTC);
        PopularityChannel trending = PopularityChannel.builder(LOG).withName("trending")
                .withHalfLife(Duration.ofSeconds(100)).withClock(at800).build();
        List<org.recsys4j.core.pipeline.Candidate> c = Contract.check("trending", ANY, 10, trending.recall(ANY, 10));
        // item 0: 100, 150, 800; 1: 200, 250, 500; 2: 300; 3: 400, 600; 4: 700
        double s0 = w(800, 100) + w(800, 150) + 1;
        double s1 = w(800, 200) + w(800, 250) + w(800, 500);
        assertArrayEquals(new int[] {0, 4, 3, 1, 2}, items(c));
        assertArrayEquals(new double[] {s0, 0.5, 0.0625 + 0.25, s1, 0.03125}, scores(c), 1e-12);

        // one half-life later every score halves, same order
        RecRequest later = RecRequest.builder(10).withContext("now", "900").build();
        assertArrayEquals(new double[] {s0 / 2, 0.25, 0.3125 / 2, s1 / 2, 0.03125 / 2},
                scores(trending.recall(later, 10)), 1e-12);

        // as of t = 600: later interactions do not count, item 4 (t = 700) drops out
        RecRequest past = RecRequest.builder(10).withContext("now", "600").addExcluded(2).build();
        List<org.recsys4j.core.pipeline.Candidate> p = Contract.check("trending", past, 10, trending.recall(past, 10));
        assertArrayEquals(new int[] {3, 1, 0}, items(p));
        assertArrayEquals(new double[] {1.25, w(600, 200) + w(600, 250) + w(600, 500), w(600, 100) + w(600, 150)},
                scores(p), 1e-12);
    }

    @Test
    void plainPopularityCountsInteractions() {
        PopularityChannel popular = PopularityChannel.builder(LOG).build();
        List<org.recsys4j.core.pipeline.Candidate> c = popular.recall(RecRequest.builder(3).addExcluded(1).build(), 3);
        assertArrayEquals(new int[] {0, 3, 2}, items(c)); // counts 3, 2, then 1 (2 before 4)
        assertArrayEquals(new double[] {3, 2, 1}, scores(c));
    }

    /** A log of {@code n} items with one interaction each, item i at time 1000 + i. */
    private static org.recsys4j.core.data.Interactions longLog(int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i + 1;
        }
        org.recsys4j.core.data.Interactions.Builder b = org.recsys4j.core.data.Interactions.builder(
                org.recsys4j.core.data.IdIndex.ofLongs(1), org.recsys4j.core.data.IdIndex.ofLongs(ids));
        for (int i = 0; i < n; i++) {
            b.add(0, i, 1, 1000 + i);
        }
        return b.build();
    }

    @Test
    void anInterruptedThreadOrAPassedDeadlineStopsALongLoop() {
        PopularityChannel popular = PopularityChannel.builder(longLog(5000)).build();
        RecRequest past = RecRequest.builder(3).withContext("now", "3000").build(); // the as-of path scans every item
        List<org.recsys4j.core.pipeline.Candidate> all = popular.recall(past, 3);
        assertEquals(3, all.size());
        Thread.currentThread().interrupt();
        try {
            assertThrows(java.util.concurrent.CancellationException.class, () -> popular.recall(past, 3));
        } finally {
            Thread.interrupted();
        }
        RecRequest late = past.withDeadline(Deadline.after(Duration.ofMillis(-1)));
        org.recsys4j.core.pipeline.DeadlineExceededException e = assertThrows(
                org.recsys4j.core.pipeline.DeadlineExceededException.class, () -> popular.recall(late, 3));
        assertTrue(e.getMessage().startsWith("channel 'popular': deadline passed"), e.getMessage());
        // a deadline far away changes nothing
        assertEquals(all, popular.recall(past.withDeadline(Deadline.after(Duration.ofMinutes(1))), 3));
        // a short loop (a cheap fallback list) is never checked: it answers even when late
        PopularityChannel small = PopularityChannel.builder(LOG).build();
        RecRequest smallLate = RecRequest.builder(3).withContext("now", "500").withDeadline(Deadline.after(Duration.ofMillis(-1))).build();
        assertEquals(3, small.recall(smallLate, 3).size());
        assertEquals(3, TopRated.builder(10).build().fit(LOG).recall(smallLate, 3).size());
    }

    @Test
    void badArguments() {
        RankedListChannel top = TopRated.builder(10).build().fit(LOG);
        assertThrows(IllegalArgumentException.class, () -> top.recall(ANY, 0));
        assertThrows(IllegalArgumentException.class, () -> TopRated.builder(-1).build());
        assertThrows(IllegalArgumentException.class, () -> TopRated.builder(10).withPriorMean(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> TopRated.builder(10).withMinCount(0).build());
        assertThrows(IllegalArgumentException.class, () -> PopularityChannel.builder(LOG)
                .withHalfLife(Duration.ZERO).build());
        assertEquals("log", assertThrows(NullPointerException.class, () -> PopularityChannel.builder(null).build())
                .getMessage());
        // setters only store: a bad value corrected before build() is never seen; null half-life = no decay
        assertEquals(TopRated.builder(10).withMinCount(2).build().fit(LOG).size(),
                TopRated.builder(10).withMinCount(0).withMinCount(2).build().fit(LOG).size());
        assertEquals(PopularityChannel.builder(LOG).build().recall(ANY, 5),
                PopularityChannel.builder(LOG).withHalfLife(Duration.ZERO).withHalfLife(null).build().recall(ANY, 5));
        PopularityChannel p = PopularityChannel.builder(LOG).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.recall(RecRequest.builder(1).withContext("now", "yesterday").build(), 1));
        assertTrue(e.getMessage().contains("now"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RankedListChannel.of(" ", new double[1]));
        CandidateSource empty = RankedListChannel.of("empty", new double[] {Double.NaN});
        assertEquals(0, empty.recall(ANY, 5).size());
    }
}
