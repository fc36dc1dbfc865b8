package org.recsys4j.rank.nn;

import org.recsys4j.core.util.Parallel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The parameter tensors of one model, in creation order: that order is the order of the flat parameter vector
 * ({@link #flatten()}, {@link #load(float[])}) a model file stores and a gradient check perturbs. Holds the
 * Adam moments and applies the step over the slice gradients ({@link #adamStep}). Not thread-safe.
 */
public final class Params {
    private final List<Param> list = new ArrayList<>();
    private long total;

    /** Adds a zero tensor of {@code rows × cols} named {@code name} and returns it. */
    public Param add(String name, int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(name + ": shape " + rows + " x " + cols + ", both must be > 0");
        }
        Param p = new Param(name, list.size(), rows, cols);
        list.add(p);
        total += (long) rows * cols;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + ": the model would have " + total + " parameters, more than an array holds");
        }
        return p;
    }

    /** Returns the number of tensors. */
    public int size() {
        return list.size();
    }

    /** Returns tensor {@code k}. */
    public Param get(int k) {
        return list.get(k);
    }

    /** Returns the tensors in order (unmodifiable). */
    public List<Param> all() {
        return Collections.unmodifiableList(list);
    }

    /** Returns the total number of scalars. */
    public int count() {
        return (int) total;
    }

    /** Returns a zero gradient of every tensor. */
    public Grads newGrads() {
        return new Grads(this);
    }

    /** Fills {@code p} with N(0, std²) draws, row by row. */
    public static void normal(Param p, double std, SplittableRandom rnd) {
        for (float[] r : p.w) {
            for (int j = 0; j < r.length; j++) {
                r[j] = (float) (rnd.nextGaussian() * std);
            }
        }
    }

    /** Fills {@code p} with Glorot (Xavier) normal draws, {@code std = √(2 / (fanIn + fanOut))}. */
    public static void xavierNormal(Param p, int fanIn, int fanOut, SplittableRandom rnd) {
        normal(p, Math.sqrt(2.0 / (fanIn + fanOut)), rnd);
    }

    /** Fills {@code p} with U(−bound, bound) draws (PyTorch's default bias initialisation). */
    public static void uniform(Param p, double bound, SplittableRandom rnd) {
        for (float[] r : p.w) {
            for (int j = 0; j < r.length; j++) {
                r[j] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
            }
        }
    }

    /** Fills {@code p} with {@code v}. */
    public static void fill(Param p, float v) {
        for (float[] r : p.w) {
            java.util.Arrays.fill(r, v);
        }
    }

    /** Returns every value in order: tensor by tensor, row by row. */
    public float[] flatten() {
        float[] out = new float[count()];
        int o = 0;
        for (Param p : list) {
            for (float[] r : p.w) {
                System.arraycopy(r, 0, out, o, r.length);
                o += r.length;
            }
        }
        return out;
    }

    /** Returns the gradient {@code g} flattened in the order of {@link #flatten()}. */
    public float[] flatten(Grads g) {
        float[] out = new float[count()];
        int o = 0;
        for (Param p : list) {
            for (float[] r : g.of(p)) {
                System.arraycopy(r, 0, out, o, r.length);
                o += r.length;
            }
        }
        return out;
    }

    /** Sets every value from {@code flat} (the layout of {@link #flatten()}); resets nothing else. */
    public void load(float[] flat) {
        if (flat.length != count()) {
            throw new IllegalArgumentException("parameters: " + flat.length + " values, the model has " + count());
        }
        int o = 0;
        for (Param p : list) {
            for (float[] r : p.w) {
                System.arraycopy(flat, o, r, 0, r.length);
                o += r.length;
            }
        }
    }

    /**
     * One Adam step of every tensor from the gradients of the slices, summed per element in slice order (so
     * the result does not depend on which thread ran which slice), then zeroed; rows are updated in parallel
     * on {@code team}.
     *
     * @param slices     the slice gradients; all are zeroed
     * @param lr         the learning rate
     * @param beta2      the second-moment decay
     * @param step       the step number, from 1
     * @param team       the threads
     */
    public void adamStep(Grads[] slices, double lr, double beta2, long step, Parallel.Team team) {
        float stepSize = Adam.stepSize(lr, step);
        float invSqrtC2 = Adam.invSqrtC2(beta2, step);
        float b2 = (float) beta2;
        int rows = 0;
        for (Param p : list) {
            rows += p.rows();
        }
        int[] tensorOf = new int[rows];
        int[] rowOf = new int[rows];
        int k = 0;
        for (Param p : list) {
            for (int r = 0; r < p.rows(); r++) {
                tensorOf[k] = p.index();
                rowOf[k++] = r;
            }
        }
        team.forRange(rows, 256, (from, to) -> {
            for (int q = from; q < to; q++) {
                int t = tensorOf[q];
                int r = rowOf[q];
                float[] g0 = slices[0].g[t][r];
                for (int s = 1; s < slices.length; s++) {
                    float[] gs = slices[s].g[t][r];
                    for (int j = 0; j < g0.length; j++) {
                        g0[j] += gs[j];
                    }
                    java.util.Arrays.fill(gs, 0f);
                }
                Param p = list.get(t);
                Adam.stepWithBeta2(p.w[r], p.m1[r], p.m2[r], g0, 0, g0.length, b2, stepSize, invSqrtC2);
            }
        });
    }
}
