package org.recsys4j.core.data;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventLogTest {
    @Test
    void stringIdsAreIndexedInAscendingOrderAndEventsKeepTheirOrder() {
        EventLog log = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING)
                .addTyped("u9", "sku-b", 30, "view")
                .addTyped("u10", "sku-a", 20, "buy")
                .addTyped("u9", "sku-a", 10, "cart")
                .build();
        assertEquals(IdIndex.Kind.STRING, log.users().kind());
        assertEquals(List.of("u10", "u9"), List.of(log.users().id(0), log.users().id(1)));   // ordinal order
        assertEquals(List.of("sku-a", "sku-b"), List.of(log.items().id(0), log.items().id(1)));
        assertEquals(3, log.size());
        assertEquals(1, log.user(0));
        assertEquals(1, log.item(0));
        assertEquals(30, log.timestamp(0));
        assertEquals(List.of("buy", "cart", "view"), log.eventTypes());
        assertEquals(Optional.of("view"), log.type(0));
        assertEquals(2, log.typeCode(0));
        assertEquals(Map.of("buy", 1, "cart", 1, "view", 1), log.countsByType());
        assertFalse(log.hasValues());
        assertTrue(Double.isNaN(log.value(1)));
        assertFalse(log.hasWeights());
        assertEquals(1.0, log.weight(2));
    }

    @Test
    void numericIdsSortNumericallyAndAcceptTextThatIsANumber() {
        EventLog log = EventLog.builder(IdIndex.Kind.NUMERIC, IdIndex.Kind.NUMERIC)
                .add(10, 300, 1)
                .add("9", "0300", 2)       // "0300" is the item 300
                .addValue("100", "5", 3, 4.5)
                .build();
        assertArrayEquals(new long[] {9, 10, 100}, log.users().longIds());
        assertArrayEquals(new long[] {5, 300}, log.items().longIds());
        assertEquals(log.item(0), log.item(1));
        assertTrue(log.hasValues());
        assertEquals(4.5, log.value(2));
        assertTrue(Double.isNaN(log.value(0)));
        assertFalse(log.hasTypes());
        assertEquals(-1, log.typeCode(0));
        assertEquals(Optional.empty(), log.type(0));
        assertEquals(Map.of(), log.countsByType());
    }

    @Test
    void weightsOtherThanOneMakeAWeightColumn() {
        EventLog log = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING)
                .add("u", "a", 1, "buy", Double.NaN, 3)
                .add("u", "b", 2, "view", Double.NaN, 1)
                .build();
        assertTrue(log.hasWeights());
        assertEquals(3.0, log.weight(0));
        assertEquals(1.0, log.weight(1));
    }

    @Test
    void aGivenItemIndexIsKeptAndEveryEventMustBeInIt() {
        IdIndex items = IdIndex.ofLongs(1, 2, 3);
        EventLog log = EventLog.builder(IdIndex.Kind.NUMERIC, IdIndex.Kind.NUMERIC).withItems(items)
                .add(7, 3, 1).add("7", "1", 2).build();
        assertSame(items, log.items());
        assertEquals(2, log.item(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventLog.builder(IdIndex.Kind.NUMERIC, IdIndex.Kind.NUMERIC).withItems(items)
                        .add(7, 3, 1).add(7, 4, 2).build());
        assertEquals("event 1: item id '4' is not in the given item index (3 ids)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EventLog.builder(IdIndex.Kind.NUMERIC, IdIndex.Kind.STRING).withItems(items).build());
        assertEquals("items: a NUMERIC index, but the item ids are STRING", e.getMessage());
    }

    @Test
    void buildNamesTheFirstBadEvent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventLog.builder(IdIndex.Kind.NUMERIC, IdIndex.Kind.STRING).add("1", "a", 1).add("u123", "b", 2)
                        .build());
        assertEquals("event 1: user id 'u123' is not a whole number (user ids are NUMERIC)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING)
                .addTyped("u", "a", 1, "view").add("u", "b", 2).build());
        assertEquals("event 1: has no type, but event 0 has one: a log has types on every event or on none",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING)
                .add("u", "a", 1, null, Double.POSITIVE_INFINITY, 1).build());
        assertEquals("event 0: value=Infinity: not a finite number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING)
                .add("u", "a", 1, null, 1, Double.NaN).build());
        assertEquals("event 0: weight=NaN: not a finite number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING)
                .addTyped("u", "a", 1, "").build());
        assertEquals("event 0: type is empty", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING)
                .addValue("u", "a", 1, Double.NaN).build());
        assertEquals("event 0: value=NaN: not a finite number", e.getMessage());
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING).add(null, "a", 1).build());
        assertEquals("user id of event 0", npe.getMessage());
        npe = assertThrows(NullPointerException.class, () -> EventLog.builder(null, IdIndex.Kind.STRING).build());
        assertEquals("userIds", npe.getMessage());
    }

    @Test
    void anEmptyLogHasEmptyIndices() {
        EventLog log = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.NUMERIC).build();
        assertEquals(0, log.size());
        assertEquals(0, log.users().size());
        assertEquals(IdIndex.Kind.NUMERIC, log.items().kind());
        assertEquals("EventLog[0 events, 0 users, 0 items]", log.toString());
    }
}
