package org.recsys4j.core.feature;

import org.recsys4j.core.data.DataFileException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A protocol-C-shaped schema on hand-made samples: exact sparse and dense rows, errors, save and load. */
class FeatureSchemaTest {
    @TempDir
    Path dir;

    record Sample(long user, long movie, List<String> genres, long[] recent, double year, double count, long time) {
    }

    static final long SAT_NOON = Instant.parse("2021-01-02T12:00:00Z").getEpochSecond();   // Saturday
    static final long MON_7AM = Instant.parse("2021-01-04T07:00:00Z").getEpochSecond();    // Monday

    static final List<Sample> TRAIN = List.of(
            new Sample(1, 10, List.of("Drama"), new long[] {}, 1990, 0, MON_7AM),
            new Sample(1, 20, List.of("Comedy", "Drama"), new long[] {10}, 2000, 1, MON_7AM),
            new Sample(2, 10, List.of("Drama"), new long[] {}, Double.NaN, 4, SAT_NOON),
            new Sample(2, 30, List.of(), new long[] {10}, 1990, 2, SAT_NOON));

    static FeatureSchema<Sample> schema() {
        return FeatureSchema.<Sample>builder()
                .addCategorical("userId", Vocabulary.trainer().withMinCount(2).build(), Sample::user)
                .addCategorical("movieId", Vocabulary.trainer().withMinCount(2).build(), Sample::movie)
                .addMultiHot("genres", MultiHot.trainer().build(), Sample::genres)
                .addMultiHotLongsOver("recentPositive", "movieId", MultiHot.Oov.KEEP, Sample::recent)
                .addQuantile("year", QuantileBuckets.trainer().withBuckets(2).build(), Sample::year)
                .addMinMax("count", MinMaxScaler.trainer().build(), Sample::count)
                .addCross("cross", HashedCross.of(10_000), Sample::movie, s -> s.recent().length == 0 ? 0 : s.recent()[0])
                .addTime("time", TimeContext.of(ZoneId.of("UTC"), 6), Sample::time)
                .build();
    }

    @Test
    void fitsEveryEncoderInOneCall() {
        FittedSchema<Sample> f = schema().fit(TRAIN);
        assertEquals(List.of("userId", "movieId", "genres", "recentPositive", "year", "count", "cross", "time"), f.featureNames());
        Vocabulary users = f.encoder("userId", Vocabulary.class);
        assertEquals(2, users.size());                          // 1 and 2, both twice
        Vocabulary movies = f.encoder("movieId", Vocabulary.class);
        assertEquals(1, movies.size());                         // only 10 twice
        assertEquals(movies, f.encoder("recentPositive", MultiHot.class).vocabulary());
        // years 1990, 2000, 1990 -> Y = [1990, 1990, 2000], q = 2: c_1 = Y[1] = 1990
        assertArrayEquals(new double[] {1990}, f.encoder("year", QuantileBuckets.class).cuts());
        assertEquals(4.0, f.encoder("count", MinMaxScaler.class).max());
        // widths: 3 + 2 + 3 + 2 + 3 + 1 + 10000 + 5
        assertEquals(10_019, f.sparseDimension());
        assertEquals(8, f.fieldOffset("recentPositive"));
        assertEquals(10_014, f.fieldOffset("time"));
        // dense: 1 + 1 + 3 + 2 + 1 + 1 + 1 + 2
        assertEquals(12, f.denseWidth());
    }

    @Test
    void encodesASampleSparseAndDense() {
        FittedSchema<Sample> f = schema().fit(TRAIN);
        Sample s = new Sample(2, 99, List.of("Drama", "Western"), new long[] {10, 55}, 2005, 8, SAT_NOON);
        SparseRow row = f.sparse(s);
        int cross = EncodersTest.crossBucket(99, 10);
        assertArrayEquals(new int[] {0, 1, 2, 2, 3, 3, 4, 5, 6, 7, 7}, row.fields());
        assertArrayEquals(new int[] {
                2,                      // userId 2 -> 2
                3 + 0,                  // movieId 99 -> OOV
                5 + 0, 5 + 2,           // genres: Western OOV, Drama = 2
                8 + 0, 8 + 1,           // recent: 55 OOV, 10 -> 1
                10 + 2,                 // year 2005 >= 1990 -> bucket 2
                13,                     // count
                14 + cross,
                10_014 + 2, 10_014 + 4  // noon / 6 = 2; weekend slot
        }, row.indices());
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 1, 2.0, 1, 1, 1}, row.values());   // count (8-0)/4 = 2, not clipped

        assertArrayEquals(new double[] {2, 0, 1, 0, 1, 1, 1, 2, 2.0, cross, 2, 1}, f.dense(s));
        Sample missingYearWeekday = new Sample(7, 10, List.of(), new long[] {}, Double.NaN, 0, MON_7AM);
        assertArrayEquals(new double[] {0, 1, 0, 0, 0, 0, 0, 0, 0.0, EncodersTest.crossBucket(10, 0), 1, 0},
                f.dense(missingYearWeekday));
        double[] out = new double[14];
        f.dense(s, out, 2);
        assertEquals(2.0, out[2]);
        assertThrows(IndexOutOfBoundsException.class, () -> f.dense(s, out, 3));
    }

    @Test
    void errorsNameTheFeature() {
        FittedSchema<Sample> f = schema().fit(TRAIN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.encoder("rating"));
        assertEquals("unknown feature 'rating'; the schema has [userId, movieId, genres, recentPositive, year, count, cross, time]",
                e.getMessage());
        Sample nullGenres = new Sample(1, 10, null, new long[] {}, 1990, 0, MON_7AM);
        e = assertThrows(IllegalArgumentException.class, () -> f.sparse(nullGenres));
        assertEquals("feature 'genres': cannot encode the row: extractor returned null", e.getMessage());
        Sample infinite = new Sample(1, 10, List.of(), new long[] {}, 1990, Double.POSITIVE_INFINITY, MON_7AM);
        e = assertThrows(IllegalArgumentException.class, () -> f.dense(infinite));
        assertTrue(e.getMessage().startsWith("feature 'count': cannot encode the row: extractor returned Infinity"), e.getMessage());
        assertEquals("feature 'year' has a QUANTILE_BUCKETS encoder, not a Vocabulary",
                assertThrows(IllegalArgumentException.class, () -> f.encoder("year", Vocabulary.class)).getMessage());

        List<Sample> badTrain = List.of(TRAIN.get(0), nullGenres);
        e = assertThrows(IllegalArgumentException.class, () -> schema().fit(badTrain));
        assertEquals("feature 'genres': extractor returned null on training row 1", e.getMessage());
        FeatureSchema<Sample> throwing = FeatureSchema.<Sample>builder()
                .addMinMax("ratio", MinMaxScaler.trainer().build(), s -> 1.0 / s.recent()[0]).build();
        e = assertThrows(IllegalArgumentException.class, () -> throwing.fit(TRAIN));
        assertTrue(e.getMessage().startsWith("feature 'ratio': extractor failed on training row 0: "), e.getMessage());
    }

    @Test
    void theBuilderRefusesDuplicateNamesAndForwardVocabularyReferences() {
        FeatureSchema.Builder<Sample> b = FeatureSchema.<Sample>builder()
                .addCategorical("movieId", Vocabulary.trainer().build(), Sample::movie);
        FeatureSchema.Builder<Sample> twice = b.addCategorical("movieId", Vocabulary.trainer().build(), Sample::movie);
        assertEquals("name: feature 'movieId' is declared twice",
                assertThrows(IllegalArgumentException.class, twice::build).getMessage(), "the setter stores, build() refuses");
        FeatureSchema.Builder<Sample> forward = FeatureSchema.<Sample>builder()
                .addCategorical("movieId", Vocabulary.trainer().build(), Sample::movie)
                .addMultiHotLongsOver("recent", "items", MultiHot.Oov.KEEP, Sample::recent);
        assertEquals("vocabulary: 'items', feature 'recent' needs a categorical or multi-hot feature of that name "
                        + "declared earlier; declared so far: [movieId]",
                assertThrows(IllegalArgumentException.class, forward::build).getMessage());
        assertEquals("feature 'year': value", assertThrows(NullPointerException.class, () -> FeatureSchema.<Sample>builder()
                .addQuantile("year", QuantileBuckets.trainer().build(), null).build()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> FeatureSchema.<Sample>builder().build());
    }

    @Test
    void aFittedSchemaSavesAndLoadsAsAWhole() throws IOException {
        FittedSchema<Sample> f = schema().fit(TRAIN);
        Path file = dir.resolve("schema.r4jf");
        f.save(file);
        FittedSchema<Sample> back = schema().load(file);
        for (String name : f.featureNames()) {
            assertEquals(f.encoder(name), back.encoder(name), name);
        }
        for (Sample s : TRAIN) {
            assertArrayEquals(f.sparse(s).indices(), back.sparse(s).indices());
            assertArrayEquals(f.dense(s), back.dense(s));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        back.write(out);
        assertArrayEquals(Files.readAllBytes(file), out.toByteArray(), "a reloaded schema writes the same bytes");
        assertEquals(f.toString(), schema().read(new ByteArrayInputStream(out.toByteArray()), "mem").toString());
    }

    @Test
    void loadingChecksTheFileAgainstTheDefinition() throws IOException {
        Path file = dir.resolve("schema.r4jf");
        schema().fit(TRAIN).save(file);
        FeatureSchema<Sample> renamed = FeatureSchema.<Sample>builder()
                .addCategorical("user", Vocabulary.trainer().build(), Sample::user).build();
        DataFileException e = assertThrows(DataFileException.class, () -> renamed.load(file));
        assertTrue(e.getMessage().startsWith(file + ": features=8 [userId, movieId,"), e.getMessage());
        assertEquals("this schema has 1 [user]", e.problem());

        FeatureSchema<Sample> otherKind = FeatureSchema.<Sample>builder()
                .addMinMax("userId", MinMaxScaler.trainer().build(), Sample::user).build();
        Path one = dir.resolve("one.r4jf");
        FeatureSchema.<Sample>builder().addCategorical("userId", Vocabulary.trainer().build(), Sample::user).build()
                .fit(TRAIN).save(one);
        assertEquals(one + ": feature 'userId'=VOCABULARY: has a VOCABULARY encoder in the file, this schema expects MIN_MAX",
                assertThrows(DataFileException.class, () -> otherKind.load(one)).getMessage());

        FeatureSchema<Sample> otherCross = FeatureSchema.<Sample>builder()
                .addCross("c", HashedCross.of(10), Sample::user, Sample::movie).build();
        Path crossFile = dir.resolve("cross.r4jf");
        FeatureSchema.<Sample>builder().addCross("c", HashedCross.of(20), Sample::user, Sample::movie).build()
                .fit(TRAIN).save(crossFile);
        assertTrue(assertThrows(DataFileException.class, () -> otherCross.load(crossFile)).getMessage()
                .contains("feature 'c'=HashedCross[numBuckets=20"));

        assertEquals(file + ": kind=SCHEMA: holds a whole feature schema; load it with FeatureSchema.load",
                assertThrows(DataFileException.class, () -> EncoderFormat.load(file)).getMessage());
        Path single = dir.resolve("single.r4jf");
        EncoderFormat.save(HashedCross.of(3), single);
        assertEquals(single + ": kind=HASHED_CROSS: holds a single HASHED_CROSS encoder, not a feature schema",
                assertThrows(DataFileException.class, () -> schema().load(single)).getMessage());

        byte[] b = Files.readAllBytes(file);
        b[40] ^= 1;
        Files.write(file, b);
        assertEquals("checksum", assertThrows(DataFileException.class, () -> schema().load(file)).field());
    }
}
