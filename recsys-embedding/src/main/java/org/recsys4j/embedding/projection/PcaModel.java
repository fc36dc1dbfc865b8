package org.recsys4j.embedding.projection;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.vector.Vectors;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Returns the coordinates of vectors on the principal axes fitted by {@link Pca}: coordinate
 * {@code c} of a vector {@code x} is {@code aₖ · (x − μ)} with {@code aₖ} the unit axis and {@code μ}
 * the mean of the fitted rows (after scaling {@code x} to unit length when the PCA was fitted on unit
 * rows). Also reports how much of the variance each axis keeps. Immutable and thread-safe.
 */
public final class PcaModel {
    private final int dim;
    private final int components;
    private final boolean unitRows;
    private final double[] mean;
    private final double[] axes;
    private final double[] variance;
    private final double[] ratio;
    private final double totalVariance;
    private final int samples;

    PcaModel(int dim, int components, boolean unitRows, double[] mean, double[] axes, double[] variance,
             double[] ratio, double totalVariance, int samples) {
        this.dim = dim;
        this.components = components;
        this.unitRows = unitRows;
        this.mean = mean;
        this.axes = axes;
        this.variance = variance;
        this.ratio = ratio;
        this.totalVariance = totalVariance;
        this.samples = samples;
    }

    /** Returns the dimension of the vectors it projects. */
    public int dim() {
        return dim;
    }

    /** Returns the number of axes (the dimension of a projection). */
    public int components() {
        return components;
    }

    /** Returns whether inputs are scaled to unit length before centring. */
    public boolean unitRows() {
        return unitRows;
    }

    /** Returns the number of rows the axes were fitted on. */
    public int samples() {
        return samples;
    }

    /** Returns a copy of the mean of the fitted rows (of the unit rows with {@link #unitRows()}). */
    public double[] mean() {
        return mean.clone();
    }

    /**
     * Returns a copy of axis {@code c}: a unit vector of {@link #dim()} components, its component of
     * largest absolute value positive.
     *
     * @param c an axis in {@code [0, components())}, 0 the axis of largest variance
     * @return the axis
     * @throws IndexOutOfBoundsException naming the axis and the number of axes
     */
    public double[] axis(int c) {
        if (c < 0 || c >= components) {
            throw new IndexOutOfBoundsException("axis " + c + ", the model has " + components + " axes");
        }
        return Arrays.copyOfRange(axes, c * dim, (c + 1) * dim);
    }

    /** Returns the sample variance of the fitted rows along each axis, largest first. */
    public double[] explainedVariance() {
        return variance.clone();
    }

    /**
     * Returns the share of the total variance each axis keeps, in [0, 1], largest first; all 0 when the
     * fitted rows were all equal.
     */
    public double[] explainedVarianceRatio() {
        return ratio.clone();
    }

    /** Returns the total sample variance of the fitted rows (the sum over all {@link #dim()} axes). */
    public double totalVariance() {
        return totalVariance;
    }

    /**
     * Returns the coordinates of one vector on the axes.
     *
     * @param vector {@link #dim()} values (not modified)
     * @return {@link #components()} coordinates
     * @throws IllegalArgumentException if the vector does not have {@link #dim()} values
     */
    public double[] project(float[] vector) {
        Objects.requireNonNull(vector, "vector");
        if (vector.length != dim) {
            throw new IllegalArgumentException("vector: " + vector.length + " values, the model projects "
                    + dim + "-dimensional vectors");
        }
        double[] x = new double[dim];
        double[] out = new double[components];
        load(vector.clone(), x);
        for (int c = 0; c < components; c++) {
            out[c] = Vectors.dot(axes, c * dim, x, 0, dim);
        }
        return out;
    }

    /**
     * Returns the coordinates of every row of a table, row-major: row {@code i} at
     * {@code [i * components(), (i + 1) * components())}.
     *
     * @param table vectors of {@link #dim()} columns
     * @return {@code table.size() × components()} coordinates
     * @throws IllegalArgumentException if the table's dimension is not {@link #dim()}
     */
    public float[] project(EmbeddingTable table) {
        Objects.requireNonNull(table, "table");
        return project(table, IntStream.range(0, table.size()).toArray());
    }

    /**
     * Returns the coordinates of some rows of a table, row-major in the order of {@code rows}: row
     * {@code rows[p]} at {@code [p * components(), (p + 1) * components())}.
     *
     * @param table vectors of {@link #dim()} columns
     * @param rows  dense row indices of {@code table}
     * @return {@code rows.length × components()} coordinates
     * @throws IllegalArgumentException naming the argument: a table of another dimension, or a row out of range
     */
    public float[] project(EmbeddingTable table, int[] rows) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(rows, "rows");
        if (table.dim() != dim) {
            throw new IllegalArgumentException("table: dim " + table.dim() + ", the model projects " + dim
                    + "-dimensional vectors");
        }
        for (int p = 0; p < rows.length; p++) {
            if (rows[p] < 0 || rows[p] >= table.size()) {
                throw new IllegalArgumentException("rows[" + p + "]: " + rows[p] + ", the table has " + table.size()
                        + " rows");
            }
        }
        float[] f = new float[dim];
        double[] x = new double[dim];
        float[] out = new float[rows.length * components];
        for (int p = 0; p < rows.length; p++) {
            load(table.row(rows[p], f), x);
            for (int c = 0; c < components; c++) {
                out[p * components + c] = (float) Vectors.dot(axes, c * dim, x, 0, dim);
            }
        }
        return out;
    }

    /** Sets {@code x} to the centred (and, with unit rows, normalised) vector {@code f}; {@code f} may change. */
    private void load(float[] f, double[] x) {
        if (unitRows) {
            Vectors.normalize(f, 0, dim);
        }
        for (int j = 0; j < dim; j++) {
            x[j] = f[j] - mean[j];
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("PcaModel[").append(dim).append(" → ").append(components)
                .append(", fitted on ").append(samples).append(" rows").append(unitRows ? " (unit)" : "")
                .append(", explained variance ratio");
        for (double r : ratio) {
            s.append(String.format(Locale.ROOT, " %.3f", r));
        }
        return s.append(']').toString();
    }
}
