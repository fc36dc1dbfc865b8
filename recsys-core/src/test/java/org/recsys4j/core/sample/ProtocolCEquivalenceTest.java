package org.recsys4j.core.sample;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.feature.HashedCross;
import org.recsys4j.core.io.CatalogReader;
import org.recsys4j.core.io.EventLogReader;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.io.Loaded;
import org.recsys4j.core.io.ValueRange;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.movielens.MovieLensFormat;
import org.recsys4j.core.split.Splits;
import org.recsys4j.core.testing.Fingerprint;
import org.recsys4j.core.testing.SharedData;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Protocol C is one configuration of the generic sample builder, proven against known answers: built through
 * {@link SampleSpec#protocolC()}, every feature of every sample equals what the code the generic builder
 * replaced computes ({@link ProtocolCReference}, kept verbatim), on random logs (always) and on ml-latest-small
 * and ml-100k (skipped when ../shared is absent); and a fingerprint of every feature of every sample equals the
 * one the replaced code gave before the change. Through the event-log path (CSV readers, {@code
 * Feedback.allRatings()}) ml-latest-small gives the same fingerprint.
 */
class ProtocolCEquivalenceTest {
    /**
     * An FNV-style hash over every sample's ids, time, rating, label, part, rating row, six numerics (bits), recent ids,
     * favourite genres, the item's genres and year, and cross bucket: the values of the replaced code
     * (SampleSet and AsOfStats at commit 4716427), computed with it before the change.
     */
    private static final long ML_LATEST_SMALL = 0x34fb879ee705ff46L;
    private static final long ML_100K = 0x2132ec71a0b32fd9L;

    /** The fingerprint of every feature of every sample of a protocol C sample set. */
    static long fingerprint(SampleSet s) {
        Fingerprint f = new Fingerprint();
        ItemCatalog c = s.catalog();
        for (int i = 0; i < s.size(); i++) {
            f.mix(s.userId(i));
            f.mix(s.itemId(i));
            f.mix(s.timestamp(i));
            f.mix((double) s.value(i));
            f.mix(s.label(i) ? 1 : 0);
            f.mix(s.part(i).ordinal());
            f.mix(s.eventRow(i));
            f.mix(s.itemCount(i));
            f.mix(s.itemMean(i));
            f.mix(s.itemStddev(i));
            f.mix(s.userCount(i));
            f.mix(s.userMean(i));
            f.mix(s.userStddev(i));
            for (long id : s.recentPositiveIds(i)) {
                f.mix(id);
            }
            f.mix(-1L);
            for (String g : s.favouriteValues(i, ProtocolCFeatures.GENRES)) {
                f.mix(g);
            }
            f.mix(-2L);
            for (String g : c.genreNames(s.itemIndex(i))) {
                f.mix(g);
            }
            OptionalInt y = c.year(s.itemIndex(i));
            f.mix(y.isPresent() ? y.getAsInt() : -999);
            f.mix(s.crossBucket(i));
        }
        return f.value();
    }

    /** Every feature of every sample of the generic path equals the replaced code's; returns the samples. */
    private static SampleSet assertSameAsReference(Interactions r, ItemCatalog c) {
        SampleSet s = SampleSet.build(r, c, SampleSpec.protocolC());
        ProtocolCReference ref = ProtocolCReference.compute(r, c);
        int[] rows = ref.sampleRows();
        assertEquals(rows.length, s.size(), "samples");
        assertEquals(r.size() - rows.length, s.droppedColdUser(), "dropped");
        long[] ts = new long[rows.length];
        HashedCross cross = HashedCross.of(10_000);
        for (int i = 0; i < rows.length; i++) {
            int k = rows[i];
            String at = "sample " + i + " (rating " + k + ")";
            ts[i] = r.timestamp(k);
            assertEquals(k, s.eventRow(i), at);
            assertEquals(r.timestamp(k), s.timestamp(i), at);
            assertEquals(r.value(k), s.value(i), at);
            assertEquals(r.value(k) >= 3.5, s.label(i), at);
            assertEquals(ref.userRatingCount(k), s.userCount(i), at);
            assertEquals(ref.userAvgRating(k), s.userMean(i), 0.0, at);
            assertEquals(ref.userRatingStddev(k), s.userStddev(i), 0.0, at);
            assertEquals(ref.itemRatingCount(k), s.itemCount(i), at);
            assertEquals(ref.itemAvgRating(k), s.itemMean(i), 0.0, at);
            assertEquals(ref.itemRatingStddev(k), s.itemStddev(i), 0.0, at);
            int[] recent = ref.recentPositives(k);
            long[] ids = new long[recent.length];
            for (int j = 0; j < recent.length; j++) {
                ids[j] = r.items().longId(recent[j]);
            }
            assertArrayEquals(ids, s.recentPositiveIds(i), at);
            List<String> genres = new ArrayList<>();
            for (int g : ref.favouriteGenres(k)) {
                genres.add(c.genreVocabulary().get(g));
            }
            assertEquals(genres, s.favouriteValues(i, ProtocolCFeatures.GENRES), at);
            assertEquals(cross.bucket(r.items().longId(r.item(k)), ids.length == 0 ? 0 : ids[0]), s.crossBucket(i), at);
        }
        long t = Splits.timeQuantileThreshold(ts, 4, 5);
        assertEquals(t, s.splitTimestamp(), "T");
        int train = 0;
        for (long x : ts) {
            train += x <= t ? 1 : 0;
        }
        long[] trainTs = java.util.Arrays.copyOf(ts, train);   // ascending: the train samples come first
        long tv = Splits.timeQuantileThreshold(trainTs, 9, 10);
        assertEquals(tv, s.validationTimestamp(), "Tv");
        for (int i = 0; i < ts.length; i++) {
            Part p = ts[i] > t ? Part.TEST : ts[i] <= tv ? Part.FIT : Part.VALIDATION;
            assertEquals(p, s.part(i), "part of sample " + i);
        }
        return s;
    }

    @Test
    void randomLogsMatchTheReplacedCodeFeatureByFeature() {
        for (long seed = 1; seed <= 6; seed++) {
            Random rnd = new Random(seed);
            String[] genreNames = {"Action", "Comedy", "Drama", "Film-Noir", "IMAX", "Sci-Fi", "War"};
            ItemCatalog.Builder cb = ItemCatalog.builder();
            int items = 40 + rnd.nextInt(40);
            for (int i = 0; i < items; i++) {
                List<String> g = new ArrayList<>();
                for (String name : genreNames) {
                    if (rnd.nextInt(3) == 0) {
                        g.add(name);
                    }
                }
                String title = rnd.nextInt(8) == 0 ? "No Year " + i : "Item " + i + " (19" + (40 + rnd.nextInt(60)) + ")";
                cb.add(5000 - 13L * i, title, g);     // ids unrelated to insertion order
            }
            ItemCatalog c = cb.build();
            long[] userIds = new long[8 + rnd.nextInt(8)];
            for (int u = 0; u < userIds.length; u++) {
                userIds[u] = 900 - 7L * u;             // a descending, unsorted user index
            }
            Interactions.Builder b = Interactions.builder(IdIndex.ofLongs(userIds), c.items());
            int n = 1500 + rnd.nextInt(1000);
            for (int k = 0; k < n; k++) {
                // few seconds: many ratings of one user share a second; repeated (user, item) pairs occur
                b.add(rnd.nextInt(userIds.length), rnd.nextInt(items), 0.5f * (1 + rnd.nextInt(10)),
                        1000 + rnd.nextInt(150));
            }
            assertSameAsReference(b.build(), c);
        }
    }

    private static void sharedDataSet(String name, long fingerprint) throws IOException {
        MovieLensData ml = MovieLens.load(SharedData.dataSet(name), LoadOptions.lenient());
        SampleSet s = assertSameAsReference(ml.ratings(), ml.catalog());
        assertEquals(fingerprint, fingerprint(s), "fingerprint of every feature of every sample");
    }

    @Test
    void mlLatestSmallMatchesTheReplacedCodeEverywhere() throws IOException {
        sharedDataSet("ml-latest-small", ML_LATEST_SMALL);
    }

    @Test
    void ml100kMatchesTheReplacedCodeEverywhere() throws IOException {
        sharedDataSet("ml-100k", ML_100K);
    }

    @Test
    void theEventLogPathGivesTheSameSamples() throws IOException {
        Path dir = SharedData.dataSet("ml-latest-small");
        MovieLensFormat format = MovieLensFormat.LATEST_CSV;
        LoadOptions lenient = LoadOptions.lenient();
        ItemCatalog catalog = CatalogReader.builder(MovieLens.catalogMapping(format)).withOptions(lenient).build()
                .read(dir.resolve(format.itemsFile())).data();
        ValueRange range = format.defaultRatingRange();
        Loaded<EventLog> events = EventLogReader.builder(MovieLens.eventMapping(format))
                .withOptions(lenient.toBuilder().withValueRange(range.min(), range.max(), range.step()).build())
                .withKnownItems(catalog.items(), format.itemsFile())
                .build()
                .read(dir.resolve(format.ratingsFile()));
        assertEquals(1, events.report().skipped(), "step 0: the rating of an unknown movie");
        SampleSet s = SampleSet.build(events.data(), Feedback.allRatings(), catalog, SampleSpec.protocolC());
        assertEquals(0, s.droppedByFeedback());
        assertEquals(99_142, s.size());
        assertEquals(ML_LATEST_SMALL, fingerprint(s));
    }
}
