package org.recsys4j.rank.nn;

import org.recsys4j.core.vector.Vectors;

import java.util.SplittableRandom;

/**
 * A dense layer {@code y = x·W + b} (PyTorch's {@code nn.Linear} with {@code W} stored input-major,
 * {@code in × out}), forward and backward over a range of rows through the block kernel
 * {@link Vectors#addProducts} (the output and the input gradient) and {@link Mat#addTransposeTimes} (the weight
 * gradient).
 * The backward pass reads an output-major copy of the weights that {@link #refresh()} renews after each
 * update. Holds parameters only, so one instance serves every thread.
 */
public final class Linear {
    private final Param w;
    private final Param b;
    private final int in;
    private final int out;
    private final float[][] wOutMajor;

    /** Adds {@code name.weight} ({@code in × out}) and, if {@code bias}, {@code name.bias} to {@code params}. */
    public Linear(Params params, String name, int in, int out, boolean bias) {
        this.in = in;
        this.out = out;
        this.w = params.add(name + ".weight", in, out);
        this.b = bias ? params.add(name + ".bias", 1, out) : null;
        this.wOutMajor = new float[out][in];
    }

    /** Returns the weights ({@code in × out}). */
    public Param weight() {
        return w;
    }

    /** Returns the bias, or null without one. */
    public Param bias() {
        return b;
    }

    /** Xavier-normal weights, and U(±1/√in) bias when {@code torchBias} (else 0), as PyTorch's defaults. */
    public void init(SplittableRandom rnd, boolean torchBias) {
        Params.xavierNormal(w, in, out, rnd);
        if (b != null && torchBias) {
            Params.uniform(b, 1 / Math.sqrt(in), rnd);
        }
        refresh();
    }

    /** Renews the output-major copy of the weights the backward pass reads; call after every update. */
    public void refresh() {
        Mat.transpose(w.w, in, out, wOutMajor);
    }

    /** {@code y[i] = x[i]·W + b} for rows {@code [from, to)}. */
    public void forward(float[][] x, float[][] y, int from, int to) {
        float[] bias = b == null ? null : b.w[0];
        for (int i = from; i < to; i++) {
            float[] yi = y[i];
            if (bias == null) {
                java.util.Arrays.fill(yi, 0, out, 0f);
            } else {
                System.arraycopy(bias, 0, yi, 0, out);
            }
        }
        // the rows' products in blocks of four (the same bits as one Mat.addRowTimes per row without SIMD kernels)
        Vectors.addProducts(x, from, to - from, in, w.w, y, from, out);
    }

    /**
     * Back-propagates {@code dy} of rows {@code [from, to)}: adds the weight and bias gradients to
     * {@code grads} and adds {@code dy·Wᵀ} to {@code dx} (skipped when {@code dx} is null).
     */
    public void backward(float[][] x, float[][] dy, float[][] dx, int from, int to, Grads grads) {
        Mat.addTransposeTimes(x, dy, from, to, in, grads.of(w), out);
        if (b != null) {
            float[] db = grads.of(b)[0];
            for (int i = from; i < to; i++) {
                float[] d = dy[i];
                for (int j = 0; j < out; j++) {
                    db[j] += d[j];
                }
            }
        }
        if (dx != null) {
            Vectors.addProducts(dy, from, to - from, out, wOutMajor, dx, from, in);
        }
    }
}
