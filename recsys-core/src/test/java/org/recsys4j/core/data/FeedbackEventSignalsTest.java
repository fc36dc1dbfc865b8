package org.recsys4j.core.data;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.Feedback.Combine;
import org.recsys4j.core.data.Feedback.Signal;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Feedback#eventSignals}: each event's signal on its own (no combining), NaN for a dropped event, and the
 * same checks as {@link Feedback#apply}; its kept signals are what {@code apply} combines.
 */
class FeedbackEventSignalsTest {
    private static final Map<String, Double> WEIGHTS = Map.of("view", 1.0, "cart", 3.0, "buy", 10.0);

    @Test
    void eachEventGetsItsTypesWeightTimesItsWeightAndDroppedOnesAreNaN() {
        EventLog log = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING)
                .add("u1", "i1", 10, "view", Double.NaN, 1)
                .add("u1", "i1", 20, "cart", Double.NaN, 2)      // quantity 2
                .add("u1", "i1", 30, "wish", Double.NaN, 1)      // no weight: dropped
                .add("u2", "i1", 5, "buy", Double.NaN, 0)        // weight 0: dropped
                .add("u2", "i2", 5, "buy", Double.NaN, 1)
                .build();
        Feedback policy = Feedback.eventWeights(WEIGHTS, Combine.SUM).toBuilder().withMaxDroppedFraction(0.5).build();
        assertArrayEquals(new double[] {1.0, 6.0, Double.NaN, Double.NaN, 10.0}, policy.eventSignals(log));
        // apply combines exactly the kept signals: u1/i1 = 1 + 6
        Interactions x = policy.apply(log);
        assertEquals(2, x.size());
        assertEquals(7.0f, x.value(0));
        assertEquals(10.0f, x.value(1));
    }

    @Test
    void valuesAndThresholdAsApplyReadsThem() {
        EventLog log = EventLog.builder(IdIndex.Kind.NUMERIC, IdIndex.Kind.NUMERIC)
                .add(1, 10, 1, null, 4.5, 1).add(1, 11, 2, null, 2.0, 1).add(2, 10, 3, null, 5.0, 1)
                .add(2, 10, 4, null, 3.0, 1).build();
        assertArrayEquals(new double[] {4.5, 2.0, 5.0, 3.0}, Feedback.allRatings().eventSignals(log));
        // the repeated pair 2/10 is two events here, one interaction (the first) under apply
        assertEquals(3, Feedback.allRatings().apply(log).size());
        assertArrayEquals(new double[] {4.5, Double.NaN, 5.0, Double.NaN},
                Feedback.ratingsAtLeast(3.5).eventSignals(log));
    }

    @Test
    void tooManyDroppedAndPoliciesThatDoNotFitFailAsApplyDoes() {
        EventLog log = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING)
                .addTyped("u", "a", 1, "view").addTyped("u", "b", 2, "view").addTyped("u", "c", 3, "buy").build();
        TooManyEventsDroppedException e = assertThrows(TooManyEventsDroppedException.class,
                () -> Feedback.eventWeights(Map.of("buy", 1.0), Combine.MAX).eventSignals(log));
        assertTrue(e.getMessage().startsWith("Feedback dropped 2 of 3 events (67%, more than the 50% allowed): "
                + "2 of type 'view' have no weight"), e.getMessage());
        assertEquals(1, e.report().eventsKept());
        assertEquals(1, e.report().interactions());   // no combining: each kept event is one
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Feedback.allRatings().eventSignals(log));
        assertTrue(bad.getMessage().startsWith("signal: VALUE, but no event of the log has a value"), bad.getMessage());
        assertEquals(0, Feedback.allRatings()
                .eventSignals(EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING).build()).length);
        assertEquals(Signal.WEIGHT, Feedback.eventCounts().signal());
    }
}
