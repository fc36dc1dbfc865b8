package org.recsys4j.core.data;

import org.junit.jupiter.api.Test;

import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdIndexTest {

    @Test
    void numericIdsRoundTrip() {
        IdIndex idx = IdIndex.numericBuilder().add(50).add(7).add(50).add(-3).withSorted(true).build();
        assertEquals(3, idx.size());
        assertEquals(0, idx.indexOf(-3));
        assertEquals(1, idx.indexOf(7));
        assertEquals(2, idx.indexOf("50"));
        assertEquals(-1, idx.indexOf(8));
        assertEquals(-1, idx.indexOf("x"));
        for (int i = 0; i < idx.size(); i++) {
            assertEquals(i, idx.indexOf(idx.longId(i)));
        }
        assertTrue(idx.isSorted());
        assertEquals("7", idx.id(1));
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> idx.require(8));
        assertTrue(e.getMessage().contains("8"));
    }

    @Test
    void insertionOrderAndStringIds() {
        IdIndex.NumericIdBuilder nb = IdIndex.numericBuilder().add(9).add(2).addAll(9, 5);
        IdIndex ins = nb.build();
        assertArrayEquals(new long[] {9, 2, 5}, ins.longIds(), "insertion order; a repeated id keeps its first place");
        assertArrayEquals(new long[] {2, 5, 9}, nb.withSorted(true).build().longIds());
        assertFalse(ins.isSorted());
        IdIndex s = IdIndex.stringBuilder().add("b").add("a").add("b").withSorted(true).build();
        assertEquals(0, s.indexOf("a"));
        assertEquals("b", s.id(1));
        assertThrows(IllegalStateException.class, () -> s.longId(0));
        assertThrows(IllegalArgumentException.class, () -> IdIndex.ofLongs(1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> IdIndex.ofStrings("a", "a"));
        assertEquals(IdIndex.ofLongs(1, 2), IdIndex.ofLongs(1, 2));
    }
}
