package org.recsys4j.rank.ctr;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /**
     * Training in blocks ({@link CtrModel#trainBlock}: per-row inputs, the MLP batched over the block) gives the
     * gradient of row-by-row {@link CtrModel#backward} (up to the order of the sums), with DIEN's auxiliary loss on,
     * for blocks of 1 to {@link Workspace#BLOCK} rows (the four-row kernels and their remainders).
     */
    @ParameterizedTest
    @EnumSource(ModelType.class)
    void blockTrainingGivesTheRowByRowGradient(ModelType type) {
        CtrData d = TinyData.random(Workspace.BLOCK * 2 + 7, 13);
        CtrModel m = CtrModel.create(TinyData.spec(type), TinyData.SCHEMA, 4);
        if (!m.blockTrainable()) {
            return;
        }
        Random r = new Random(6);
        for (float[] a : m.arrays) {
            for (int j = 0; j < a.length; j++) {
                a[j] = (float) (r.nextDouble() - 0.5);
            }
        }
        m.syncTransposed();
        int n = d.size();
        float scale = 1f / n;
        Workspace rows = new Workspace(m, true);
        Workspace blocks = new Workspace(m, true);
        for (Workspace w : new Workspace[] {rows, blocks}) {
            w.auxSeed = 42;
            w.auxScale = scale;
        }
        double rowLoss = 0;
        for (int i = 0; i < n; i++) {
            float z = m.forward(d, i, rows);
            rowLoss += CtrTrainer.logLoss(z, d.label(i));
            m.backward(d, i, rows, (float) ((CtrModel.sigmoid(z) - d.label(i)) * scale));
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = n - 1 - i;
        }
        double blockLoss = 0;
        int[] sizes = {1, 3, Workspace.BLOCK, 4, Workspace.BLOCK, 100};
        for (int k = 0, s = 0; k < n; k += sizes[s], s++) {
            blockLoss += m.trainBlock(d, perm, k, Math.min(Math.min(sizes[s], Workspace.BLOCK), n - k), blocks, scale);
            if (sizes[s] > Workspace.BLOCK) {
                k -= sizes[s] - Workspace.BLOCK;
            }
        }
        assertEquals(rowLoss, blockLoss, 1e-4 * Math.abs(rowLoss), type + ": loss");
        double num2 = 0;
        double diff2 = 0;
        for (int a = 0; a < m.arrays.length; a++) {
            for (int j = 0; j < m.arrays[a].length; j++) {
                double x = rows.grads[a][j];
                double y = blocks.grads[a][j];
                num2 += x * x;
                diff2 += (x - y) * (x - y);
            }
        }
        assertTrue(num2 > 0, type + ": zero gradient");
        assertTrue(Math.sqrt(diff2 / num2) < 1e-5, type + ": relative difference " + Math.sqrt(diff2 / num2));
    }
}
