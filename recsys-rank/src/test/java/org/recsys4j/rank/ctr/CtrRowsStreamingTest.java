package org.recsys4j.rank.ctr;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.sample.Part;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.core.testing.PlantedShop;
import org.recsys4j.core.testing.SharedData;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rows encoded on demand ({@link CtrSamples#rows(Part)}) are the rows held in memory ({@link CtrSamples#fit()} ...,
 * which {@link ProtocolCRowsTest} pins to the code they replaced): the same ids, numerics, labels and fingerprints,
 * with or without dropped fields; and a model trained or scored on them is the same model, bit for bit, for the
 * architectures whose training reads row numbers too (DIEN's negatives).
 */
class CtrRowsStreamingTest {

    /** Every row of {@code rows} copied out through {@link CtrRows#copyRange} in chunks of {@code chunk}. */
    private static CtrData held(CtrRows rows, int chunk) {
        CtrData.Builder b = new CtrData.Builder(rows.schema(), 16);
        for (int from = 0; from < rows.size(); from += chunk) {
            rows.copyRange(from, Math.min(rows.size(), from + chunk), b);
        }
        return b.build().withEncoders(rows.encoders().orElseThrow());
    }

    private static void assertSameRows(CtrData expected, CtrRows actual) {
        assertEquals(expected.size(), actual.size());
        assertEquals(expected.schema(), actual.schema());
        assertEquals(expected.encoders(), actual.encoders());
        CtrData copy = held(actual, 777);
        for (int i = 0; i < expected.size(); i++) {
            for (int f = 0; f < expected.schema().numFields(); f++) {
                assertEquals(expected.count(f, i), copy.count(f, i), "row " + i + " field " + f);
                for (int k = 0; k < expected.count(f, i); k++) {
                    assertEquals(expected.id(f, i, k), copy.id(f, i, k), "row " + i + " field " + f);
                }
            }
            for (int j = 0; j < expected.schema().numNumerics(); j++) {
                assertEquals(Float.floatToIntBits(expected.numeric(i, j)), Float.floatToIntBits(copy.numeric(i, j)));
            }
            assertEquals(expected.label(i), actual.label(i));
        }
        assertArrayEquals(expected.labelArray(), actual.labelArray());
        assertEquals(expected.fingerprint(), actual.fingerprint());
        assertEquals(expected.fingerprint(), copy.fingerprint());
    }

    private static CtrSamples shop() {
        PlantedShop shop = PlantedShop.generate(150, 6, 20, 3);
        return CtrSamples.of(SampleSet.build(shop.log(), ShopCtrTest.WEIGHTS, shop.catalog(), ShopCtrTest.spec()));
    }

    @Test
    void rowsEncodedOnDemandAreTheHeldRowsOnAShop() {
        CtrSamples data = shop();
        assertSameRows(data.fit(), data.rows(Part.FIT));
        assertSameRows(data.validation(), data.rows(Part.VALIDATION));
        assertSameRows(data.test(), data.rows(Part.TEST));
        assertSameRows(data.train(), data.trainRows());
        List<String> drop = List.of(data.userField(), data.fields().get(5), data.crossField());
        assertSameRows(data.fit().withoutFields(drop), data.rows(Part.FIT).withoutFields(drop));
        // a selection (the latest rows, every third one), then dropped fields, or the other way round
        int n = data.fit().size();
        int[] latest = java.util.stream.IntStream.range(n / 2, n).toArray();
        int[] third = java.util.stream.IntStream.range(0, latest.length / 3).map(k -> 3 * k).toArray();
        assertSameRows(data.fit().select(latest).select(third), data.rows(Part.FIT).select(latest).select(third));
        assertSameRows(data.fit().select(latest).withoutFields(drop),
                data.rows(Part.FIT).withoutFields(drop).select(latest));
        assertSameRows(data.fit().select(latest).withoutFields(drop),
                data.rows(Part.FIT).select(latest).withoutFields(drop));
        // picked rows, in the order asked
        int[] pick = {5, 0, 3, 3, data.test().size() - 1};
        CtrData.Builder b = new CtrData.Builder(data.schema(), 4);
        data.rows(Part.TEST).copyRows(pick, 0, pick.length, b);
        assertEquals(data.test().select(pick).fingerprint(), b.build().withEncoders(data.fit().encoders().orElseThrow())
                .fingerprint());
        assertThrows(IndexOutOfBoundsException.class, () -> data.rows(Part.TEST).copyRows(new int[] {-1}, 0, 1, b));
        assertThrows(IndexOutOfBoundsException.class, () -> data.rows(Part.FIT).copyRange(0, data.fit().size() + 1, b));
        assertThrows(IllegalArgumentException.class, () -> data.rows(Part.FIT).withoutFields(List.of("nope")));
    }

    @Test
    void rowsEncodedOnDemandAreTheHeldRowsOnMl100k() throws IOException {
        MovieLensData ml = MovieLens.load(SharedData.dataSet("ml-100k"), LoadOptions.lenient());
        ProtocolC pc = ProtocolC.of(SampleSet.build(ml.ratings(), ml.catalog(), SampleSpec.protocolC()));
        assertSameRows(pc.fit(), pc.rows(Part.FIT));
        assertSameRows(pc.validation(), pc.rows(Part.VALIDATION));
        assertSameRows(pc.test(), pc.rows(Part.TEST));
    }

    /** Trains on held rows and on rows encoded on demand; the models, their histories and scores must be equal. */
    private static void assertSameTraining(CtrSamples data, ModelSpec spec, int threads) {
        assertSameTraining(data, spec, threads, 0);
    }

    private static void assertSameTraining(CtrSamples data, ModelSpec spec, int threads, double miniBatchL2) {
        CtrTrainer trainer = CtrTrainer.builder(spec).withLearningRate(3e-3).withBatchSize(64).withMaxEpochs(2)
                .withSeed(3).withThreads(threads).withMiniBatchL2(miniBatchL2).build();
        List<Long> batches = new ArrayList<>();
        TrainingResult held = trainer.fit(data.fit(), data.validation());
        TrainingResult streamed = CtrTrainer.builder(spec).withLearningRate(3e-3).withBatchSize(64).withMaxEpochs(2)
                .withSeed(3).withThreads(threads).withMiniBatchL2(miniBatchL2).withListener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochReport report) {
                    }

                    @Override
                    public void onBatch(int epoch, long rows, long total) {
                        batches.add(rows);
                    }
                }).build().fit(data.rows(Part.FIT), data.rows(Part.VALIDATION));
        assertArrayEquals(held.model().parameters(), streamed.model().parameters(), spec.type().label());
        assertEquals(held.bestEpoch(), streamed.bestEpoch());
        for (int e = 0; e < held.history().size(); e++) {
            assertEquals(held.history().get(e).trainLoss(), streamed.history().get(e).trainLoss());
            assertEquals(held.history().get(e).validationAuc(), streamed.history().get(e).validationAuc());
        }
        for (String input : List.of(CtrTrainer.DATA, CtrTrainer.VALIDATION, CtrTrainer.ENCODERS)) {
            assertEquals(held.model().provenance().input(input), streamed.model().provenance().input(input), input);
        }
        double[] a = new double[data.test().size()];
        double[] b = new double[data.test().size()];
        held.model().predict(data.test(), a, threads);
        streamed.model().predict(data.rows(Part.TEST), b, threads);
        assertArrayEquals(a, b);
        // progress after every batch: rows trained so far in the epoch, up to all of them
        int n = data.fit().size();
        assertEquals((long) n, batches.get((n + 63) / 64 - 1));
        assertTrue(batches.stream().allMatch(r -> r > 0 && r <= n));
    }

    @Test
    void trainingOnRowsEncodedOnDemandIsTrainingOnHeldRows() {
        CtrSamples data = shop();
        assertSameTraining(data, ModelSpec.deepFm(data.fields(), data.numerics(), 4, 16, 16), 2);
        assertSameTraining(data, ModelSpec.logisticRegression(data.fields(), data.numerics()), 1);
        List<String> others = new ArrayList<>(data.fields());
        others.remove(data.fields().get(5));
        assertSameTraining(data, ModelSpec.dien(others, data.numerics(), data.itemField(), data.fields().get(5), 4,
                ModelSpec.DEFAULT_AUX_WEIGHT, 16), 2);
        // the mini-batch aware L2 counts the rows once more and regularises each batch's rows: the same either way
        assertSameTraining(data, ModelSpec.deepFm(data.fields(), data.numerics(), 4, 16, 16), 2, 0.5);
        assertSameTraining(data, ModelSpec.din(others, data.numerics(), data.itemField(), data.fields().get(5), 4,
                new int[] {8}, 16), 2, 0.5);
        assertSameTraining(data, ModelSpec.dien(others, data.numerics(), data.itemField(), data.fields().get(5), 4,
                ModelSpec.DEFAULT_AUX_WEIGHT, 16), 2, 0.5);
    }
}
