package org.recsys4j.rank.ctr;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.testing.Fingerprint;
import org.recsys4j.core.testing.SharedData;
import org.recsys4j.rank.serving.InputBatch;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protocol C's encoded rows and online rows through the generic {@link CtrSamples} and
 * {@link SampleFeatureProvider} are bit for bit those of the code they replaced: fingerprints of every id,
 * numeric and label of the fit, validation, test and train rows, and of the provider's rows for five requests
 * over every catalogue item and three unknown ones, recorded with the replaced {@code ProtocolC} and
 * {@code ProtocolCFeatureProvider} (commit 4716427). Skipped when ../shared is absent.
 */
class ProtocolCRowsTest {
    private static final long ROWS_ML_LATEST_SMALL = 0x8ffc19d28c5a6474L;
    private static final long ROWS_ML_100K = 0x1fa29a47fd2c6f5cL;
    private static final long[] PROVIDER_ML_LATEST_SMALL = {0xbcf53d987b9648aaL, 0xf8e99a1235b74211L,
        0x8dc23cfc9fb63fafL, 0x609dc794c39c00ecL, 0x26b945e20d6252d6L};

    private static ProtocolC protocolC(String name) throws IOException {
        MovieLensData ml = MovieLens.load(SharedData.dataSet(name), LoadOptions.lenient());
        return ProtocolC.of(SampleSet.build(ml.ratings(), ml.catalog(), SampleSpec.protocolC()));
    }

    private static long rowsFingerprint(ProtocolC pc) {
        Fingerprint f = new Fingerprint();
        f.mix(pc.schema().toString());
        for (CtrData d : new CtrData[] {pc.fit(), pc.validation(), pc.test(), pc.train()}) {
            f.mix(d.size());
            for (int i = 0; i < d.size(); i++) {
                for (int j = 0; j < d.schema().numFields(); j++) {
                    f.mix(d.count(j, i));
                    for (int k = 0; k < d.count(j, i); k++) {
                        f.mix(d.id(j, i, k));
                    }
                }
                for (int j = 0; j < d.schema().numNumerics(); j++) {
                    f.mix(Float.floatToIntBits(d.numeric(i, j)));
                }
                f.mix(Float.floatToIntBits(d.label(i)));
            }
        }
        return f.value();
    }

    @Test
    void mlLatestSmallRowsAndOnlineRowsAreTheReplacedCodes() throws Exception {
        ProtocolC pc = protocolC("ml-latest-small");
        assertEquals(ROWS_ML_LATEST_SMALL, rowsFingerprint(pc));
        int n = pc.samples().catalog().size();
        int[] items = new int[n + 3];
        for (int i = 0; i < n; i++) {
            items[i] = i;
        }
        items[n] = -1;
        items[n + 1] = n;
        items[n + 2] = n + 100;
        CandidateBatch candidates = CandidateBatch.ofItems(items);
        RecRequest[] requests = {
            RecRequest.builder(10).withUser("7", 6).withHistory(new int[] {3, 8, 13}).build(),
            RecRequest.builder(10).build(),
            RecRequest.builder(10).withUser("guest-9", -1).withHistory(new int[] {999}).build(),
            RecRequest.builder(10).withUser("414", -1).withHistory(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 500, 900,
                4000}).build(),
            RecRequest.builder(10).withUser("99999", -1).withHistory(new int[] {5, n + 5, 77, 5}).build(),   // 5 twice
        };
        try (InMemoryFeatureStore store = InMemoryFeatureStore.builder()
                .withNamespace(NamespaceSpec.vectors("user_stats", 3)).build()) {
            store.put("user_stats", "7", new float[] {15, 3.8f, 0.9f});
            store.put("user_stats", "414", new float[] {2000, 3.4f, 1.1f});
            ProtocolCFeatureProvider p = new ProtocolCFeatureProvider(pc, store, "user_stats");
            CtrSchema schema = pc.schema();
            Fingerprint f = new Fingerprint();
            for (int r = 0; r < requests.length; r++) {
                InputBatch b = p.rows(requests[r], candidates, 0, candidates.size());
                for (int j = 0; j < schema.numFields(); j++) {
                    long[] ids = b.longs(j);
                    if (schema.isMultiHot(j)) {
                        int[] off = b.offsets(j);
                        for (int k = 0; k <= candidates.size(); k++) {
                            f.mix(off[k]);
                        }
                        for (int k = 0; k < off[candidates.size()]; k++) {
                            f.mix(ids[k]);
                        }
                    } else {
                        for (int k = 0; k < candidates.size(); k++) {
                            f.mix(ids[k]);
                        }
                    }
                }
                for (int j = 0; j < schema.numNumerics(); j++) {
                    float[] x = b.floats(schema.numFields() + j);
                    for (int k = 0; k < candidates.size(); k++) {
                        f.mix(Float.floatToIntBits(x[k]));
                    }
                }
                assertEquals(PROVIDER_ML_LATEST_SMALL[r], f.value(), "after request " + r);
            }
        }
    }

    @Test
    void ml100kRowsAreTheReplacedCodes() throws Exception {
        assertEquals(ROWS_ML_100K, rowsFingerprint(protocolC("ml-100k")));
    }

    @Test
    void protocolCNeedsProtocolCsFeatures() {
        ItemCatalog.Builder cb = ItemCatalog.builder();
        for (int i = 1; i <= 20; i++) {
            cb.add(i, "Movie " + i + " (19" + (70 + i) + ")", List.of(i % 2 == 0 ? "Drama" : "Comedy"));
        }
        ItemCatalog catalog = cb.build();
        Interactions.Builder rb = Interactions.builder(IdIndex.ofLongs(1, 2, 3, 4, 5), catalog.items());
        java.util.Random rnd = new java.util.Random(1);
        for (int k = 0; k < 300; k++) {
            rb.add(rnd.nextInt(5), rnd.nextInt(20), 0.5f * (1 + rnd.nextInt(10)), 1000 + k);
        }
        Interactions ratings = rb.build();
        SampleSet other = SampleSet.build(ratings, catalog,
                SampleSpec.protocolC().toBuilder().withFeatureNames(java.util.Map.of()).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProtocolC.of(other));
        assertTrue(e.getMessage().contains("are not protocol C's"), e.getMessage());
        // a variant that keeps the features (another split) is still protocol C's rows
        SampleSet split = SampleSet.build(ratings, catalog,
                SampleSpec.protocolC().toBuilder().withTrainFraction(7, 10).build());
        assertEquals(List.of("userId", "movieId", "genres", "year", "recentPositive", "favouriteGenres", "wideCross"),
                ProtocolC.of(split).schema().fieldNames());
    }
}
