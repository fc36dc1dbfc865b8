package org.recsys4j.examples.guide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.eval.Metrics;
import org.recsys4j.core.feature.FittedSchema;
import org.recsys4j.core.feature.SparseRow;
import org.recsys4j.core.io.CatalogMapping;
import org.recsys4j.core.io.CatalogReader;
import org.recsys4j.core.io.EventLogReader;
import org.recsys4j.core.io.EventMapping;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.io.TimestampUnit;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.sample.LabelRule;
import org.recsys4j.core.sample.Part;
import org.recsys4j.core.sample.ProtocolCFeatures;
import org.recsys4j.core.sample.Sample;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.core.sample.UserAsOf;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.testing.PlantedShop;
import org.recsys4j.core.testing.SharedData;
import org.recsys4j.rank.ctr.CtrSamples;
import org.recsys4j.rank.ctr.CtrTrainer;
import org.recsys4j.rank.ctr.ModelSpec;
import org.recsys4j.rank.ctr.SampleFeatureProvider;
import org.recsys4j.rank.ctr.TrainingResult;
import org.recsys4j.rank.serving.ModelRanker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the code of docs/samples.md: samples from a shop's own CSV files to a trained CTR model and its online
 * ranker (on a generated shop with a planted main category per user), and protocol C's snippets (on
 * ml-latest-small, skipped when ../shared is absent). Each block between "--- docs ---" markers is the page's
 * code; the checks follow it.
 */
class SamplesGuideTest {
    @Test
    void thePagesCodeIsThisTestsCode() throws Exception {
        GuideSnippets.assertPageMatchesTest("../docs/samples.md", SamplesGuideTest.class);
    }

    @Test
    void samplesFromYourOwnDataToAServedCtrModel(@TempDir Path dir) throws Exception {
        PlantedShop shop = PlantedShop.generate(400, 8, 30, 5);
        shop.write(dir);

        // --- docs: samples from your own data ---
        ItemCatalog items = CatalogReader.builder(CatalogMapping.builder("sku")
                        .field(CatalogMapping.Field.categorical("category"))
                        .field(CatalogMapping.Field.categorical("brand"))
                        .field(CatalogMapping.Field.numeric("price"))
                        .build())
                .build().read(dir.resolve("items.csv")).data();
        EventLog events = EventLogReader.builder(EventMapping.builder("user_id", "sku", "ts", TimestampUnit.SECONDS)
                        .withEventType("event")
                        .build())
                .withKnownItems(items.items(), "items.csv")          // the samples need the catalogue's item index
                .build().read(dir.resolve("events.csv")).data();

        // each event's value (for the mean aggregates): its type's weight; carts and purchases are positive
        Feedback weights = Feedback.eventWeights(Map.of("view", 1.0, "cart", 3.0, "buy", 10.0), Feedback.Combine.SUM);
        SampleSpec spec = SampleSpec.builder(LabelRule.eventTypes(List.of("cart", "buy")))
                .withItemAttributes(List.of("category", "brand", "price"))   // static: one-hot, one-hot, price buckets
                .withFavourites(List.of("category", "brand"))               // the user's top values so far, and the affinity
                .build();
        SampleSet samples = SampleSet.build(events, weights, items, spec);
        System.out.println(samples);                 // SampleSet[... samples: fit ..., validation ..., test ...; T=..., Tv=...]
        System.out.println(samples.sample(1000));    // one sample: ids, label, every feature by name

        CtrSamples data = CtrSamples.of(samples);    // encoders fitted on train; fit / validation / test rows
        ModelSpec fm = ModelSpec.fm(data.fields(), data.numerics(), 8);
        TrainingResult trained = CtrTrainer.builder(fm).withLearningRate(3e-3).build().fit(data.fit(), data.validation());
        double auc = Metrics.auc(trained.model().predict(data.test()), data.test().labelArray());

        // online: the same features from the request's history (the user's positive items, oldest first) and a
        // store of the user aggregates, as the samples computed them
        FeatureStore store = InMemoryFeatureStore.builder()
                .withNamespace(NamespaceSpec.vectors("user_stats", data.userNumerics().size())).build();
        store.put("user_stats", "u17", data.userAggregates(samples.history().users().indexOf("u17")));
        Ranker ranker = ModelRanker.builder("fm", SampleFeatureProvider.of(data, store, "user_stats"), trained.model())
                .build();
        // --- end ---
        assertEquals(shop.log().size(), events.size());
        assertTrue(samples.size() > 10_000, samples.toString());
        Sample one = samples.sample(1000);
        assertEquals(List.of("category", "brand"), List.copyOf(one.favourites().keySet()));
        assertTrue(auc > 0.7, "test AUC " + auc);
        System.out.println("test AUC " + auc);
        // u17's positive items, oldest first, and two candidates: one in u17's planted main category, one not
        Interactions h = samples.history();
        int u17 = h.users().indexOf("u17");
        List<Integer> liked = new ArrayList<>();
        for (int k = 0; k < h.size(); k++) {
            if (h.user(k) == u17 && samples.isPositiveEvent(k)) {
                liked.add(h.item(k));
            }
        }
        int inMain = -1;
        int elsewhere = -1;
        for (int i = 0; i < items.size(); i++) {
            boolean main = items.categorical("category").valueAt(i).orElseThrow().equals(shop.mainCategory("u17"));
            if (main && inMain < 0) {
                inMain = i;
            } else if (!main && elsewhere < 0) {
                elsewhere = i;
            }
        }
        double[] scores = new double[2];
        ranker.score(RecRequest.builder(2).withUser("u17", u17)
                .withHistory(liked.stream().mapToInt(Integer::intValue).toArray()).build(),
                CandidateBatch.ofItems(inMain, elsewhere), scores);
        assertTrue(scores[0] > scores[1], "an item of u17's main category first: " + scores[0] + " vs " + scores[1]);
        assertTrue(scores[0] > 0 && scores[0] < 1);
    }

    @Test
    void protocolCIsOneConfiguration() throws Exception {
        Path dataDir = SharedData.dataSet("ml-latest-small");

        // --- docs: protocol C ---
        MovieLensData ml = MovieLens.load(dataDir, LoadOptions.lenient());
        SampleSet s = SampleSet.build(ml.ratings(), ml.catalog(), SampleSpec.protocolC());
        System.out.println(s);   // SampleSet[99142 samples: fit 71383, validation 7931, test 19828; T=1458636238, Tv=1418063547]
        Sample first = s.sample(0);   // user 429, item 48, ts 828124616, userRatingCount 20, recentPositives [595, 592, 590, 588, 434]
        double total = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.part(i) == Part.FIT) {
                total += s.userMean(i);   // columnar access, no object per sample
            }
        }
        // other thresholds
        SampleSet s10 = SampleSet.build(ml.ratings(), ml.catalog(),
                SampleSpec.protocolC().toBuilder().withMaxRecentPositives(10).withMinPriorEvents(5).build());
        // --- end ---
        assertEquals("SampleSet[99142 samples: fit 71383, validation 7931, test 19828; T=1458636238, Tv=1418063547]",
                s.toString());
        assertEquals("429", first.userId());
        assertEquals("48", first.itemId());
        assertEquals(828124616L, first.timestamp());
        assertEquals(20.0, first.numerics().get("userRatingCount"));
        assertEquals(List.of("595", "592", "590", "588", "434"), first.recentPositives());
        assertTrue(total > 0);
        assertTrue(s10.size() < s.size());
        assertEquals(10, s10.spec().maxRecentPositives());

        // --- docs: encoding ---
        FittedSchema<Integer> features = ProtocolCFeatures.fit(s);
        SparseRow row = features.sparse(0);           // fields, indices, values of sample 0
        double[] dense = features.dense(0);           // one slot per scalar field, 0/1 vectors for multi-hot
        // --- end ---
        assertTrue(row.size() >= 9);
        assertEquals(features.denseWidth(), dense.length);
        assertArrayEquals(new long[] {595, 592, 590, 588, 434}, s.recentPositiveIds(0));
    }

    @Test
    void oneAsOfDefinitionAndTrainingOnRowsEncodedOnDemand() throws Exception {
        MovieLensData ml = MovieLens.load(SharedData.dataSet("ml-100k"), LoadOptions.lenient());
        // --- docs: one as-of definition ---
        SampleSpec spec = SampleSpec.protocolC();
        UserAsOf user = UserAsOf.of(spec, ml.catalog());
        Interactions.Csr byUser = ml.ratings().byUser();           // a partition's users, each in time order
        int samples = 0;
        for (int u = 0; u < byUser.rows(); u++) {
            user.reset();
            for (int p = byUser.start(u); p < byUser.end(u); p++) {
                int k = byUser.entry(p);                            // the event's row: its sequence in the log
                float v = ml.ratings().value(k);
                user.add(ml.ratings().timestamp(k), ml.ratings().item(k), v, spec.labelRule().isPositiveValue(v), k);
                if (user.isSample()) {
                    samples++;                                      // emit (k, user.mean(), user.recentPositives(), ...)
                }
            }
            user.complete();                                        // the user's values now, for the online store
        }
        // --- end ---
        SampleSet set = SampleSet.build(ml.ratings(), ml.catalog(), spec);
        assertEquals(set.size(), samples);
        trainingOnRowsEncodedOnDemand();
    }

    private static void trainingOnRowsEncodedOnDemand() {
        PlantedShop shop = PlantedShop.generate(120, 6, 20, 9);
        SampleSet samples = SampleSet.build(shop.log(), Feedback.eventWeights(Map.of("view", 1.0, "cart", 3.0, "buy",
                10.0), Feedback.Combine.SUM), shop.catalog(), SampleSpec.builder(LabelRule.eventTypes(List.of("cart",
                "buy"))).withItemAttributes(List.of("category", "brand", "price")).withFavourites(List.of("category"))
                .build());
        // --- docs: training on rows encoded on demand ---
        CtrSamples data = CtrSamples.of(samples);
        ModelSpec deepFm = ModelSpec.deepFm(data.fields(), data.numerics(), 8, 32, 32);
        TrainingResult streamed = CtrTrainer.builder(deepFm).withMaxEpochs(2).build()
                .fit(data.rows(Part.FIT), data.rows(Part.VALIDATION));     // each batch encoded as it is trained
        double[] p = new double[data.rows(Part.TEST).size()];
        streamed.model().predict(data.rows(Part.TEST), p, 2);             // scored in chunks
        // --- end ---
        TrainingResult held = CtrTrainer.builder(deepFm).withMaxEpochs(2).build().fit(data.fit(), data.validation());
        assertArrayEquals(held.model().parameters(), streamed.model().parameters());
        assertArrayEquals(held.model().predict(data.test()), p);
    }
}
