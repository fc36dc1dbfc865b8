package org.recsys4j.rank.ctr;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mini-batch aware L2 ({@link MiniBatchL2}, {@link CtrTrainer.Builder#withMiniBatchL2}): each per-id row a batch
 * reads gets {@code λ / n_j · w_j} once, {@code n_j} counted over the training rows (DIN's behaviours in the item
 * table they share), the rows it does not read nothing; in training it shrinks the id embeddings.
 */
class MiniBatchL2Test {
    private static CtrData.Builder row(CtrData.Builder b, int user, int item, int[] tags, int[] recent) {
        return b.addId(0, user).addId(1, item).addIds(2, tags).addIds(3, recent).addId(4, 0)
                .addNumeric(0, 0.1).addNumeric(1, 0.2).addNumeric(2, 0.3);
    }

    /** A model of {@code type} over {@link TinyData}'s schema whose parameters are uniform in [−0.5, 0.5). */
    private static CtrModel randomModel(ModelType type, long seed) {
        CtrModel m = CtrModel.create(TinyData.spec(type), TinyData.SCHEMA, 5);
        Random r = new Random(seed);
        for (int j = 0; j < m.w.length; j++) {
            m.w[j] = (float) (r.nextDouble() - 0.5);
        }
        return m;
    }

    @Test
    void eachRowTheBatchReadsIsPulledOnceByLambdaOverItsCount() {
        CtrModel m = randomModel(ModelType.DIN, 4);
        CtrData.Builder b = CtrData.builder(TinyData.SCHEMA);
        row(b, 1, 2, new int[0], new int[] {2, 3, 0}).addRow(true);   // A
        row(b, 1, 3, new int[] {1}, new int[] {2}).addRow(false);     // B
        row(b, 2, 2, new int[] {1}, new int[0]).addRow(true);         // C
        CtrData train = b.build();
        // DIN's per-id tables: user, item (shared by the behaviours), tags
        assertEquals(3, m.idTables.length);
        double lambda = 0.8;
        MiniBatchL2 reg = MiniBatchL2.count(m, train, lambda);
        float[] grad = new float[m.w.length];
        reg.begin(grad);
        reg.add(train, 0, 0, 11);
        reg.add(train, 1, 1, 11);
        float[] want = new float[m.w.length];
        // batch {A, B}: user 1 (read by 2 training rows), item 2 (candidate of A and C, behaviour of A and B: 4),
        // item 3 (candidate of B, behaviour of A: 2), tag 1 (B and C: 2); the unknown behaviour 0 is not read
        expect(m, want, 0, 1, lambda / 2);
        expect(m, want, 1, 2, lambda / 4);
        expect(m, want, 1, 3, lambda / 2);
        expect(m, want, 2, 1, lambda / 2);
        for (int j = 0; j < want.length; j++) {
            assertEquals(want[j], grad[j], 1e-6, "parameter " + j);
        }
        // the next batch {C} regularises again, its own rows only
        float[] next = new float[m.w.length];
        reg.begin(next);
        reg.add(train, 2, 2, 11);
        float[] want2 = new float[m.w.length];
        expect(m, want2, 0, 2, lambda);
        expect(m, want2, 1, 2, lambda / 4);
        expect(m, want2, 2, 1, lambda / 2);
        for (int j = 0; j < want2.length; j++) {
            assertEquals(want2[j], next[j], 1e-6, "parameter " + j);
        }
    }

    /**
     * DIEN's auxiliary loss reads sampled negatives: their item rows are pulled too, once per batch, an item the
     * training rows never read as if read once; the draw is the auxiliary loss's own ({@link CtrModel#negative}).
     */
    @Test
    void dienAlsoPullsTheNegativesItsAuxiliaryLossReads() {
        CtrModel m = randomModel(ModelType.DIEN, 6);
        CtrData.Builder b = CtrData.builder(TinyData.SCHEMA);
        row(b, 1, 2, new int[0], new int[] {2, 0, 3, 4}).addRow(true);   // known behaviours 2, 3, 4: two steps
        row(b, 1, 3, new int[] {1}, new int[] {2}).addRow(false);
        CtrData train = b.build();
        double lambda = 0.5;
        long seed = 99;
        MiniBatchL2 reg = MiniBatchL2.count(m, train, lambda);
        float[] grad = new float[m.w.length];
        reg.begin(grad);
        reg.add(train, 0, 7, seed);   // training row 7 of some larger set: its negatives' draw
        // item reads in the training rows: 2 (candidate, behaviour ×2) 3, 3 (candidate, behaviour) 2, 4 (behaviour) 1
        long[] itemCount = {0, 0, 3, 2, 1, 0};
        float[] want = new float[m.w.length];
        expect(m, want, 0, 1, lambda / 2);   // user 1
        java.util.Set<Integer> items = new java.util.TreeSet<>(List.of(2, 3, 4));
        int[] known = {2, 3, 4};
        for (int t = 0; t < known.length - 1; t++) {
            items.add(CtrModel.negative(seed, 7, t, 6, known[known.length - 2 - t]));
        }
        assertTrue(items.size() > 3, "some negative is another item: " + items);
        for (int id : items) {
            expect(m, want, 1, id, lambda / Math.max(1, itemCount[id]));
        }
        for (int j = 0; j < want.length; j++) {
            assertEquals(want[j], grad[j], 1e-6, "parameter " + j);
        }
    }

    private static void expect(CtrModel m, float[] want, int table, int id, double c) {
        int o = m.idTables[table][0] + id * m.idTables[table][1];
        for (int k = 0; k < m.idTables[table][1]; k++) {
            want[o + k] = (float) (c * m.w[o + k]);
        }
    }

    @Test
    void everyModelTypeListsItsPerIdTables() {
        for (ModelType t : ModelType.values()) {
            CtrModel m = CtrModel.create(TinyData.spec(t), TinyData.SCHEMA, 1);
            int params = 0;
            for (int[] table : m.idTables) {
                assertTrue(table[0] >= 0 && table[0] + table[1] * table[2] <= m.paramCount(), t.toString());
                params += table[1] * table[2];
            }
            assertTrue(params > 0 && params < m.paramCount(), t + ": " + params);
            CtrData d = TinyData.random(20, 2);
            for (int i = 0; i < d.size(); i++) {
                m.idRows(d, i, (table, id) -> assertTrue(id >= 0 && id < m.idTables[table][2]));
            }
        }
    }

    @Test
    void inTrainingItShrinksTheIdEmbeddings() {
        CtrData train = TinyData.random(600, 7);
        ModelSpec spec = TinyData.spec(ModelType.EMBEDDING_MLP);
        double plain = embeddingNorm(CtrTrainer.builder(spec).withLearningRate(1e-2).withMaxEpochs(8).build()
                .fit(train).model());
        double regularised = embeddingNorm(CtrTrainer.builder(spec).withLearningRate(1e-2).withMaxEpochs(8)
                .withMiniBatchL2(50).build().fit(train).model());
        assertTrue(regularised < 0.5 * plain, "norm " + regularised + " vs " + plain);
    }

    private static double embeddingNorm(CtrModel m) {
        double s = 0;
        for (int[] t : m.idTables) {
            for (int j = t[0]; j < t[0] + t[1] * t[2]; j++) {
                s += (double) m.w[j] * m.w[j];
            }
        }
        return Math.sqrt(s);
    }

    @Test
    void settingsOutOfRangeAreNamed() {
        ModelSpec spec = TinyData.spec(ModelType.DIN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CtrTrainer.builder(spec).withMiniBatchL2(-1).build());
        assertTrue(e.getMessage().startsWith("miniBatchL2: -1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CtrTrainer.builder(spec).withMiniBatchL2(Double.NaN).build());
        e = assertThrows(IllegalArgumentException.class, () -> CtrTrainer.builder(TinyData.spec(ModelType.LOGISTIC_REGRESSION))
                .withOptimizer(Optimizer.FTRL).withMiniBatchL2(1).build());
        assertTrue(e.getMessage().contains("ADAM"), e.getMessage());
    }
}
