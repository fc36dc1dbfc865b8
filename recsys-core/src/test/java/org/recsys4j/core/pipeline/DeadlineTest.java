package org.recsys4j.core.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadlineTest {
    @Test
    void noneNeverPassesButReportsInterruption() {
        Deadline none = Deadline.none();
        assertFalse(none.isBounded());
        assertFalse(none.expired());
        assertEquals(Long.MAX_VALUE, none.remainingNanos());
        none.check("x");
        assertThrows(IllegalStateException.class, none::nanoTime);
        Thread.currentThread().interrupt();
        try {
            CancellationException e = assertThrows(CancellationException.class, () -> none.check("hnsw"));
            assertFalse(e instanceof DeadlineExceededException, "interruption is not a passed deadline");
            assertEquals("hnsw: interrupted", e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "the flag stays set for the caller");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aPassedDeadlineThrowsNamingTheWork() {
        Deadline past = Deadline.after(Duration.ofMillis(-5));
        assertTrue(past.isBounded());
        assertTrue(past.expired());
        assertEquals(Duration.ZERO, past.remaining());
        DeadlineExceededException e = assertThrows(DeadlineExceededException.class, () -> past.check("ranker 'deepfm'"));
        assertTrue(e.getMessage().matches("ranker 'deepfm': deadline passed \\d+\\.\\d ms ago"), e.getMessage());
        assertTrue(e instanceof CancellationException, "one handler covers both");
        assertTrue(past.toString().startsWith("Deadline[passed "), past.toString());
        assertTrue(Deadline.after(Duration.ZERO).expired());
    }

    @Test
    void aFutureDeadlineCountsDown() throws Exception {
        Deadline d = Deadline.after(Duration.ofSeconds(10));
        assertFalse(d.expired());
        d.check();
        long left = d.remainingNanos();
        assertTrue(left > 9_000_000_000L && left <= 10_000_000_000L, "left " + left);
        Thread.sleep(5);
        assertTrue(d.remainingNanos() < left);
        assertTrue(d.toString().startsWith("Deadline[in "), d.toString());
        Deadline atOnce = Deadline.atNanoTime(System.nanoTime() + 20_000_000);
        Thread.sleep(40);
        assertTrue(atOnce.expired());
    }

    @Test
    void minAndWithinPickTheEarlier() {
        Deadline soon = Deadline.after(Duration.ofMillis(50));
        Deadline later = Deadline.after(Duration.ofSeconds(50));
        assertSame(soon, soon.min(later));
        assertSame(soon, later.min(soon));
        assertSame(soon, soon.min(Deadline.none()));
        assertSame(soon, Deadline.none().min(soon));
        assertSame(soon, soon.within(Duration.ofSeconds(1)));
        assertSame(soon, soon.within(null));
        Deadline capped = later.within(Duration.ofMillis(10));
        assertTrue(capped.remainingNanos() <= 10_000_000, capped.toString());
        assertTrue(Deadline.none().within(Duration.ofMillis(10)).isBounded());
        // durations too large for nanoseconds saturate instead of overflowing into the past
        assertFalse(Deadline.after(Duration.ofDays(365L * 1000)).expired());
        assertTrue(Deadline.after(Duration.ofDays(-365L * 1000)).expired());
    }

    @Test
    void theRequestCarriesItsDeadlineOutsideTheCacheKey() {
        Deadline d = Deadline.after(Duration.ofSeconds(5));
        RecRequest r = RecRequest.builder(3).withUser("u", 1).withHistory(new int[] {4}).withHistoryExcluded(true).withDeadline(d).build();
        assertSame(d, r.deadline());
        assertSame(d, r.toBuilder().build().deadline());
        assertSame(Deadline.none(), RecRequest.builder(1).build().deadline());
        Deadline other = Deadline.after(Duration.ofMillis(1));
        RecRequest narrowed = r.withDeadline(other);
        assertSame(other, narrowed.deadline());
        assertSame(r, r.withDeadline(d));
        assertEquals(r.userKey(), narrowed.userKey());
        assertTrue(narrowed.excludes(4));
        assertEquals(ResultCache.keyOf(r), ResultCache.keyOf(narrowed));
        assertTrue(r.toString().contains("Deadline[in "), r.toString());
        assertThrows(NullPointerException.class, () -> RecRequest.builder(1).withDeadline(null).build());
    }
}
