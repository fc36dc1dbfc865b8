package org.recsys4j.rank.ctr;

import org.recsys4j.core.vector.Vectors;

import java.util.Random;

/**
 * A stack of fully connected layers inside a model's flat parameter array: ReLU after every layer
 * but the last. Weights are stored input-major ({@code w[wOff + i*out + o]}) so that the forward pass
 * and the weight gradient are {@code axpy}s over output rows and skip zero inputs (ReLU zeros).
 */
final class Mlp {
    final int[] sizes;
    final int[] wOff;
    final int[] bOff;

    Mlp(int[] sizes, int firstOffset) {
        this.sizes = sizes.clone();
        int layers = sizes.length - 1;
        wOff = new int[layers];
        bOff = new int[layers];
        int at = firstOffset;
        for (int l = 0; l < layers; l++) {
            wOff[l] = at;
            at += sizes[l] * sizes[l + 1];
            bOff[l] = at;
            at += sizes[l + 1];
        }
    }

    int layers() {
        return sizes.length - 1;
    }

    int paramCount() {
        int n = 0;
        for (int l = 0; l < layers(); l++) {
            n += sizes[l] * sizes[l + 1] + sizes[l + 1];
        }
        return n;
    }

    int end() {
        return bOff[layers() - 1] + sizes[layers()];
    }

    /** PyTorch's default {@code nn.Linear} initialisation: weights and biases U(−1/√fan_in, 1/√fan_in). */
    void init(float[] w, Random r) {
        for (int l = 0; l < layers(); l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double bound = 1.0 / Math.sqrt(in);
            // torch draws W as [out][in]; we store [in][out]
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    w[wOff[l] + i * out + o] = (float) ((r.nextDouble() * 2 - 1) * bound);
                }
            }
            for (int o = 0; o < out; o++) {
                w[bOff[l] + o] = (float) ((r.nextDouble() * 2 - 1) * bound);
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

    /** act[0] is the input; fills act[1..]. */
    void forward(float[] w, float[][] act) {
        int layers = layers();
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] x = act[l];
            float[] y = act[l + 1];
            System.arraycopy(w, bOff[l], y, 0, out);
            int base = wOff[l];
            for (int i = 0; i < in; i++) {
                float xi = x[i];
                if (xi != 0f) {
                    Vectors.axpy(xi, w, base + i * out, y, 0, out);
                }
            }
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
     * Back-propagates {@code dAct[layers]} (the output gradient): accumulates weight and bias gradients into
     * {@code g} and writes the input gradient into {@code dAct[0]}. Overwrites {@code dAct[1..]}.
     */
    void backward(float[] w, float[] g, float[][] act, float[][] dAct) {
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
            float[] dx = dAct[l];
            int base = wOff[l];
            boolean inputLayer = l == 0;
            for (int i = 0; i < in; i++) {
                float xi = x[i];
                int row = base + i * out;
                if (xi != 0f) {
                    Vectors.axpy(xi, dz, 0, g, row, out);
                }
                // a zero input of a hidden layer is an inactive ReLU: its gradient is masked anyway
                dx[i] = inputLayer || xi != 0f ? Vectors.dot(w, row, dz, 0, out) : 0f;
            }
        }
    }
}
