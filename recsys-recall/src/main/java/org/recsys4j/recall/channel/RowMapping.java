package org.recsys4j.recall.channel;

import org.recsys4j.core.data.IdIndex;

import java.util.Arrays;

/**
 * Maps the rows of an embedding table or vector index to the pipeline's dense item indices and back,
 * by external id. Rows or items without a counterpart map to -1.
 */
final class RowMapping {
    private final int[] itemOfRow;
    private final int[] rowOfItem;

    private RowMapping(int[] itemOfRow, int[] rowOfItem) {
        this.itemOfRow = itemOfRow;
        this.rowOfItem = rowOfItem;
    }

    /** Returns the mapping between the rows' ids and the items' ids. */
    static RowMapping of(IdIndex rows, IdIndex items) {
        int[] itemOfRow = new int[rows.size()];
        int[] rowOfItem = new int[items.size()];
        Arrays.fill(rowOfItem, -1);
        for (int r = 0; r < itemOfRow.length; r++) {
            int i = rows.isNumeric() ? items.indexOf(rows.longId(r)) : items.indexOf(rows.id(r));
            itemOfRow[r] = i;
            if (i >= 0) {
                rowOfItem[i] = r;
            }
        }
        return new RowMapping(itemOfRow, rowOfItem);
    }

    /** Returns the item of a row, or -1. */
    int itemOf(int row) {
        return row >= 0 && row < itemOfRow.length ? itemOfRow[row] : -1;
    }

    /** Returns the row of an item, or -1. */
    int rowOf(int item) {
        return item >= 0 && item < rowOfItem.length ? rowOfItem[item] : -1;
    }

    /** Returns the number of rows that map to an item. */
    int mapped() {
        int n = 0;
        for (int i : itemOfRow) {
            if (i >= 0) {
                n++;
            }
        }
        return n;
    }
}
