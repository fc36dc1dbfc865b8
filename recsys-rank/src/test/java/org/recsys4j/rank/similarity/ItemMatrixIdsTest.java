package org.recsys4j.rank.similarity;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.Fingerprints;
import org.recsys4j.core.data.IdIndex;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ItemMatrix} against a catalogue that changed since the vectors were made (issue 15): {@code ofRows} used
 * to take row {@code i} as item {@code i} unchecked, and after five SKUs were added returned the vectors of other
 * items; it now refuses naming both ids fingerprints, and {@code of} matches by id and counts the new items.
 */
class ItemMatrixIdsTest {
    private static IdIndex skus(String... extra) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(String.format("sku-%02d", i * 5));
        }
        ids.addAll(List.of(extra));
        return IdIndex.stringBuilder().addAll(ids).withSorted(true).build();
    }

    @Test
    void vectorsOfABeforeCatalogueAreRefusedByOfRowsAndMatchedByOf() {
        IdIndex before = skus();
        float[] v = new float[before.size() * 2];
        for (int i = 0; i < before.size(); i++) {
            v[2 * i] = i + 1;   // no zero row: a zero vector is no vector (ZeroVectorsTest)
            v[2 * i + 1] = -i;
        }
        EmbeddingTable table = EmbeddingTable.of(before, 2, v);
        IdIndex after = skus("sku-01", "sku-11", "sku-21", "sku-31", "sku-41");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ItemMatrix.ofRows(table, after));
        assertTrue(e.getMessage().contains(Fingerprints.abbreviate(Fingerprints.ids(before)))
                && e.getMessage().contains(Fingerprints.abbreviate(Fingerprints.ids(after)))
                && e.getMessage().contains("5 of the ids at hand are not in the artifact")
                && e.getMessage().contains("ItemMatrix.of(table, items)"), e.getMessage());

        ItemMatrix m = ItemMatrix.of(table, after);
        assertEquals(after.size(), m.numItems());
        assertEquals(5, m.missingItems());
        assertEquals(20, m.coveredItems());
        for (int i = 0; i < before.size(); i++) {
            String id = before.id(i);
            assertArrayEquals(table.vector(i), m.vector(after.indexOf(id)), id);
        }
        assertFalse(m.has(after.indexOf("sku-11")));
        // the same ids in the same order: ofRows is the table as it is
        assertArrayEquals(table.vector(7), ItemMatrix.ofRows(table, before).vector(7));
    }
}
