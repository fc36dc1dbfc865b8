package org.recsys4j.rank.ctr;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CtrDataTest {
    @Test
    void rowsKeepOrderDuplicatesAndEmptyBags() {
        CtrData d = CtrData.builder(TinyData.SCHEMA)
                .addId(0, 2).addIds(3, 5, 0, 0).addNumeric(1, 0.5).addRow(true)
                .addId(1, 3).addRow(false)
                .build();
        assertEquals(2, d.size());
        assertEquals(3, d.count(3, 0));
        assertEquals(5, d.id(3, 0, 0));
        assertEquals(0, d.id(3, 0, 2));
        assertEquals(0, d.count(2, 0), "empty multi-hot");
        assertEquals(1, d.count(1, 0), "unset single-valued field = OOV");
        assertEquals(0, d.id(1, 0, 0));
        assertEquals(0.5f, d.numeric(0, 1));
        assertEquals(0f, d.numeric(1, 1), "numerics of a new row start at 0");
        assertEquals(1f, d.label(0));
        assertEquals(0f, d.label(1));
        CtrData s = d.select(new int[] {1, 0});
        assertEquals(3, s.id(1, 0, 0));
        CtrData dropped = d.withoutFields(List.of("user", "recent"));
        assertEquals(0, dropped.id(0, 0, 0));
        assertEquals(0, dropped.count(3, 0));
        assertEquals(3, dropped.id(1, 1, 0), "other fields unchanged");
    }

    @Test
    void unknownIdsAndNonFiniteNumericsAreRepairedAndCounted() {
        CtrData d = CtrData.builder(TinyData.SCHEMA)
                .addId(0, 99).addIds(3, -1, 2, 6).addNumeric(0, Double.NaN).addNumeric(2, Double.POSITIVE_INFINITY).addRow()
                .build();
        assertEquals(0, d.id(0, 0, 0), "user 99 of 5 -> OOV");
        assertEquals(0, d.id(3, 0, 0));
        assertEquals(2, d.id(3, 0, 1));
        assertEquals(0, d.id(3, 0, 2), "recent 6 of 6 -> OOV");
        assertEquals(3, d.oovReplaced());
        assertEquals(0f, d.numeric(0, 0));
        assertEquals(0f, d.numeric(0, 2));
        assertEquals(2, d.nonFiniteReplaced());
        assertTrue(!d.hasLabels());
        // the model scores such a row exactly like the repaired one, for every architecture
        CtrData same = CtrData.builder(TinyData.SCHEMA).addId(0, 0).addIds(3, 0, 2, 0).addRow().build();
        for (ModelType t : ModelType.values()) {
            CtrModel m = CtrModel.create(TinyData.spec(t), TinyData.SCHEMA, 1);
            assertEquals(m.logit(same, 0), m.logit(d, 0), 0.0, t.label());
        }
    }

    @Test
    void badBuildsAreNamed() {
        // the builder only stores; build() names the row and the field
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CtrData.builder(TinyData.SCHEMA).addId(0, 1).addId(0, 2).addRow().build());
        assertTrue(e.getMessage().contains("'user'") && e.getMessage().contains("single-valued"), e.getMessage());
        assertTrue(e.getMessage().endsWith("in row 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CtrData.builder(TinyData.SCHEMA).addRow().addId(9, 1).addRow().build());
        assertEquals("field: 9 in row 1, must be in [0, 5)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CtrData.builder(TinyData.SCHEMA).addNumeric(3, 1).addRow().build());
        assertEquals("numeric: 3 in row 0, must be in [0, 3)", e.getMessage());
        assertThrows(NullPointerException.class, () -> CtrData.builder(TinyData.SCHEMA).addIds(3, (int[]) null).build());
        e = assertThrows(IllegalArgumentException.class, () -> TinyData.SCHEMA.field("nope"));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CtrModel.create(
                ModelSpec.embeddingMlp(List.of("user", "age"), List.of(), 3, 4), TinyData.SCHEMA, 1));
        assertTrue(e.getMessage().contains("'age'"), e.getMessage());
        CtrSchema.Builder zeroCardinality = CtrSchema.builder().addCategorical("a", 0);   // only recorded
        e = assertThrows(IllegalArgumentException.class, zeroCardinality::build);
        assertTrue(e.getMessage().contains("cardinality"), e.getMessage());
    }
}
