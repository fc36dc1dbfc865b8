package org.recsys4j.rank.ctr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.sample.Aggregate;
import org.recsys4j.core.sample.Part;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.core.testing.PlantedShop;
import org.recsys4j.rank.serving.InputBatch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A saved and loaded {@link OnlineFeatureState} serves, bit for bit, the rows the samples it was made from serve
 * ({@link SampleFeatureProvider}, {@link ProtocolCFeatureProvider}); it round-trips; a damaged file, or one of another
 * spec or catalogue, is refused naming the file and the part.
 */
class OnlineFeatureStateTest {
    /** Protocol C on generated MovieLens data: numeric ids, genres (a bag), the year (buckets), six numerics. */
    private static ProtocolC protocolC(Path dir, long seed) throws Exception {
        Path data = Files.createDirectories(dir.resolve("ml-" + seed));
        SyntheticMovieLens.builder(120, 300, 9_000, seed).withClusters(4).build().writeLatestCsv(data);
        MovieLensData ml = MovieLens.load(data);
        return ProtocolC.of(SampleSet.build(ml.ratings(), ml.catalog(), SampleSpec.protocolC()));
    }

    @Test
    void protocolCRowsFromTheLoadedStateAreTheRowsFromTheSamples(@TempDir Path dir) throws Exception {
        ProtocolC pc = protocolC(dir, 5);
        Path file = dir.resolve("protocol-c.state");
        pc.onlineState().save(file);
        OnlineFeatureState loaded = OnlineFeatureState.load(file, SampleSpec.protocolC(), pc.samples().catalog());
        Interactions h = pc.samples().history();
        try (InMemoryFeatureStore store = InMemoryFeatureStore.builder()
                .withNamespace(NamespaceSpec.vectors("user_stats", 3)).build()) {
            ProtocolCFeatureProvider fresh = new ProtocolCFeatureProvider(pc, store, "user_stats");
            ProtocolCFeatureProvider served = new ProtocolCFeatureProvider(loaded, store, "user_stats");
            assertEquals(fresh.inputs(), served.inputs());
            int n = pc.samples().catalog().size();
            // every catalogue item, one outside it and none (-1)
            CandidateBatch all = CandidateBatch.ofItems(IntStream.concat(IntStream.range(0, n), IntStream.of(n + 3, -1))
                    .toArray());
            int compared = 0;
            for (int u = 0; u < h.numUsers(); u += 7) {
                String key = h.users().id(u);
                store.put("user_stats", key, pc.data().userAggregates(u));
                int[] history = pc.data().positiveItems(u);
                RecRequest r = RecRequest.builder(10).withUser(key, u).withHistory(history).build();
                assertSameRows(pc.schema(), fresh.rows(r, all, 0, all.size()), served.rows(r, all, 0, all.size()),
                        "user " + key);
                compared++;
            }
            assertTrue(compared > 10, "compared " + compared);
            RecRequest anonymous = RecRequest.builder(10).withHistory(new int[] {1, 2, 3}).build();
            assertSameRows(pc.schema(), fresh.rows(anonymous, all, 0, all.size()), served.rows(anonymous, all, 0,
                    all.size()), "anonymous");
            RecRequest unknown = RecRequest.builder(10).withUser("999999999", -1).build();
            assertSameRows(pc.schema(), fresh.rows(unknown, all, 0, all.size()), served.rows(unknown, all, 0,
                    all.size()), "unknown user");
        }
        // the state is not protocol C's for another spec: the protocol C provider refuses it
        PlantedShop shop = PlantedShop.generate(60, 4, 10, 3);
        CtrSamples other = CtrSamples.of(SampleSet.build(shop.log(), ShopCtrTest.WEIGHTS, shop.catalog(),
                ShopCtrTest.spec()));
        try (InMemoryFeatureStore store = InMemoryFeatureStore.builder()
                .withNamespace(NamespaceSpec.vectors("user_stats", 3)).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                    new ProtocolCFeatureProvider(other.onlineState(), store, "user_stats"));
            assertTrue(e.getMessage().startsWith("state: features"), e.getMessage());
        }
    }

    @Test
    void shopRowsFromTheLoadedStateAreTheRowsFromTheSamples(@TempDir Path dir) throws Exception {
        // text ids, a categorical attribute, favourites, affinities, four item and four user aggregates
        PlantedShop shop = PlantedShop.generate(120, 5, 16, 17);
        SampleSpec spec = ShopCtrTest.spec();
        CtrSamples data = CtrSamples.of(SampleSet.build(shop.log(), ShopCtrTest.WEIGHTS, shop.catalog(), spec));
        Path file = dir.resolve("shop.state");
        data.onlineState().save(file);
        OnlineFeatureState loaded = OnlineFeatureState.load(file, spec, shop.catalog());
        assertEquals(data.userNumerics(), loaded.userNumerics());
        Interactions h = data.samples().history();
        try (InMemoryFeatureStore store = InMemoryFeatureStore.builder()
                .withNamespace(NamespaceSpec.vectors("user_stats", data.userNumerics().size())).build()) {
            SampleFeatureProvider fresh = SampleFeatureProvider.of(data, store, "user_stats",
                    SampleFeatureProvider.PositiveHistory.of(data));
            SampleFeatureProvider served = SampleFeatureProvider.of(loaded, store, "user_stats",
                    SampleFeatureProvider.PositiveHistory.of(data));
            int n = shop.catalog().size();
            CandidateBatch all = CandidateBatch.ofItems(IntStream.concat(IntStream.range(0, n), IntStream.of(n, -1))
                    .toArray());
            for (int u = 0; u < h.numUsers(); u += 5) {
                String key = h.users().id(u);
                store.put("user_stats", key, data.userAggregates(u));
                RecRequest r = RecRequest.builder(10).withUser(key, u).build();
                // in batches, as a ranker asks
                for (int from = 0; from < all.size(); from += 16) {
                    int to = Math.min(all.size(), from + 16);
                    assertSameRows(data.schema(), fresh.rows(r, all, from, to), served.rows(r, all, from, to),
                            "user " + key + ", candidates " + from + ".." + to);
                }
            }
        }
    }

    @Test
    void theStateRoundTripsAndIdentifiesItself(@TempDir Path dir) throws Exception {
        ProtocolC pc = protocolC(dir, 8);
        OnlineFeatureState state = pc.onlineState();
        Path file = dir.resolve("s.state");
        state.save(file);
        ItemCatalog catalog = pc.samples().catalog();
        OnlineFeatureState loaded = OnlineFeatureState.load(file, SampleSpec.protocolC(), catalog);
        assertEquals(state.info().contentFingerprint(), loaded.info().contentFingerprint());
        assertEquals(OnlineFeatureState.KIND, loaded.info().kind());
        assertEquals(catalog.size(), loaded.info().rows());
        assertEquals(pc.features().info().contentFingerprint().orElseThrow(),
                loaded.features().info().contentFingerprint().orElseThrow());
        assertEquals(pc.features().info().contentFingerprint().orElseThrow(),
                loaded.info().inputs().get(CtrTrainer.ENCODERS));
        assertEquals(pc.schema(), loaded.schema());
        for (Part p : Part.values()) {
            assertEquals(pc.samples().count(p), loaded.count(p), p.toString());
        }
        for (Aggregate a : new Aggregate[] {Aggregate.ITEM_COUNT, Aggregate.ITEM_MEAN, Aggregate.ITEM_STDDEV}) {
            for (int i = 0; i < catalog.size(); i++) {
                assertEquals(Double.doubleToRawLongBits(pc.samples().currentAggregate(a, i)),
                        Double.doubleToRawLongBits(loaded.itemAggregate(a, i)), a + " of item " + i);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> loaded.itemAggregate(Aggregate.USER_COUNT, 0));
        // a model trained on the samples' rows loads against the loaded state's encoders
        CtrModel model = CtrTrainer.builder(ProtocolC.spec(ModelType.LOGISTIC_REGRESSION)).withMaxEpochs(1).build()
                .fit(pc.fit(), pc.validation()).model();
        Path modelFile = dir.resolve("lr.ctr");
        model.save(modelFile);
        CtrModel back = CtrModel.load(modelFile, loaded.features());
        assertArrayEquals(model.parameters(), back.parameters());
        // saving the same state again gives the same content (the file differs only in its creation time)
        Path again = dir.resolve("again.state");
        loaded.save(again);
        assertEquals(state.info().contentFingerprint(),
                OnlineFeatureState.load(again, SampleSpec.protocolC(), catalog).info().contentFingerprint());
        // and a model trained with other encoders is refused against this state
        ProtocolC other = protocolC(dir, 9);
        CtrModel foreign = CtrTrainer.builder(ProtocolC.spec(ModelType.LOGISTIC_REGRESSION)).withMaxEpochs(1).build()
                .fit(other.fit(), other.validation()).model();
        Path foreignFile = dir.resolve("foreign.ctr");
        foreign.save(foreignFile);
        assertThrows(DataFileException.class, () -> CtrModel.load(foreignFile, loaded.features()));
    }

    @Test
    void aDamagedOrForeignFileIsRefusedNamingTheFileAndThePart(@TempDir Path dir) throws Exception {
        ProtocolC pc = protocolC(dir, 12);
        ItemCatalog catalog = pc.samples().catalog();
        Path file = dir.resolve("good.state");
        pc.onlineState().save(file);
        byte[] good = Files.readAllBytes(file);

        Path truncated = dir.resolve("truncated.state");
        Files.write(truncated, Arrays.copyOf(good, good.length / 2));
        assertRefused(truncated, SampleSpec.protocolC(), catalog, "checksum");
        Path tiny = dir.resolve("tiny.state");
        Files.write(tiny, Arrays.copyOf(good, 5));
        assertRefused(tiny, SampleSpec.protocolC(), catalog, "length");
        Path flipped = dir.resolve("flipped.state");
        byte[] b = good.clone();
        b[b.length - 100] ^= 0x10;
        Files.write(flipped, b);
        assertRefused(flipped, SampleSpec.protocolC(), catalog, "checksum");
        Path empty = dir.resolve("empty.state");
        Files.write(empty, new byte[0]);
        assertRefused(empty, SampleSpec.protocolC(), catalog, "length");
        // another Recsys4J artifact in its place: named
        Path model = dir.resolve("model.state");
        CtrTrainer.builder(ProtocolC.spec(ModelType.LOGISTIC_REGRESSION)).withMaxEpochs(1).build()
                .fit(pc.fit(), pc.validation()).model().save(model);
        DataFileException e = assertRefused(model, SampleSpec.protocolC(), catalog, "magic");
        assertTrue(e.getMessage().contains("ctr-model"), e.getMessage());
        // a valid state of another spec, or over other items
        SampleSpec otherSpec = SampleSpec.protocolC().toBuilder().withMaxRecentPositives(7).build();
        assertRefused(file, otherSpec, catalog, "spec");
        ProtocolC other = protocolC(dir, 13);
        assertRefused(file, SampleSpec.protocolC(), other.samples().catalog(), "items");
        Path missing = dir.resolve("missing.state");
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> OnlineFeatureState.load(missing, SampleSpec.protocolC(), catalog));
    }

    /**
     * The state file and the work folder's keys record the spec as text: it must not depend on the order of a hash
     * map (protocol C's renamed features are a {@code Map.of}, whose order changes from one JVM to the next).
     */
    @Test
    void theSpecsTextListsTheRenamedFeaturesInNameOrder() {
        java.util.LinkedHashMap<String, String> ab = new java.util.LinkedHashMap<>();
        ab.put("itemId", "sku");
        ab.put("userCount", "events");
        java.util.LinkedHashMap<String, String> ba = new java.util.LinkedHashMap<>();
        ba.put("userCount", "events");
        ba.put("itemId", "sku");
        SampleSpec a = SampleSpec.protocolC().toBuilder().withFeatureNames(ab).build();
        SampleSpec b = SampleSpec.protocolC().toBuilder().withFeatureNames(ba).build();
        assertEquals(a.toString(), b.toString());
        assertTrue(a.toString().endsWith("featureNames={itemId=sku, userCount=events}]"), a.toString());
        assertTrue(SampleSpec.protocolC().toString().contains("featureNames={itemCount=movieRatingCount, itemId=movieId, "
                + "itemMean=movieAvgRating, itemStddev=movieRatingStddev, userCount=userRatingCount, userMean=userAvgRating, "
                + "userStddev=userRatingStddev}"), SampleSpec.protocolC().toString());
    }

    private static DataFileException assertRefused(Path file, SampleSpec spec, ItemCatalog catalog, String part) {
        DataFileException e = assertThrows(DataFileException.class, () -> OnlineFeatureState.load(file, spec, catalog));
        assertEquals(file.toString(), e.file(), e.getMessage());
        assertEquals(part, e.field(), e.getMessage());
        return e;
    }

    static void assertSameRows(CtrSchema schema, InputBatch want, InputBatch got, String at) {
        assertEquals(want.rows(), got.rows(), at);
        for (int f = 0; f < schema.numFields(); f++) {
            assertArrayEquals(want.longs(f), got.longs(f), at + ", field " + schema.fieldName(f));
            if (schema.isMultiHot(f)) {
                assertArrayEquals(want.offsets(f), got.offsets(f), at + ", field " + schema.fieldName(f));
            }
        }
        for (int j = 0; j < schema.numNumerics(); j++) {
            float[] a = want.floats(schema.numFields() + j);
            float[] b = got.floats(schema.numFields() + j);
            assertEquals(a.length, b.length, at + ", " + schema.numericName(j));
            for (int r = 0; r < a.length; r++) {
                assertEquals(Float.floatToRawIntBits(a[r]), Float.floatToRawIntBits(b[r]),
                        at + ", " + schema.numericName(j) + " row " + r);
            }
        }
    }
}
