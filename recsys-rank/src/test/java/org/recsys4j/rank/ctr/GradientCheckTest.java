package org.recsys4j.rank.ctr;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backprop against central finite differences of the mean log-loss, for every architecture, on a tiny
 * model whose parameters are all moved away from their (partly zero) initial values. Float parameters:
 * with h = 2e-4 the difference quotient is good to about 1e-4 (the logit is a float), so the check is on the relative error of
 * the whole gradient vector (1e-2) and on each coordinate (absolute 2e-3).
 */
class GradientCheckTest {
    private static double loss(CtrModel m, CtrData d, Workspace ws) {
        double s = 0;
        for (int i = 0; i < d.size(); i++) {
            double z = m.forward(d, i, ws);
            double y = d.label(i);
            s += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
        }
        return s / d.size();
    }

    @ParameterizedTest
    @EnumSource(ModelType.class)
    void backpropMatchesFiniteDifferences(ModelType type) {
        CtrData d = TinyData.random(7, 11);
        CtrModel m = CtrModel.create(TinyData.spec(type), TinyData.SCHEMA, 3);
        Random r = new Random(5);
        for (float[] a : m.arrays) {
            for (int j = 0; j < a.length; j++) {
                a[j] = (float) (r.nextDouble() - 0.5);
            }
        }
        m.syncTransposed();
        Workspace ws = new Workspace(m, true);
        for (int i = 0; i < d.size(); i++) {
            float z = m.forward(d, i, ws);
            m.backward(d, i, ws, (float) ((CtrModel.sigmoid(z) - d.label(i)) / d.size()));
        }
        double h = 2e-4;
        double num2 = 0;
        double diff2 = 0;
        double maxDiff = 0;
        for (int a = 0; a < m.arrays.length; a++) {
            float[] p = m.arrays[a];
            for (int j = 0; j < p.length; j++) {
                float orig = p[j];
                p[j] = (float) (orig + h);
                double up = loss(m, d, ws);
                p[j] = (float) (orig - h);
                double down = loss(m, d, ws);
                p[j] = orig;
                double numeric = (up - down) / (2 * h);
                double analytic = ws.grads[a][j];
                num2 += numeric * numeric;
                diff2 += (numeric - analytic) * (numeric - analytic);
                maxDiff = Math.max(maxDiff, Math.abs(numeric - analytic));
            }
        }
        double rel = Math.sqrt(diff2) / Math.sqrt(num2);
        assertTrue(num2 > 0, type + ": zero gradient");
        assertTrue(rel < 1e-2, type + ": relative gradient error " + rel);
        assertTrue(maxDiff < 2e-3, type + ": max coordinate error " + maxDiff);
    }
}
