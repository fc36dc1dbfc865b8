package org.recsys4j.rank.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The breaker's state machine on a hand-driven clock. */
class CircuitBreakerTest {
    final AtomicLong now = new AtomicLong();
    final CircuitBreaker breaker = CircuitBreaker.builder().withFailureThreshold(3).withCoolDown(Duration.ofSeconds(10)).withClock(now::get).build();

    void fail(int n) {
        for (int i = 0; i < n; i++) {
            assertTrue(breaker.tryAcquire());
            breaker.onFailure();
        }
    }

    @Test
    void opensAfterTheThresholdOfConsecutiveFailures() {
        fail(2);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire());
        breaker.onSuccess(); // a success resets the count
        fail(2);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        fail(1);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());
        assertEquals(1, breaker.timesOpened());
    }

    @Test
    void halfOpenLetsExactlyOneTrialThroughAndItsOutcomeDecides() {
        fail(3);
        now.addAndGet(Duration.ofSeconds(10).toNanos() - 1);
        assertFalse(breaker.tryAcquire(), "still cooling down");
        now.addAndGet(1);
        assertTrue(breaker.tryAcquire(), "the trial");
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        assertFalse(breaker.tryAcquire(), "only one trial at a time");
        breaker.onFailure();
        assertEquals(CircuitBreaker.State.OPEN, breaker.state(), "a failed trial re-opens at once");
        assertEquals(2, breaker.timesOpened());
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertFalse(breaker.tryAcquire(), "a new cool-down started at the failed trial");
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertTrue(breaker.tryAcquire());
        breaker.onSuccess();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertEquals(0, breaker.consecutiveFailures());
        assertTrue(breaker.tryAcquire());
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> CircuitBreaker.builder().withFailureThreshold(0).withCoolDown(Duration.ofSeconds(1)).build());
        assertThrows(IllegalArgumentException.class, () -> CircuitBreaker.builder().withFailureThreshold(1).withCoolDown(Duration.ZERO).build());
    }
}
