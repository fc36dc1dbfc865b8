package org.recsys4j.core.data;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.Feedback.Combine;
import org.recsys4j.core.data.Feedback.Signal;
import org.recsys4j.core.data.FeedbackReport.DropReason;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Known answers for each combine rule, the threshold, type weights, the weight column and the too-many-dropped error. */
class FeedbackTest {
    private static final Map<String, Double> WEIGHTS = weights("view", 1.0, "cart", 3.0, "buy", 10.0);

    /**
     * u1/i1: view@10, cart@20, buy@30; u1/i2: view@15; u2/i1: buy@5 then view@5 (same second, log order);
     * u2/i3: buy@50 then view@40 (the log is not in time order).
     */
    private static EventLog shop() {
        return EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING)
                .addTyped("u1", "i1", 10, "view")
                .addTyped("u1", "i2", 15, "view")
                .addTyped("u1", "i1", 20, "cart")
                .addTyped("u2", "i1", 5, "buy")
                .addTyped("u2", "i1", 5, "view")
                .addTyped("u1", "i1", 30, "buy")
                .addTyped("u2", "i3", 50, "buy")
                .addTyped("u2", "i3", 40, "view")
                .build();
    }

    /** Returns "user/item=value@ts" per interaction, in row order. */
    private static List<String> rows(Interactions x) {
        List<String> out = new java.util.ArrayList<>();
        for (int k = 0; k < x.size(); k++) {
            out.add(x.users().id(x.user(k)) + "/" + x.items().id(x.item(k)) + "=" + x.value(k) + "@" + x.timestamp(k));
        }
        return out;
    }

    @Test
    void sumAddsTheWeightsAtTheLastEventsTime() {
        Feedback.Result r = Feedback.eventWeights(WEIGHTS, Combine.SUM).applyWithReport(shop());
        // rows in the order of each pair's first event in the log
        assertEquals(List.of("u1/i1=14.0@30", "u1/i2=1.0@15", "u2/i1=11.0@5", "u2/i3=11.0@50"), rows(r.interactions()));
        assertEquals(8, r.report().eventsIn());
        assertEquals(8, r.report().eventsKept());
        assertEquals(4, r.report().interactions());
        assertEquals(4, r.report().combined());
        assertEquals(0, r.report().eventsDropped());
    }

    @Test
    void maxKeepsTheStrongestEventAtItsEarliestTime() {
        Interactions x = Feedback.eventWeights(WEIGHTS, Combine.MAX).apply(shop());
        assertEquals(List.of("u1/i1=10.0@30", "u1/i2=1.0@15", "u2/i1=10.0@5", "u2/i3=10.0@50"), rows(x));
    }

    @Test
    void lastKeepsTheLatestEventByTimeThenByLogOrder() {
        Interactions x = Feedback.eventWeights(WEIGHTS, Combine.LAST).apply(shop());
        // u2/i1: buy and view in the same second: the later in the log (view) is last;
        // u2/i3: the buy at 50 is last though the view at 40 comes after it in the log
        assertEquals(List.of("u1/i1=10.0@30", "u1/i2=1.0@15", "u2/i1=1.0@5", "u2/i3=10.0@50"), rows(x));
    }

    @Test
    void firstKeepsTheEarliestEventByTimeThenByLogOrder() {
        Interactions x = Feedback.eventWeights(WEIGHTS, Combine.FIRST).apply(shop());
        assertEquals(List.of("u1/i1=1.0@10", "u1/i2=1.0@15", "u2/i1=10.0@5", "u2/i3=1.0@40"), rows(x));
    }

    @Test
    void theInteractionsUseTheLogsIndices() {
        EventLog log = shop();
        Interactions x = Feedback.eventWeights(weights("buy", 1.0), Combine.SUM).toBuilder()
                .withMaxDroppedFraction(1).build().apply(log);
        assertSame(log.users(), x.users());
        assertSame(log.items(), x.items());
        assertEquals(List.of("u2/i1=1.0@5", "u1/i1=1.0@30", "u2/i3=1.0@50"), rows(x));   // i2 keeps its index, unused
    }

    @Test
    void typesWithoutAWeightAreDroppedAndCountedByType() {
        Feedback.Result r = Feedback.eventWeights(weights("view", 1.0, "buy", 5.0, "purchase", 5.0), Combine.SUM)
                .applyWithReport(shop());
        assertEquals(List.of("u1/i1=6.0@30", "u1/i2=1.0@15", "u2/i1=6.0@5", "u2/i3=6.0@50"), rows(r.interactions()));
        assertEquals(1, r.report().dropped(DropReason.UNWEIGHTED_TYPE));
        assertEquals(Map.of("cart", 1), r.report().droppedByType());
        assertEquals(List.of("purchase"), r.report().unusedTypeWeights());
        assertEquals("Feedback kept 7 of 8 events as 4 interactions (3 combined into earlier pairs); dropped 1 (13%): "
                + "1 of type 'cart' have no weight; weighted types not in the log: [purchase]", r.report().summary());
    }

    @Test
    void theWeightColumnMultipliesTheTypeWeightAndNonPositiveWeightsAreDropped() {
        EventLog log = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING)
                .add("u", "a", 1, "buy", Double.NaN, 3)      // 3 units
                .add("u", "a", 2, "buy", Double.NaN, 2)
                .add("u", "b", 3, "buy", Double.NaN, 0)      // a returned item: weight 0
                .add("v", "b", 4, "view", Double.NaN, 1)
                .build();
        Feedback.Result r = Feedback.eventWeights(weights("buy", 10.0, "view", 1.0), Combine.SUM).applyWithReport(log);
        assertEquals(List.of("u/a=50.0@2", "v/b=1.0@4"), rows(r.interactions()));
        assertEquals(1, r.report().dropped(DropReason.NON_POSITIVE_WEIGHT));
        // without type weights every event weighs its weight column
        assertEquals(List.of("u/a=5.0@2", "v/b=1.0@4"), rows(Feedback.eventCounts().apply(log)));
    }

    @Test
    void thresholdKeepsValuesAtLeastItAndCountsTheRest() {
        EventLog ratings = EventLog.builder(IdIndex.Kind.NUMERIC, IdIndex.Kind.NUMERIC)
                .addValue("1", "10", 100, 4.0).addValue("1", "11", 101, 3.0).addValue("2", "10", 102, 5.0)
                .addValue("2", "11", 103, 2.5).addValue("2", "12", 104, 3.5)
                .build();
        Feedback.Result r = Feedback.ratingsAtLeast(3.5).applyWithReport(ratings);
        assertEquals(List.of("1/10=4.0@100", "2/10=5.0@102", "2/12=3.5@104"), rows(r.interactions()));
        assertEquals(2, r.report().dropped(DropReason.BELOW_THRESHOLD));
        assertEquals("2 below the threshold 3.5", r.report().dropsText());
        // all ratings: everything, values as rated
        assertEquals(5, Feedback.allRatings().apply(ratings).size());
        // a threshold with the WEIGHT signal filters on the value and counts 1 per event
        Interactions liked = Feedback.builder(Signal.WEIGHT, Combine.SUM).withThreshold(4)
                .withMaxDroppedFraction(0.6).build().apply(ratings);   // 3 of 5 dropped: allowed explicitly
        assertEquals(List.of("1/10=1.0@100", "2/10=1.0@102"), rows(liked));
    }

    @Test
    void eventsWithoutAValueAreDroppedWhenThePolicyReadsValues() {
        EventLog log = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING)
                .add("u", "a", 1, "rate", 4, 1).add("u", "b", 2, "view", Double.NaN, 1)
                .add("v", "a", 3, "rate", 5, 1).build();
        Feedback.Result r = Feedback.allRatings().applyWithReport(log);
        assertEquals(List.of("u/a=4.0@1", "v/a=5.0@3"), rows(r.interactions()));
        assertEquals(1, r.report().dropped(DropReason.NO_VALUE));
        assertEquals("1 have no value", r.report().dropsText());
    }

    @Test
    void droppingMostEventsFailsNamingHowManyAndWhy() {
        EventLog.Builder b = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING);
        for (int k = 0; k < 9_000; k++) {
            b.add("u" + (k % 50), "i" + (k % 70), k, "view", Double.NaN, 1);
        }
        for (int k = 0; k < 1_000; k++) {
            b.add("u" + (k % 50), "i" + (k % 30), 10_000 + k, "buy", k < 120 ? 1.0 : 5.0, 1);
        }
        EventLog log = b.build();
        Feedback policy = Feedback.builder(Signal.WEIGHT, Combine.SUM).withTypeWeights(weights("buy", 10.0))
                .withThreshold(3.5).build();
        TooManyEventsDroppedException e = assertThrows(TooManyEventsDroppedException.class, () -> policy.apply(log));
        assertTrue(e.getMessage().startsWith("Feedback dropped 9,120 of 10,000 events (91%, more than the 50% allowed): "
                + "9,000 of type 'view' have no weight, 120 below the threshold 3.5 (policy "), e.getMessage());
        assertTrue(e.getMessage().endsWith("if this is meant, raise Feedback.Builder.withMaxDroppedFraction"), e.getMessage());
        assertEquals(9_120, e.report().eventsDropped());
        assertEquals(Map.of("view", 9_000), e.report().droppedByType());
        assertEquals(120, e.report().dropped(DropReason.BELOW_THRESHOLD));
        // meant: allowed explicitly
        Feedback.Result r = policy.toBuilder().withMaxDroppedFraction(0.95).build().applyWithReport(log);
        assertEquals(880, r.report().eventsKept());
        assertEquals(880 * 10.0, sum(r.interactions()), 1e-9);
    }

    @Test
    void droppingEveryEventAlwaysFails() {
        EventLog log = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING)
                .addValue("u", "a", 1, 2.0).addValue("v", "a", 2, 3.0).build();
        TooManyEventsDroppedException e = assertThrows(TooManyEventsDroppedException.class,
                () -> Feedback.ratingsAtLeast(4).toBuilder().withMaxDroppedFraction(1).build().apply(log));
        assertEquals("Feedback dropped 2 of 2 events (all): 2 below the threshold 4 "
                + "(policy Feedback[signal=VALUE, combine=FIRST, threshold=4, maxDroppedFraction=1.0])", e.getMessage());
        // exactly half is not "more than half"
        EventLog half = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING)
                .addValue("u", "a", 1, 2.0).addValue("v", "a", 2, 5.0).build();
        assertEquals(1, Feedback.ratingsAtLeast(4).apply(half).size());
        // an empty log gives no interactions and no error
        assertEquals(0, Feedback.allRatings().apply(EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING).build())
                .size());
    }

    @Test
    void aPolicyThatDoesNotFitTheLogIsAnError() {
        EventLog untyped = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING).add("u", "a", 1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Feedback.eventWeights(WEIGHTS, Combine.SUM).apply(untyped));
        assertTrue(e.getMessage().startsWith("typeWeights: [view, cart, buy], but the log has no event types"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Feedback.allRatings().apply(untyped));
        assertTrue(e.getMessage().startsWith("signal: VALUE, but no event of the log has a value"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Feedback.builder(Signal.WEIGHT, Combine.MAX).withThreshold(3).build().apply(untyped));
        assertTrue(e.getMessage().startsWith("threshold: 3.0, but no event of the log has a value"), e.getMessage());
    }

    @Test
    void buildValidatesAndNamesTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Feedback.eventWeights(weights("view", -1.0), Combine.SUM));
        assertEquals("typeWeights: 'view'=-1.0, must be finite and > 0 (leave a type out to drop its events)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Feedback.builder(Signal.VALUE, Combine.SUM).withTypeWeights(weights("buy", 1.0)).build());
        assertTrue(e.getMessage().startsWith("typeWeights: [buy], but the signal is VALUE"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Feedback.builder(Signal.VALUE, Combine.SUM).withThreshold(Double.NaN).build());
        assertEquals("threshold: NaN, must be a number or -Infinity (none)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Feedback.builder(Signal.VALUE, Combine.SUM).withMaxDroppedFraction(1.5).build());
        assertEquals("maxDroppedFraction: 1.5, must be in [0, 1]", e.getMessage());
        NullPointerException npe = assertThrows(NullPointerException.class, () -> Feedback.builder(null, Combine.SUM).build());
        assertEquals("signal", npe.getMessage());
        npe = assertThrows(NullPointerException.class,
                () -> Feedback.builder(Signal.WEIGHT, Combine.SUM).withTypeWeights(null).build());
        assertEquals("typeWeights", npe.getMessage());
    }

    @Test
    void presetsStateTheirChoices() {
        assertEquals("Feedback[signal=VALUE, combine=FIRST]", Feedback.allRatings().toString());
        assertEquals("Feedback[signal=VALUE, combine=FIRST, threshold=3.5]", Feedback.ratingsAtLeast(3.5).toString());
        assertEquals("Feedback[signal=WEIGHT, combine=SUM]", Feedback.eventCounts().toString());
        assertEquals(Feedback.ratingsAtLeast(3.5), Feedback.ratingsAtLeast(3.5).toBuilder().build());
        assertEquals(Feedback.DEFAULT_THRESHOLD, Feedback.allRatings().threshold());
    }

    private static double sum(Interactions x) {
        double s = 0;
        for (int k = 0; k < x.size(); k++) {
            s += x.value(k);
        }
        return s;
    }

    private static Map<String, Double> weights(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Double) kv[i + 1]);
        }
        return m;
    }
}
