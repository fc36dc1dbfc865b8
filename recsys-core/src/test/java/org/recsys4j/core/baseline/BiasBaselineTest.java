package org.recsys4j.core.baseline;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.Interactions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BiasBaselineTest {
    /** u0: i0=4, i1=2; u1: i0=5. */
    private static Interactions tiny() {
        return TinyData.of(2, 3, new double[][] {{0, 0, 4}, {0, 1, 2}, {1, 0, 5}});
    }

    @Test
    void aRepeatedPairIsAnErrorNotASilentChoiceOfRow() {
        // a second rating of (u1, i0): which one counts is a Feedback policy's choice, not the trainer's
        Interactions repeated = TinyData.of(2, 3, new double[][] {{0, 0, 4}, {0, 1, 2}, {1, 0, 5}, {1, 0, 1}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BiasBaseline.builder().build().fit(repeated));
        assertTrue(e.getMessage().startsWith("BiasBaseline.fit: train: 1 row repeat a (user, item) pair, the first "
                + "(user 1, item 0) at rows 2 and 3"), e.getMessage());
        assertTrue(e.getMessage().contains("Feedback"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UserKnn.builder().build().fit(repeated));
        // presence-only trainers read no value, so a repeat is one entry there
        ItemKnn.builder().build().fit(repeated);
        Ease.builder().build().fit(repeated);
    }

    @Test
    void oneSweepKnownAnswer() {
        // μ = 11/3. b_i0 = ((4-μ) + (5-μ)) / (1+2) = 5/9; b_i1 = (2-μ) / (1+1) = -5/6; b_i2 = 0.
        // b_u0 = ((4-μ-5/9) + (2-μ+5/6)) / (1+2) = -19/54; b_u1 = (5-μ-5/9) / (1+1) = 7/18.
        BiasBaselineModel m = BiasBaseline.builder().withUserLambda(1).withItemLambda(1).withSweeps(1).build().fit(tiny());
        assertEquals(11.0 / 3, m.globalMean(), 1e-12);
        assertEquals(5.0 / 9, m.itemBias(0), 1e-12);
        assertEquals(-5.0 / 6, m.itemBias(1), 1e-12);
        assertEquals(0.0, m.itemBias(2));
        assertEquals(-19.0 / 54, m.userBias(0), 1e-12);
        assertEquals(7.0 / 18, m.userBias(1), 1e-12);
        double[] out = new double[4];
        m.predict(new int[] {0, 1, 5, 0}, new int[] {1, 2, 0, -1}, out);
        assertEquals(134.0 / 54, out[0], 1e-12);
        assertEquals(11.0 / 3 + 7.0 / 18, out[1], 1e-12);
        assertEquals(11.0 / 3 + 5.0 / 9, out[2], 1e-12); // unknown user: bias 0
        assertEquals(11.0 / 3 - 19.0 / 54, out[3], 1e-12); // unknown item: bias 0
    }

    /** The regularised squared error that the sweeps minimise. */
    private static double objective(BiasBaselineModel m, Interactions log, double lu, double li) {
        double sum = 0;
        for (int k = 0; k < 3; k++) { // the three rows, one per pair
            double e = log.value(k) - m.globalMean() - m.userBias(log.user(k)) - m.itemBias(log.item(k));
            sum += e * e;
        }
        for (int u = 0; u < 2; u++) {
            sum += lu * m.userBias(u) * m.userBias(u);
        }
        for (int i = 0; i < 3; i++) {
            sum += li * m.itemBias(i) * m.itemBias(i);
        }
        return sum;
    }

    @Test
    void moreSweepsNeverIncreaseTheObjective() {
        Interactions log = tiny();
        double prev = Double.POSITIVE_INFINITY;
        for (int s = 1; s <= 20; s++) {
            BiasBaselineModel m = BiasBaseline.builder().withUserLambda(0.5).withItemLambda(2).withSweeps(s).build()
                    .fit(log);
            double obj = objective(m, log, 0.5, 2);
            assertTrue(obj <= prev + 1e-12, "sweep " + s + ": " + obj + " > " + prev);
            prev = obj;
        }
    }

    @Test
    void builderValidates() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BiasBaseline.builder().withSweeps(0).build());
        assertTrue(e.getMessage().startsWith("sweeps: 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BiasBaseline.builder().withUserLambda(-1).build());
        assertThrows(IllegalArgumentException.class, () -> BiasBaseline.builder().withItemLambda(Double.NaN).build());
    }
}
