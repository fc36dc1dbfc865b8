package org.recsys4j.rank.nn;

/**
 * One parameter tensor of a model: a {@code rows × cols} matrix held as one array per row (so the row kernels
 * of {@link Mat} run offset-free, which C2 vectorises), with Adam's two moment matrices. Its gradient lives in
 * a {@link Grads} (one per data-parallel slice), at {@link #index()}. Created by {@link Params#add}.
 */
public final class Param {
    private final String name;
    private final int index;
    final float[][] w;
    final float[][] m1;
    final float[][] m2;

    Param(String name, int index, int rows, int cols) {
        this.name = name;
        this.index = index;
        this.w = new float[rows][cols];
        this.m1 = new float[rows][cols];
        this.m2 = new float[rows][cols];
    }

    /** Returns the name (e.g. {@code block0.attn.wq}), as saved files and gradient checks name it. */
    public String name() {
        return name;
    }

    /** Returns the position of this tensor in its {@link Params} (and of its gradient in a {@link Grads}). */
    public int index() {
        return index;
    }

    /** Returns the number of rows. */
    public int rows() {
        return w.length;
    }

    /** Returns the number of columns. */
    public int cols() {
        return w[0].length;
    }

    /** Returns the value rows (live, not a copy). */
    public float[][] value() {
        return w;
    }

    /** Returns row {@code r} (live). */
    public float[] row(int r) {
        return w[r];
    }
}
