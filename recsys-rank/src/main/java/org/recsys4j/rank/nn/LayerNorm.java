package org.recsys4j.rank.nn;

/**
 * Layer normalisation over the last dimension, as PyTorch's {@code nn.LayerNorm(d, eps)}: per row
 * {@code y = (x − mean) / √(var + eps) · γ + β} with the biased variance; γ starts at 1, β at 0.
 * Forward and backward over a range of rows, with a {@link Cache} of the normalised rows and the inverse
 * standard deviations. The layer holds parameters only, so one instance serves every thread.
 */
public final class LayerNorm {
    private final Param gamma;
    private final Param beta;
    private final int d;
    private final float eps;

    /** Adds γ ({@code name.weight}) and β ({@code name.bias}) of width {@code d} to {@code params}. */
    public LayerNorm(Params params, String name, int d, float eps) {
        this.d = d;
        this.eps = eps;
        this.gamma = params.add(name + ".weight", 1, d);
        this.beta = params.add(name + ".bias", 1, d);
        Params.fill(gamma, 1f);
    }

    /** A worker's per-row state of the forward pass, for up to {@code maxRows} rows. */
    public static final class Cache {
        final float[][] xhat;
        final float[] rstd;

        /** Creates the state for up to {@code maxRows} rows of width {@code d}. */
        public Cache(int maxRows, int d) {
            xhat = new float[maxRows][d];
            rstd = new float[maxRows];
        }
    }

    /** {@code y[i] = LN(x[i])} for rows {@code [from, to)}; {@code y} may be {@code x}. */
    public void forward(float[][] x, float[][] y, int from, int to, Cache c) {
        float[] g = gamma.w[0];
        float[] b = beta.w[0];
        for (int i = from; i < to; i++) {
            float[] xi = x[i];
            double mean = 0;
            for (int j = 0; j < d; j++) {
                mean += xi[j];
            }
            mean /= d;
            double var = 0;
            for (int j = 0; j < d; j++) {
                double t = xi[j] - mean;
                var += t * t;
            }
            var /= d;
            float rstd = (float) (1 / Math.sqrt(var + eps));
            float m = (float) mean;
            float[] xh = c.xhat[i];
            float[] yi = y[i];
            for (int j = 0; j < d; j++) {
                float h = (xi[j] - m) * rstd;
                xh[j] = h;
                yi[j] = h * g[j] + b[j];
            }
            c.rstd[i] = rstd;
        }
    }

    /**
     * Back-propagates {@code dy} of rows {@code [from, to)}: adds γ's and β's gradients to {@code grads} and
     * writes ({@code accumulate} false) or adds the input gradient to {@code dx}; {@code dx} may be {@code dy}
     * when not accumulating.
     */
    public void backward(float[][] dy, float[][] dx, int from, int to, Cache c, Grads grads, boolean accumulate) {
        float[] g = gamma.w[0];
        float[] dg = grads.of(gamma)[0];
        float[] db = grads.of(beta)[0];
        for (int i = from; i < to; i++) {
            float[] dyi = dy[i];
            float[] xh = c.xhat[i];
            float sum = 0;
            float sumXh = 0;
            for (int j = 0; j < d; j++) {
                float gj = dyi[j] * g[j];
                dg[j] += dyi[j] * xh[j];
                db[j] += dyi[j];
                sum += gj;
                sumXh += gj * xh[j];
            }
            float mean = sum / d;
            float meanXh = sumXh / d;
            float rstd = c.rstd[i];
            float[] dxi = dx[i];
            for (int j = 0; j < d; j++) {
                float v = rstd * (dyi[j] * g[j] - mean - xh[j] * meanXh);
                dxi[j] = accumulate ? dxi[j] + v : v;
            }
        }
    }
}
