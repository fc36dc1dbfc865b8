package org.recsys4j.rank.nn;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Gru}: PyTorch's numbers, the AUGRU's limits, padding, and backprop against central finite differences
 * of a random linear function of every state and the final states (parameters, inputs, attention, initial state).
 */
class GruTest {
    /**
     * torch.nn.GRU(3, 2, batch_first=True) in float64 with parameter k (in state-dict order, row-major) = sin(0.7k + 0.3)
     * and x[t][j] = cos(0.5(3t + j)) over 4 steps: output and h_n as PyTorch 1.13 prints them.
     */
    @Test
    void matchesPyTorch() {
        Gru gru = new Gru(3, 2);
        assertEquals(42, gru.parameterCount());
        float[] w = new float[gru.parameterCount() + 5];
        for (int k = 0; k < gru.parameterCount(); k++) {
            w[5 + k] = (float) Math.sin(0.7 * k + 0.3);
        }
        float[] x = new float[12];
        for (int k = 0; k < 12; k++) {
            x[k] = (float) Math.cos(0.5 * k);
        }
        Gru.Scratch s = gru.newScratch();
        gru.forward(w, 5, x, new int[]{4}, 1, 4, null, null, s);
        double[] torchOut = {-0.40906861461275157, -0.22448464369708898, -0.38054178539875183, -0.4510161811382653,
                -0.4090851805615278, 0.5178836938574327, -0.6492549133179659, 0.041294464729238145};
        for (int k = 0; k < 8; k++) {
            assertEquals(torchOut[k], s.outputs()[k], 2e-6, "output " + k);
        }
        assertEquals(-0.6492549133179659, s.last()[0], 2e-6);
        assertEquals(0.041294464729238145, s.last()[1], 2e-6);
    }

    @Test
    void attentionOneIsTheGruAndZeroKeepsTheState() {
        Gru gru = new Gru(4, 3);
        Random r = new Random(1);
        float[] w = new float[gru.parameterCount()];
        gru.init(w, 0, r);
        int[] len = {5, 2, 0};
        float[] x = random(r, 3 * 5 * 4);
        float[] h0 = random(r, 9);
        Gru.Scratch a = gru.newScratch();
        Gru.Scratch b = gru.newScratch();
        gru.forward(w, 0, x, len, 3, 5, null, h0, a);
        float[] ones = new float[15];
        java.util.Arrays.fill(ones, 1f);
        gru.forward(w, 0, x, len, 3, 5, ones, h0, b);
        assertArrayEquals(java.util.Arrays.copyOf(a.outputs(), 45), java.util.Arrays.copyOf(b.outputs(), 45));
        assertArrayEquals(java.util.Arrays.copyOf(a.last(), 9), java.util.Arrays.copyOf(b.last(), 9));
        // padded steps are zero; an empty sequence ends in h0
        for (int t = 2; t < 5; t++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(0f, a.outputs()[(5 + t) * 3 + j]);
            }
        }
        for (int j = 0; j < 3; j++) {
            assertEquals(h0[6 + j], a.last()[6 + j]);
            assertEquals(a.outputs()[(5 + 1) * 3 + j], a.last()[3 + j]); // length 2: the state after step 1
        }
        gru.forward(w, 0, x, len, 3, 5, new float[15], h0, b);
        for (int j = 0; j < 9; j++) {
            assertEquals(h0[j], b.last()[j], 0f, "attention 0 keeps the initial state");
        }
    }

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static double loss(Gru gru, float[] w, float[] x, int[] len, int batch, int maxLen, float[] att, float[] h0,
                               Gru.Scratch s, float[] cOut, float[] cLast) {
        gru.forward(w, 3, x, len, batch, maxLen, att, h0, s);
        double l = 0;
        for (int k = 0; k < cOut.length; k++) {
            l += (double) cOut[k] * s.outputs()[k];
        }
        for (int k = 0; k < cLast.length; k++) {
            l += (double) cLast[k] * s.last()[k];
        }
        return l;
    }

    private record Check(double rel, double max) {
    }

    /** Central differences of {@code loss} in every coordinate of {@code p} against {@code analytic}. */
    private static Check check(float[] p, int from, int n, double[] analytic, java.util.function.DoubleSupplier loss) {
        double h = 2e-3;
        double num2 = 0;
        double diff2 = 0;
        double max = 0;
        for (int k = 0; k < n; k++) {
            float orig = p[from + k];
            p[from + k] = (float) (orig + h);
            double up = loss.getAsDouble();
            p[from + k] = (float) (orig - h);
            double down = loss.getAsDouble();
            p[from + k] = orig;
            double numeric = (up - down) / (2 * h);
            num2 += numeric * numeric;
            diff2 += (numeric - analytic[k]) * (numeric - analytic[k]);
            max = Math.max(max, Math.abs(numeric - analytic[k]));
        }
        assertTrue(num2 > 0, "zero gradient");
        return new Check(Math.sqrt(diff2 / num2), max);
    }

    private static double[] toDouble(float[] a, int from, int n) {
        double[] d = new double[n];
        for (int k = 0; k < n; k++) {
            d[k] = a[from + k];
        }
        return d;
    }

    private void gradientCheck(boolean attention, boolean initial) {
        Gru gru = new Gru(4, 3);
        Random r = new Random(attention ? 11 : 7);
        int batch = 3;
        int maxLen = 5;
        int[] len = {5, 3, 0};
        float[] w = new float[gru.parameterCount() + 3];
        gru.init(w, 3, r);
        for (int k = 3; k < w.length; k++) {
            w[k] *= 2; // away from the small initial values, so the gates are not near-linear
        }
        float[] x = random(r, batch * maxLen * 4);
        float[] att = attention ? new float[batch * maxLen] : null;
        if (attention) {
            for (int k = 0; k < att.length; k++) {
                att[k] = (float) r.nextDouble();
            }
        }
        float[] h0 = initial ? random(r, batch * 3) : null;
        float[] cOut = random(r, batch * maxLen * 3);
        float[] cLast = random(r, batch * 3);
        Gru.Scratch s = gru.newScratch();
        loss(gru, w, x, len, batch, maxLen, att, h0, s, cOut, cLast);
        float[] g = new float[gru.parameterCount() + 7];
        float[] dx = new float[x.length];
        java.util.Arrays.fill(dx, 9f); // written, not accumulated
        float[] dAtt = new float[batch * maxLen];
        java.util.Arrays.fill(dAtt, 9f);
        float[] dh0 = new float[batch * 3];
        gru.backward(w, 3, g, 7, s, cOut, cLast, dx, dAtt, dh0);
        java.util.function.DoubleSupplier f = () -> loss(gru, w, x, len, batch, maxLen, att, h0, s, cOut, cLast);
        String what = (attention ? "AUGRU" : "GRU") + (initial ? " with h0" : "");
        Check cw = check(w, 3, gru.parameterCount(), toDouble(g, 7, gru.parameterCount()), f);
        assertTrue(cw.rel < 1e-2 && cw.max < 3e-3, what + ", parameters: " + cw);
        Check cx = check(x, 0, x.length, toDouble(dx, 0, dx.length), f);
        assertTrue(cx.rel < 1e-2 && cx.max < 3e-3, what + ", inputs: " + cx);
        for (int t = 0; t < maxLen; t++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(0f, dx[(2 * maxLen + t) * 4 + j], "padded input gradient");
            }
        }
        if (attention) {
            Check ca = check(att, 0, att.length, toDouble(dAtt, 0, dAtt.length), f);
            assertTrue(ca.rel < 1e-2 && ca.max < 3e-3, what + ", attention: " + ca);
        } else {
            for (float v : dAtt) {
                assertEquals(0f, v, "a plain GRU has no attention gradient");
            }
        }
        if (initial) {
            Check ch = check(h0, 0, h0.length, toDouble(dh0, 0, dh0.length), f);
            assertTrue(ch.rel < 1e-2 && ch.max < 3e-3, what + ", initial state: " + ch);
            for (int j = 0; j < 3; j++) {
                assertEquals(cLast[6 + j], dh0[6 + j], 0f, "an empty sequence passes dLast to h0");
            }
        }
    }

    @Test
    void gruBackpropMatchesFiniteDifferences() {
        gradientCheck(false, false);
    }

    @Test
    void augruBackpropMatchesFiniteDifferences() {
        gradientCheck(true, true);
    }

    @Test
    void gruWithInitialStateBackpropMatchesFiniteDifferences() {
        gradientCheck(false, true);
    }

    @Test
    void rejectsBadShapes() {
        Gru gru = new Gru(2, 2);
        float[] w = new float[gru.parameterCount()];
        Gru.Scratch s = gru.newScratch();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gru.forward(w, 0, new float[8], new int[]{3}, 1, 2, null, null, s));
        assertTrue(e.getMessage().startsWith("lengths[0]: 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> gru.forward(w, 0, new float[3], new int[]{2}, 1, 2, null, null, s));
        assertTrue(e.getMessage().startsWith("x: length 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Gru(0, 2));
        assertThrows(IllegalArgumentException.class, () -> gru.backward(w, 0, w.clone(), 0, s, null, null, null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> gru.forward(w, 0, new float[8], new int[]{2}, 1, 2, null, null, new Gru(2, 2).newScratch()));
    }
}
