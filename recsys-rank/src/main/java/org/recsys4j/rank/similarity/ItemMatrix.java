package org.recsys4j.rank.similarity;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.IdMapping;
import org.recsys4j.core.vector.Vectors;

import java.util.Arrays;
import java.util.Objects;

/**
 * Returns item vectors by dense item index: the rows of an {@link EmbeddingTable} re-ordered so that
 * row {@code i} is the vector of item index {@code i} of the pipeline's item {@link IdIndex} (usually
 * the {@link org.recsys4j.core.data.ItemCatalog}'s), matched by external id. An item the table has no
 * row for, or an index outside {@code [0, numItems())}, has no vector ({@link #has} is false) and
 * reads as absent rather than failing. So has an item whose row is all zeros or holds a non-finite value
 * ({@link Vectors#isUsable}; e.g. the ALS factors of an item nobody liked): a zero vector scores 0 against
 * every query alike, so it is never ranked. Immutable and thread-safe.
 *
 * <p>A table whose row {@code i} already is item index {@code i} (e.g. ALS factors trained on
 * interactions that use the pipeline's item index, as the catalogue loaders' do) can be wrapped without
 * matching ids with {@link #ofRows(EmbeddingTable, IdIndex)}, which checks that it is.
 *
 * <pre>{@code
 * ItemMatrix m = ItemMatrix.of(item2vec.table(), catalog.items());
 * m.has(catalog.items().indexOf(1L));     // true if item 1 has a vector
 * }</pre>
 */
public final class ItemMatrix {
    private final int dim;
    private final float[] values;   // numItems × dim, zero rows for absent items
    private final boolean[] present;
    private final int covered;

    private ItemMatrix(int dim, float[] values, boolean[] present) {
        this.dim = dim;
        this.values = values;
        this.present = present;
        int c = 0;
        for (boolean p : present) {
            c += p ? 1 : 0;
        }
        this.covered = c;
    }

    /**
     * Returns the table's vectors indexed by {@code items}: row {@code i} is the table's row of id
     * {@code items.id(i)}, if the table has that id.
     *
     * @param table the vectors, keyed by external item id
     * @param items the pipeline's item index
     */
    public static ItemMatrix of(EmbeddingTable table, IdIndex items) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(items, "items");
        int dim = table.dim();
        int n = items.size();
        float[] values = new float[Math.multiplyExact(n, dim)];
        boolean[] present = new boolean[n];
        float[] row = new float[dim];
        IdIndex tableIds = table.ids();
        for (int i = 0; i < n; i++) {
            int r = items.isNumeric() ? tableIds.indexOf(items.longId(i)) : tableIds.indexOf(items.id(i));
            if (r >= 0) {
                table.row(r, row);
                if (Vectors.isUsable(row, 0, dim)) {
                    System.arraycopy(row, 0, values, i * dim, dim);
                    present[i] = true;
                }
            }
        }
        return new ItemMatrix(dim, values, present);
    }

    /**
     * Returns the table's rows as they are, after checking that they are the rows of {@code items}: row
     * {@code i} of the table must be the vector of {@code items.id(i)} (same ids, same order), as for factors
     * trained on interactions that use the pipeline's item index. Skips {@link #of}'s lookups, and refuses a
     * table of other items instead of returning their vectors for the wrong ones (a table saved before items
     * were added to the catalogue).
     *
     * @param table the vectors, one row per item index
     * @param items the pipeline's item index
     * @throws IllegalArgumentException naming both ids fingerprints and how many ids differ if the table's ids
     *                                  are not {@code items} in order (use {@link #of} to match them by id)
     */
    public static ItemMatrix ofRows(EmbeddingTable table, IdIndex items) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(items, "items");
        IdMapping m = IdMapping.of(table.ids(), items);
        if (!m.isIdentity()) {
            throw new IllegalArgumentException("table: " + m.describe() + "; match them by id with ItemMatrix.of(table,"
                    + " items)");
        }
        int dim = table.dim();
        int n = table.size();
        float[] values = new float[Math.multiplyExact(n, dim)];
        float[] row = new float[dim];
        boolean[] present = new boolean[n];
        for (int i = 0; i < n; i++) {
            table.row(i, row);
            if (Vectors.isUsable(row, 0, dim)) {
                System.arraycopy(row, 0, values, i * dim, dim);
                present[i] = true;
            }
        }
        return new ItemMatrix(dim, values, present);
    }

    /** Returns the number of components per vector. */
    public int dim() {
        return dim;
    }

    /** Returns the number of item indices (rows, with or without a vector). */
    public int numItems() {
        return present.length;
    }

    /** Returns the number of items without a vector (item ids the table does not have, zero or non-finite rows). */
    public int missingItems() {
        return present.length - covered;
    }

    /** Returns the number of items that have a vector. */
    public int coveredItems() {
        return covered;
    }

    /** Returns true if item index {@code item} has a vector (false for an index out of range). */
    public boolean has(int item) {
        return item >= 0 && item < present.length && present[item];
    }

    /**
     * Returns a copy of the vector of an item.
     *
     * @throws IllegalArgumentException naming the item if it has no vector
     */
    public float[] vector(int item) {
        if (!has(item)) {
            throw new IllegalArgumentException("item " + item + ": no vector (" + numItems() + " item indices, "
                    + covered + " with a vector)");
        }
        return Arrays.copyOfRange(values, item * dim, (item + 1) * dim);
    }

    /**
     * Returns {@code q·v_item} ({@link Vectors#dot}); the item must have a vector.
     *
     * @param item an item with a vector
     * @param q    {@link #dim()} components
     */
    public float dot(int item, float[] q) {
        return Vectors.dot(values, item * dim, q, 0, dim);
    }

    /**
     * Returns the cosine of the vectors of two items ({@link Vectors#cosine}), or 0 if either has no
     * vector.
     */
    public double cosine(int a, int b) {
        if (!has(a) || !has(b)) {
            return 0;
        }
        return Vectors.cosine(values, a * dim, values, b * dim, dim);
    }

    /**
     * Returns {@code Σ v vᵀ} over every item with a vector, as a row-major {@code dim × dim} double
     * matrix: the Gram matrix of the item factors that implicit-feedback fold-in needs.
     */
    public double[] gram() {
        double[] g = new double[dim * dim];
        double[] v = new double[dim];
        for (int i = 0; i < present.length; i++) {
            if (!present[i]) {
                continue;
            }
            for (int a = 0; a < dim; a++) {
                v[a] = values[i * dim + a];
            }
            for (int a = 0; a < dim; a++) {
                Vectors.axpy(v[a], v, 0, g, a * dim, dim);
            }
        }
        return g;
    }

    /** Returns the values array itself (package use only; never modified). */
    float[] values() {
        return values;
    }

    @Override
    public String toString() {
        return "ItemMatrix[" + numItems() + " items × " + dim + ", " + covered + " with a vector]";
    }
}
