package org.recsys4j.core.data;

import org.junit.jupiter.api.Test;

import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdIndexTest {

    @Test
    void numericIdsRoundTrip() {
        IdIndex idx = IdIndex.numericBuilder().add(50).add(7).add(50).add(-3).buildSorted();
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
        IdIndex.NumericBuilder nb = IdIndex.numericBuilder();
        assertEquals(0, nb.addAndGet(9));
        assertEquals(1, nb.addAndGet(2));
        assertEquals(0, nb.addAndGet(9));
        IdIndex ins = nb.build();
        assertFalse(ins.isSorted());
        IdIndex s = IdIndex.stringBuilder().add("b").add("a").add("b").buildSorted();
        assertEquals(0, s.indexOf("a"));
        assertEquals("b", s.id(1));
        assertThrows(IllegalStateException.class, () -> s.longId(0));
        assertThrows(IllegalArgumentException.class, () -> IdIndex.ofLongs(1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> IdIndex.ofStrings("a", "a"));
        assertEquals(IdIndex.ofLongs(1, 2), IdIndex.ofLongs(1, 2));
    }
}
