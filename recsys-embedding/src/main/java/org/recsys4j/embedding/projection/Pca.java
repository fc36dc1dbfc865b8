package org.recsys4j.embedding.projection;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.vector.Vectors;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Fits a principal component analysis of the rows of an {@link EmbeddingTable} (all rows, or a
 * subset): the {@link #components()} directions of largest variance, to draw a table on a 2-D map or
 * to reduce its dimension. Exact, not iterative: the rows are centred on their mean, their
 * d × d sample covariance {@code C = Σ (x − μ)(x − μ)ᵀ / (n − 1)} is accumulated in double precision,
 * and its symmetric eigendecomposition (ejml's QR algorithm) gives the axes, sorted by eigenvalue
 * (largest first). Cost: n·d² for the covariance plus d³ for the decomposition, a few milliseconds
 * for 10,000 rows of 32 components.
 *
 * <p><b>Signs.</b> An axis is defined up to its sign; this one picks the sign that makes the axis's
 * component of largest absolute value positive (the first such component on a tie), so one table
 * always gives the same picture.
 *
 * <p><b>Unit rows.</b> With {@link Builder#withUnitRows(boolean) withUnitRows(true)} every row is scaled to
 * length 1 before centring (a zero row stays zero), and {@link PcaModel#project} scales its input
 * the same way: the right choice for embeddings compared by cosine (item2vec, DeepWalk, Node2vec),
 * whose lengths mostly encode item frequency rather than meaning.
 *
 * <p>Reference: K. Pearson, "On lines and planes of closest fit to systems of points in space",
 * Philosophical Magazine 2(11), 1901. Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * PcaModel pca = Pca.builder().withComponents(2).withUnitRows(true).build().fit(itemVectors);
 * float[] xy = pca.project(itemVectors);          // row i at xy[2 * i], xy[2 * i + 1]
 * double[] ratio = pca.explainedVarianceRatio();  // share of the variance each axis keeps
 * }</pre>
 */
public final class Pca {
    /** The default number of components, for a 2-D map. */
    public static final int DEFAULT_COMPONENTS = 2;
    /** By default rows are taken as they are, not scaled to unit length. */
    public static final boolean DEFAULT_UNIT_ROWS = false;

    private final int components;
    private final boolean unitRows;

    private Pca(Builder b) {
        this.components = b.components;
        this.unitRows = b.unitRows;
    }

    /**
     * Returns a builder whose options start at the {@code DEFAULT_*} values: {@value #DEFAULT_COMPONENTS}
     * components and rows taken as they are.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the number of axes fitted. */
    public int components() {
        return components;
    }

    /** Returns whether rows are scaled to unit length before centring. */
    public boolean unitRows() {
        return unitRows;
    }

    /**
     * Fits the axes on every row of a table.
     *
     * @param table the vectors; at least 2 rows and at least {@link #components()} columns
     * @return the fitted projection
     * @throws IllegalArgumentException if the table has fewer than 2 rows or fewer columns than components
     */
    public PcaModel fit(EmbeddingTable table) {
        Objects.requireNonNull(table, "table");
        return fit(table, IntStream.range(0, table.size()).toArray());
    }

    /**
     * Fits the axes on some rows of a table (e.g. the most-rated items, whose vectors are the best
     * trained); the model can then project any row.
     *
     * @param table the vectors; at least {@link #components()} columns
     * @param rows  dense row indices of {@code table}, at least 2 (a repeated row counts twice)
     * @return the fitted projection
     * @throws IllegalArgumentException naming the argument: fewer than 2 rows, a row out of range, or a
     *                                  table with fewer columns than components
     */
    public PcaModel fit(EmbeddingTable table, int[] rows) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(rows, "rows");
        int d = table.dim();
        if (components > d) {
            throw new IllegalArgumentException("components: " + components + ", the table has only " + d
                    + " columns");
        }
        int n = rows.length;
        if (n < 2) {
            throw new IllegalArgumentException("rows: " + n + " row" + (n == 1 ? "" : "s")
                    + ", PCA needs at least 2");
        }
        for (int p = 0; p < n; p++) {
            if (rows[p] < 0 || rows[p] >= table.size()) {
                throw new IllegalArgumentException("rows[" + p + "]: " + rows[p] + ", the table has " + table.size()
                        + " rows");
            }
        }
        // pass 1: the mean
        float[] f = new float[d];
        double[] x = new double[d];
        double[] mean = new double[d];
        for (int r : rows) {
            load(table, r, f, x, unitRows);
            Vectors.axpy(1.0, x, 0, mean, 0, d);
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        // pass 2: the centred scatter matrix (upper triangle, mirrored below)
        double[] scatter = new double[d * d];
        for (int r : rows) {
            load(table, r, f, x, unitRows);
            for (int j = 0; j < d; j++) {
                x[j] -= mean[j];
            }
            for (int j = 0; j < d; j++) {
                Vectors.axpy(x[j], x, j, scatter, j * d + j, d - j);
            }
        }
        double total = 0;
        for (int j = 0; j < d; j++) {
            for (int i = j + 1; i < d; i++) {
                scatter[i * d + j] = scatter[j * d + i];
            }
            total += scatter[j * d + j];
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(new DMatrixRMaj(d, d, true, scatter))) {
            throw new IllegalStateException("the eigendecomposition of the " + d + " × " + d
                    + " covariance did not converge");
        }
        double[] values = new double[d];
        for (int c = 0; c < d; c++) {
            values[c] = Math.max(0, eig.getEigenvalue(c).getReal());   // a PSD matrix: rounding noise below 0
        }
        Integer[] order = new Integer[d];
        Arrays.setAll(order, c -> c);
        Arrays.sort(order, Comparator.comparingDouble((Integer c) -> -values[c]).thenComparingInt(c -> c));
        double[] axes = new double[components * d];
        double[] variance = new double[components];
        double[] ratio = new double[components];
        for (int c = 0; c < components; c++) {
            int e = order[c];
            DMatrixRMaj v = eig.getEigenVector(e);
            double norm = 0;
            int big = 0;
            for (int j = 0; j < d; j++) {
                double a = v.get(j, 0);
                norm += a * a;
                if (Math.abs(a) > Math.abs(v.get(big, 0))) {
                    big = j;
                }
            }
            double scale = (v.get(big, 0) < 0 ? -1 : 1) / Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                axes[c * d + j] = v.get(j, 0) * scale + 0.0;   // + 0.0: no negative zeros
            }
            variance[c] = values[e] / (n - 1);
            ratio[c] = total > 0 ? values[e] / total : 0;
        }
        return new PcaModel(d, components, unitRows, mean, axes, variance, ratio, total / (n - 1), n);
    }

    /** Reads row {@code r} into {@code x} in double precision, scaled to unit length if asked. */
    static void load(EmbeddingTable table, int r, float[] f, double[] x, boolean unit) {
        table.row(r, f);
        if (unit) {
            Vectors.normalize(f, 0, f.length);
        }
        for (int j = 0; j < f.length; j++) {
            x[j] = f[j];
        }
    }

    @Override
    public String toString() {
        return "Pca[components=" + components + ", unitRows=" + unitRows + "]";
    }

    /**
     * Returns {@link Pca} instances. Setters only store; {@link #build()} checks every value and names the one out
     * of range. Not thread-safe.
     */
    public static final class Builder {
        private int components = DEFAULT_COMPONENTS;
        private boolean unitRows = DEFAULT_UNIT_ROWS;

        private Builder() {
        }

        /**
         * Sets the number of axes to fit, at least 1 (and at most the table's dimension, checked at fit time;
         * default {@value Pca#DEFAULT_COMPONENTS}).
         *
         * @param components the number of axes
         * @return this builder
         */
        public Builder withComponents(int components) {
            this.components = components;
            return this;
        }

        /**
         * Sets whether each row is scaled to unit length before centring (for cosine embeddings); default
         * {@value Pca#DEFAULT_UNIT_ROWS}.
         *
         * @param unitRows true to fit and project directions instead of raw vectors
         * @return this builder
         */
        public Builder withUnitRows(boolean unitRows) {
            this.unitRows = unitRows;
            return this;
        }

        /**
         * Returns the configured PCA.
         *
         * @return the estimator
         * @throws IllegalArgumentException naming {@code components} if it is below 1
         */
        public Pca build() {
            if (components < 1) {
                throw new IllegalArgumentException("components: " + components + ", must be >= 1");
            }
            return new Pca(this);
        }
    }
}
