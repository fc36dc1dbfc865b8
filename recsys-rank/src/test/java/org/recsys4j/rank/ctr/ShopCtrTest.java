package org.recsys4j.rank.ctr;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.eval.Metrics;
import org.recsys4j.core.sample.LabelRule;
import org.recsys4j.core.sample.Part;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.core.testing.PlantedShop;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The must-show on a planted shop (text ids, category / brand / price, view / cart / buy): CTR models
 * trained on the shop's own features through the generic sample builder beat the popularity baselines' test AUC
 * by a wide margin. The shop plants a main category per user, so whether an event converts depends on the user's
 * category far more than on the item's popularity: the favourite-category and affinity features carry it, and the
 * models come close to the AUC of the planted truth itself (scoring an event 1 when its item is in the user's
 * planted main category), which no model can beat by much since the funnel is random.
 */
class ShopCtrTest {
    static final Feedback WEIGHTS = Feedback.eventWeights(Map.of("view", 1.0, "cart", 3.0, "buy", 10.0),
            Feedback.Combine.SUM);

    static SampleSpec spec() {
        return SampleSpec.builder(LabelRule.eventTypes(List.of("cart", "buy")))
                .withItemAttributes(List.of("category", "brand", "price"))
                .withFavourites(List.of("category", "brand"))
                .build();
    }

    /** Test AUC of scoring each test sample by its item's count of train samples (or of train positives). */
    private static double popularityAuc(SampleSet s, boolean positivesOnly) {
        double[] count = new double[s.catalog().size()];
        for (int i = 0; i < s.size(); i++) {
            if (s.isTrain(i) && (!positivesOnly || s.label(i))) {
                count[s.itemIndex(i)]++;
            }
        }
        int n = s.count(Part.TEST);
        double[] score = new double[n];
        boolean[] label = new boolean[n];
        int t = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.part(i) == Part.TEST) {
                score[t] = count[s.itemIndex(i)];
                label[t++] = s.label(i);
            }
        }
        return Metrics.auc(score, label);
    }

    /** Test AUC of the planted truth: 1 when the item is in the user's planted main category, else 0. */
    private static double plantedAuc(SampleSet s, PlantedShop shop) {
        int n = s.count(Part.TEST);
        double[] score = new double[n];
        boolean[] label = new boolean[n];
        int t = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.part(i) == Part.TEST) {
                String category = s.catalog().categorical("category").valueAt(s.itemIndex(i)).orElseThrow();
                score[t] = category.equals(shop.mainCategory(s.userKey(i))) ? 1 : 0;
                label[t++] = s.label(i);
            }
        }
        return Metrics.auc(score, label);
    }

    private static double testAuc(CtrSamples data, ModelSpec model, double learningRate) {
        TrainingResult r = CtrTrainer.builder(model).withLearningRate(learningRate).withBatchSize(64).withMaxEpochs(8)
                .withSeed(1).build().fit(data.fit(), data.validation());
        return Metrics.auc(r.model().predict(data.test()), data.test().labelArray());
    }

    @Test
    void ctrOnTheShopsOwnFeaturesBeatsPopularity() {
        PlantedShop shop = PlantedShop.generate(400, 8, 30, 5);
        SampleSet samples = SampleSet.build(shop.log(), WEIGHTS, shop.catalog(), spec());
        CtrSamples data = CtrSamples.of(samples);
        assertEquals(List.of("userId", "itemId", "category", "brand", "price", "recentPositive", "favouriteCategory",
                "favouriteBrand"), data.fields());
        assertEquals(List.of("itemCount", "itemMean", "itemStddev", "itemPositiveRate", "userCount", "userMean",
                "userStddev", "userPositiveRate", "categoryAffinity", "brandAffinity"), data.numerics());
        assertTrue(data.test().size() > 1000, "test rows: " + data.test().size());
        double byEvents = popularityAuc(samples, false);
        double byPositives = popularityAuc(samples, true);
        double lr = testAuc(data, ModelSpec.logisticRegression(data.fields(), data.numerics()), 1e-2);
        double fm = testAuc(data, ModelSpec.fm(data.fields(), data.numerics(), 8), 3e-3);
        double planted = plantedAuc(samples, shop);
        System.out.printf(Locale.ROOT, "planted shop: %d samples (test %d, positive rate %.3f); test AUC: popularity "
                        + "by events %.4f, by positives %.4f; LR %.4f, FM %.4f; the planted truth %.4f%n",
                samples.size(), data.test().size(), mean(data.test().labelArray()), byEvents, byPositives, lr, fm,
                planted);
        double best = Math.max(byEvents, byPositives);
        assertTrue(lr > best + 0.15, "LR " + lr + " vs popularity " + best);
        assertTrue(fm > best + 0.15, "FM " + fm + " vs popularity " + best);
        assertTrue(lr > planted - 0.05 && fm > planted - 0.06, "LR " + lr + ", FM " + fm + " vs the planted truth " + planted);
    }

    private static double mean(boolean[] y) {
        int p = 0;
        for (boolean b : y) {
            p += b ? 1 : 0;
        }
        return (double) p / y.length;
    }
}
