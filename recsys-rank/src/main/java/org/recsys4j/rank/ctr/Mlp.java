package org.recsys4j.rank.ctr;

import org.recsys4j.core.vector.Vectors;

import java.util.List;
import java.util.Random;

/**
 * A stack of fully connected layers of a model: ReLU after every layer but the last. The biases live
 * in the model's flat parameter array; each input's weight row ({@code out} floats) is its own array,
 * registered among the model's parameter arrays, so that the forward pass and the weight gradient are
 * offset-free {@code axpy}s, which C2 vectorises (see {@link Vectors#dotPrefix}), and skip zero inputs
 * (ReLU zeros). The input gradient uses a transposed copy of the weights (one array per output, also
 * offset-free), refreshed by {@link #syncTransposed()} after every update.
 */
final class Mlp {
    final int[] sizes;
    final int[] bOff;
    /** rows[l][i] = the weights from input i of layer l to its outputs. */
    final float[][][] rows;
    /** Index of rows[l][i] among the model's parameter arrays. */
    final int[][] rowArray;
    /** cols[l][o] = the weights from every input of layer l to output o (a copy). */
    final float[][][] cols;

    Mlp(int[] sizes, int firstBiasOffset, List<float[]> arrays) {
        this.sizes = sizes.clone();
        int layers = sizes.length - 1;
        bOff = new int[layers];
        rows = new float[layers][][];
        rowArray = new int[layers][];
        cols = new float[layers][][];
        int at = firstBiasOffset;
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            bOff[l] = at;
            at += out;
            rows[l] = new float[in][out];
            rowArray[l] = new int[in];
            for (int i = 0; i < in; i++) {
                rowArray[l][i] = arrays.size();
                arrays.add(rows[l][i]);
            }
            cols[l] = new float[out][in];
        }
    }

    int layers() {
        return sizes.length - 1;
    }

    /** Returns the number of biases (the part of the MLP in the flat array). */
    int biasCount() {
        int n = 0;
        for (int l = 0; l < layers(); l++) {
            n += sizes[l + 1];
        }
        return n;
    }

    /** PyTorch's default {@code nn.Linear} initialisation: weights and biases U(−1/√fan_in, 1/√fan_in). */
    void init(float[] w, Random r) {
        for (int l = 0; l < layers(); l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double bound = 1.0 / Math.sqrt(in);
            for (int o = 0; o < out; o++) {        // torch draws W as [out][in]
                for (int i = 0; i < in; i++) {
                    rows[l][i][o] = (float) ((r.nextDouble() * 2 - 1) * bound);
                }
            }
            for (int o = 0; o < out; o++) {
                w[bOff[l] + o] = (float) ((r.nextDouble() * 2 - 1) * bound);
            }
        }
        syncTransposed();
    }

    /** Copies the weight rows into the transposed copy used by {@link #backward}. */
    void syncTransposed() {
        for (int l = 0; l < layers(); l++) {
            float[][] r = rows[l];
            float[][] c = cols[l];
            for (int i = 0; i < r.length; i++) {
                float[] row = r[i];
                for (int o = 0; o < row.length; o++) {
                    c[o][i] = row[o];
                }
            }
        }
    }

    float[][] buffers() {
        float[][] a = new float[sizes.length][];
        for (int l = 0; l < sizes.length; l++) {
            a[l] = new float[sizes[l]];
        }
        return a;
    }

    /** Returns the largest layer width (the size of the index scratch of {@link #forward} and {@link #backward}). */
    int maxWidth() {
        int m = 0;
        for (int s : sizes) {
            m = Math.max(m, s);
        }
        return m;
    }

    /**
     * Sets {@code y += Σ_k v[nz[k]]·rows[nz[k]]} over the {@code n} listed indices: four rows per pass
     * ({@link Vectors#axpy4}), then the remainder one by one.
     */
    private static void accumulate(float[] v, float[][] rows, int[] nz, int n, float[] y, int len) {
        int k = 0;
        for (; k + 4 <= n; k += 4) {
            int i0 = nz[k];
            int i1 = nz[k + 1];
            int i2 = nz[k + 2];
            int i3 = nz[k + 3];
            Vectors.axpy4(v[i0], rows[i0], v[i1], rows[i1], v[i2], rows[i2], v[i3], rows[i3], y, len);
        }
        for (; k < n; k++) {
            Vectors.axpy(v[nz[k]], rows[nz[k]], y, len);
        }
    }

    /** Lists the indices of the non-zero entries of {@code v[0..n)} in {@code nz}; returns their number. */
    private static int nonZero(float[] v, int n, int[] nz) {
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (v[i] != 0f) {
                nz[c++] = i;
            }
        }
        return c;
    }

    /** act[0] is the input; fills act[1..]. {@code nz} is scratch of at least {@link #maxWidth()} ints. */
    void forward(float[] w, float[][] act, int[] nz) {
        int layers = layers();
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] x = act[l];
            float[] y = act[l + 1];
            System.arraycopy(w, bOff[l], y, 0, out);
            accumulate(x, rows[l], nz, nonZero(x, in, nz), y, out);
            if (l < layers - 1) {
                for (int o = 0; o < out; o++) {
                    if (y[o] < 0f) {
                        y[o] = 0f;
                    }
                }
            }
        }
    }

    /**
     * {@link #forward} of {@code n} rows at once: {@code acts[r][0]} is row r's input; fills {@code acts[r][1..]}
     * (layer by layer, so a layer's weights stay in cache for the block; the same bits as {@link #forward}).
     * {@code nz} is scratch of at least {@link #maxWidth()} ints.
     */
    void forwardRows(float[] w, float[][][] acts, int n, int[] nz) {
        int layers = layers();
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            for (int r = 0; r < n; r++) {
                float[] x = acts[r][l];
                float[] y = acts[r][l + 1];
                System.arraycopy(w, bOff[l], y, 0, out);
                accumulate(x, rows[l], nz, nonZero(x, in, nz), y, out);
                if (l < layers - 1) {
                    for (int o = 0; o < out; o++) {
                        if (y[o] < 0f) {
                            y[o] = 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #backward} of {@code n} rows at once (after {@link #forwardRows} of the same rows): {@code dActs[r][layers]}
     * holds row r's output gradient; accumulates the bias and weight gradients of all rows and writes each row's
     * input gradient into {@code dActs[r][0]}. The weight gradient of input i takes four rows per pass
     * ({@code grad_i += x_0i·dz_0 + … + x_3i·dz_3}, {@link Vectors#axpy4}: one load and store of the gradient row
     * for four rows), so sums are in another order than {@link #backward}'s (last bits).
     */
    void backwardRows(float[] g, float[][] grads, float[][][] acts, float[][][] dActs, int n, int[] nz) {
        for (int l = layers() - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            for (int r = 0; r < n; r++) {
                float[] dz = dActs[r][l + 1];
                if (l < layers() - 1) {
                    float[] y = acts[r][l + 1];
                    for (int o = 0; o < out; o++) {
                        if (y[o] <= 0f) {
                            dz[o] = 0f;
                        }
                    }
                }
                Vectors.axpy(1f, dz, 0, g, bOff[l], out);
            }
            int[] ra = rowArray[l];
            int r = 0;
            for (; r + 4 <= n; r += 4) {
                float[] x0 = acts[r][l];
                float[] x1 = acts[r + 1][l];
                float[] x2 = acts[r + 2][l];
                float[] x3 = acts[r + 3][l];
                float[] d0 = dActs[r][l + 1];
                float[] d1 = dActs[r + 1][l + 1];
                float[] d2 = dActs[r + 2][l + 1];
                float[] d3 = dActs[r + 3][l + 1];
                for (int i = 0; i < in; i++) {
                    float a0 = x0[i];
                    float a1 = x1[i];
                    float a2 = x2[i];
                    float a3 = x3[i];
                    if (a0 != 0f || a1 != 0f || a2 != 0f || a3 != 0f) {
                        Vectors.axpy4(a0, d0, a1, d1, a2, d2, a3, d3, grads[ra[i]], out);
                    }
                }
            }
            for (; r < n; r++) {
                float[] x = acts[r][l];
                float[] dz = dActs[r][l + 1];
                for (int i = 0; i < in; i++) {
                    float xi = x[i];
                    if (xi != 0f) {
                        Vectors.axpy(xi, dz, grads[ra[i]], out);
                    }
                }
            }
            for (int q = 0; q < n; q++) {
                float[] dz = dActs[q][l + 1];
                float[] dx = dActs[q][l];
                java.util.Arrays.fill(dx, 0, in, 0f);
                accumulate(dz, cols[l], nz, nonZero(dz, out, nz), dx, in);
            }
        }
    }

    /**
     * Back-propagates {@code dAct[layers]} (the output gradient): accumulates bias gradients into
     * {@code g} (the flat gradient), weight gradients into {@code grads} (the gradient arrays of the model's
     * parameter arrays) and writes the input gradient into {@code dAct[0]}. Overwrites {@code dAct[1..]}.
     */
    void backward(float[] g, float[][] grads, float[][] act, float[][] dAct, int[] nz) {
        for (int l = layers() - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] dz = dAct[l + 1];
            if (l < layers() - 1) {
                float[] y = act[l + 1];
                for (int o = 0; o < out; o++) {
                    if (y[o] <= 0f) {
                        dz[o] = 0f;
                    }
                }
            }
            Vectors.axpy(1f, dz, 0, g, bOff[l], out);
            float[] x = act[l];
            int[] ra = rowArray[l];
            for (int i = 0; i < in; i++) {
                float xi = x[i];
                if (xi != 0f) {
                    Vectors.axpy(xi, dz, grads[ra[i]], out);
                }
            }
            float[] dx = dAct[l];
            java.util.Arrays.fill(dx, 0f);
            accumulate(dz, cols[l], nz, nonZero(dz, out, nz), dx, in);
        }
    }
}
