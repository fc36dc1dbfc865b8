package org.recsys4j.core.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingTableTest {
    @Test
    void ofKeepsRowsAndCopiesTheArray() {
        float[] values = {1, 2, 3, 4, 5, 6};
        EmbeddingTable t = EmbeddingTable.of(IdIndex.ofStrings("a", "b", "c"), 2, values);
        values[0] = 99;
        assertEquals(3, t.size());
        assertEquals(2, t.dim());
        assertArrayEquals(new float[] {1, 2}, t.vector(0));
        assertArrayEquals(new float[] {5, 6}, t.vector(t.ids().indexOf("c")));
        float[] v = t.vector(1);
        v[0] = -1;
        assertArrayEquals(new float[] {3, 4}, t.vector(1), "vector() returns a copy");
        float[] out = new float[3];
        assertSame(out, t.row(1, out));
        assertArrayEquals(new float[] {3, 4, 0}, out);
    }

    @Test
    void ofNamesTheProblem() {
        IdIndex ids = IdIndex.ofLongs(10, 20);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddingTable.of(ids, 3, new float[5]));
        assertEquals("values: length 5, expected 2 ids × dim 3 = 6", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EmbeddingTable.of(ids, 0, new float[0]));
        assertEquals("dim: 0, must be >= 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddingTable.of(ids, 2, new float[] {0, 0, 0, Float.NaN}));
        assertEquals("values: row 1 (id '20') column 1 is NaN, every value must be finite", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddingTable.of(ids, 2, new float[] {Float.NEGATIVE_INFINITY, 0, 0, 0}));
        assertTrue(e.getMessage().contains("row 0 (id '10') column 0 is -Infinity"), e.getMessage());
    }

    @Test
    void rowChecksIndexAndOutput() {
        EmbeddingTable t = EmbeddingTable.of(IdIndex.ofLongs(1), 2, new float[] {1, 2});
        assertEquals("row 1, the table has 1 rows",
                assertThrows(IndexOutOfBoundsException.class, () -> t.vector(1)).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> t.vector(-1));
        assertEquals("out: length 1, must be >= dim 2",
                assertThrows(IllegalArgumentException.class, () -> t.row(0, new float[1])).getMessage());
    }

    @Test
    void builderAddsRowsInOrder() {
        EmbeddingTable.Builder b = EmbeddingTable.builder(3);
        for (int i = 0; i < 100; i++) {
            b.add(1000 - i, new float[] {i, i + 0.5f, -i});
        }
        EmbeddingTable t = b.build();
        assertEquals(100, t.size());
        assertTrue(t.ids().isNumeric());
        assertEquals(1000, t.ids().longId(0));
        assertArrayEquals(new float[] {42, 42.5f, -42}, t.vector(t.ids().indexOf(958L)));

        EmbeddingTable s = EmbeddingTable.builder(1).add("x", new float[] {1}).add("y", new float[] {2}).build();
        assertArrayEquals(new float[] {2}, s.vector(s.ids().indexOf("y")));
        assertEquals(0, EmbeddingTable.builder(4).build().size());
    }

    @Test
    void builderNamesTheProblem() {
        assertEquals("id 'a': added twice", assertThrows(IllegalArgumentException.class,
                () -> EmbeddingTable.builder(2).add("a", new float[] {1, 2}).add("a", new float[] {1, 2}).build()).getMessage());
        assertEquals("id 'b': vector has dimension 3, the table's is 2", assertThrows(IllegalArgumentException.class,
                () -> EmbeddingTable.builder(2).add("a", new float[] {1, 2}).add("b", new float[3]).build()).getMessage());
        assertEquals("id 'c': column 1 is Infinity, every value must be finite",
                assertThrows(IllegalArgumentException.class, () -> EmbeddingTable.builder(2)
                        .add("c", new float[] {0, Float.POSITIVE_INFINITY}).build()).getMessage());
        assertEquals("id 7: this builder holds text ids; do not mix the two", assertThrows(IllegalArgumentException.class,
                () -> EmbeddingTable.builder(2).add("a", new float[] {1, 2}).add(7, new float[] {1, 2}).build()).getMessage());
        assertEquals("dim: 0, must be >= 1",
                assertThrows(IllegalArgumentException.class, () -> EmbeddingTable.builder(0).build()).getMessage());
        assertThrows(NullPointerException.class, () -> EmbeddingTable.builder(2).add("a", null).build());
        // adding only stores: the first problem is reported by build(), the rows before it are not lost
        EmbeddingTable.Builder b = EmbeddingTable.builder(2).add("a", new float[] {1, 2});
        assertEquals(1, b.build().size());
    }
}
