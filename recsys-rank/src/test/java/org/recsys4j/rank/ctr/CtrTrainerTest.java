package org.recsys4j.rank.ctr;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.eval.Metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CtrTrainerTest {
    /**
     * Labels driven only by the interaction of two categorical fields: every id has a hidden sign s = ±1 (half of the ids each)
     * and P(y = 1) = σ(3·s_a·s_b). Each id alone carries no signal (its partner's sign is ±1 with equal
     * probability), so a first-order model stays near AUC 0.5; a rank-1 interaction ⟨v_a, v_b⟩ ∝ s_a·s_b
     * explains it, and the Bayes-optimal scorer reaches AUC 0.95 (0.95² + ½·2·0.95·0.05).
     */
    static CtrData planted(int rows, long seed, int[] signA, int[] signB, CtrSchema schema) {
        Random r = new Random(seed);
        CtrData.Builder b = CtrData.builder(schema);
        for (int i = 0; i < rows; i++) {
            int a = 1 + r.nextInt(signA.length - 1);
            int c = 1 + r.nextInt(signB.length - 1);
            double p = 1 / (1 + Math.exp(-3.0 * signA[a] * signB[c]));
            b.addId(0, a).addId(1, c).addNumeric(0, r.nextDouble()).addRow(r.nextDouble() < p);
        }
        return b.build();
    }

    static final CtrSchema PLANTED = CtrSchema.builder().addCategorical("a", 31).addCategorical("b", 31).addNumeric("noise").build();

    /** Signs of ids 1..30: exactly 15 of each, shuffled, so that no id has a first-order effect in expectation. */
    private static int[] balancedSigns(Random r) {
        int[] s = new int[31];
        for (int k = 1; k <= 30; k++) {
            s[k] = k <= 15 ? 1 : -1;
        }
        for (int k = 30; k > 1; k--) {
            int j = 1 + r.nextInt(k);
            int t = s[k];
            s[k] = s[j];
            s[j] = t;
        }
        return s;
    }

    private static double testAuc(ModelSpec spec, double lr) {
        Random r = new Random(42);
        int[] sa = balancedSigns(r);
        int[] sb = balancedSigns(r);
        CtrData train = planted(20_000, 1, sa, sb, PLANTED);
        CtrData val = planted(3_000, 2, sa, sb, PLANTED);
        CtrData test = planted(5_000, 3, sa, sb, PLANTED);
        TrainingResult res = CtrTrainer.builder(spec).withLearningRate(lr).withMaxEpochs(15).build().fit(train, val);
        return Metrics.auc(res.model().predict(test), test.labelArray());
    }

    @Test
    void plantedCrossLrCannotFmAndDeepFmCan() {
        List<String> f = List.of("a", "b");
        List<String> n = List.of("noise");
        double lr = testAuc(ModelSpec.logisticRegression(f, n), 1e-2);
        double fm = testAuc(ModelSpec.fm(f, n, 4), 1e-2);
        double deepFm = testAuc(ModelSpec.deepFm(f, n, 4, 16), 1e-2);
        // LR: no first-order signal exists, so it can only fit noise: within 0.05 of chance.
        assertEquals(0.5, lr, 0.05, "LR AUC");
        // FM/DeepFM: at least 0.85 of the Bayes-optimal 0.95 (i.e. 70% of the way from chance).
        assertTrue(fm >= 0.85, "FM AUC " + fm);
        assertTrue(deepFm >= 0.85, "DeepFM AUC " + deepFm);
    }

    @Test
    void oneThreadAndASeedGiveBitIdenticalWeightsTwoThreadsTheSameLoss() {
        CtrData train = TinyData.random(700, 3);
        CtrData val = TinyData.random(200, 4);
        for (ModelType t : ModelType.values()) {
            CtrTrainer.Builder c = CtrTrainer.builder(TinyData.spec(t)).withLearningRate(3e-3).withBatchSize(32).withMaxEpochs(3);
            TrainingResult a = c.build().fit(train, val);
            TrainingResult b = c.build().fit(train, val);
            assertArrayEquals(a.model().parameters(), b.model().parameters(), t + ": 1 thread, same seed");
            TrainingResult p = c.withThreads(2).build().fit(train, val);
            TrainingResult q = c.withThreads(2).build().fit(train, val);
            assertArrayEquals(p.model().parameters(), q.model().parameters(), t + ": 2 threads, same seed");
            for (int e = 0; e < Math.min(a.epochsRun(), p.epochsRun()); e++) {
                assertEquals(a.history().get(e).trainLoss(), p.history().get(e).trainLoss(), 1e-4,
                        t + ": epoch " + (e + 1) + " loss, 1 vs 2 threads");
            }
            TrainingResult other = c.withThreads(1).withSeed(2).build().fit(train, val);
            assertFalse(java.util.Arrays.equals(a.model().parameters(), other.model().parameters()), t + ": another seed");
        }
    }

    @Test
    void earlyStoppingKeepsTheBestEpochAndReportsProgress() {
        CtrData train = TinyData.random(400, 5);   // random labels: validation loss soon gets worse
        CtrData val = TinyData.random(300, 6);
        List<EpochReport> seen = new ArrayList<>();
        TrainingResult r = CtrTrainer.builder(TinyData.spec(ModelType.EMBEDDING_MLP)).withLearningRate(3e-2).withBatchSize(16)
                .withMaxEpochs(20).withListener(seen::add).build().fit(train, val);
        assertEquals(r.history(), seen);
        assertTrue(r.epochsRun() < 20, "stopped early");
        assertEquals(r.epochsRun() - 2, r.bestEpoch(), "patience 2");
        double best = seen.stream().mapToDouble(EpochReport::validationLoss).min().orElseThrow();
        assertEquals(best, r.bestValidationLoss());
        double[] p = r.model().predict(val);
        assertEquals(best, Metrics.logLoss(p, val.labelArray()), 1e-9, "the model holds the best epoch's weights");
        assertTrue(seen.get(0).samplesPerSecond() > 0);
    }

    @Test
    void ftrlLearnsFirstOrderSignalAndIsOnlyForLr() {
        CtrSchema s = CtrSchema.builder().addCategorical("a", 11).addNumeric("x").build();
        Random r = new Random(9);
        CtrData.Builder b = CtrData.builder(s);
        for (int i = 0; i < 5000; i++) {
            int a = 1 + r.nextInt(10);
            b.addId(0, a).addNumeric(0, r.nextDouble()).addRow(r.nextDouble() < (a <= 5 ? 0.8 : 0.2));
        }
        CtrData d = b.build();
        TrainingResult res = CtrTrainer.builder(ModelSpec.logisticRegression(List.of("a"), List.of("x")))
                .withOptimizer(Optimizer.FTRL).withLearningRate(0.1).withMaxEpochs(3).withL2(1e-3).withL1(1e-3).build().fit(d);
        assertEquals(3, res.epochsRun());
        assertTrue(Metrics.auc(res.model().predict(d), d.labelArray()) > 0.75);
        CtrTrainer ftrlFm = CtrTrainer.builder(ModelSpec.fm(List.of("a"), List.of("x"), 2)).withOptimizer(Optimizer.FTRL)
                .withLearningRate(0.1).withMaxEpochs(3).withL2(1e-3).withL1(1e-3).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ftrlFm.fit(d));
        assertTrue(e.getMessage().contains("FTRL"), e.getMessage());
    }

    @Test
    void badSettingsAreNamed() {
        CtrTrainer.Builder zero = CtrTrainer.builder(TinyData.spec(ModelType.FM)).withBatchSize(0);   // only recorded
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, zero::build);
        assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CtrTrainer.builder(TinyData.spec(ModelType.FM))
                .withLearningRate(Double.NaN).build());
        assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
        CtrData unlabelled = CtrData.builder(TinyData.SCHEMA).addRow().build();
        e = assertThrows(IllegalArgumentException.class, () -> CtrTrainer.builder(TinyData.spec(ModelType.FM)).build()
                .fit(unlabelled));
        assertTrue(e.getMessage().contains("labels"), e.getMessage());
    }
}
