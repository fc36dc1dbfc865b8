package org.recsys4j.spark;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.feature.FittedSchema;
import org.recsys4j.core.feature.SparseRow;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.sample.Aggregate;
import org.recsys4j.core.sample.SampleFeatures;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.core.testing.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark job's samples and encodings equal the single-machine path's ({@code SampleSet.build} +
 * {@code SampleFeatures.fit}) sample by sample and field by field, in local[2], on a generated MovieLens set (no
 * shared data needed; ties of one second included) and on ml-latest-small (skipped when ../shared is absent).
 */
class SparkSamplesTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSparkTesting.session();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void samplesAndEncodingsEqualTheSingleMachinePathOnGeneratedData(@TempDir Path dir) throws IOException {
        // 5 % of one user's ratings share a second: the ties' fold order is part of what is compared
        SyntheticMovieLens.builder(300, 200, 12_000, 7).build().writeLatestCsv(dir);
        long samples = assertSameAsSingleMachine(dir, 3);
        assertTrue(samples > 5_000, "samples " + samples);
    }

    @Test
    void samplesAndEncodingsEqualTheSingleMachinePathOnMlLatestSmall() throws IOException {
        Path dir = SharedData.dataSet("ml-latest-small");
        // the shared copy holds a rating of an item movies.csv lacks: both paths skip it (lenient)
        long samples = assertSameAsSingleMachine(dir, 4);
        assertEquals(99_142, samples);   // docs/samples.md: protocol C on ml-latest-small
    }

    @Test
    void writesParquetSamplesTheFittedEncodersAndTheSplit(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        SyntheticMovieLens.builder(60, 80, 2_000, 3).build().writeLatestCsv(data);
        SparkSamples job = SparkSamples.builder(SampleSpec::protocolC, SparkSamples.movieLensCatalog(data.toString()))
                .build();
        Path out = dir.resolve("out");
        try (SparkSamples.Result r = job.run(SparkSamples.readMovieLensRatings(spark, data.resolve("ratings.csv").toString()))) {
            r.write(out);
            assertEquals(r.size(), spark.read().parquet(out.resolve("samples").toString()).count());
            FittedSchema<SampleRecord> back = SparkSamples.recordSchema(r.spec(), r.catalog(), true, true)
                    .load(out.resolve("features.r4jf"));
            for (String name : back.featureNames()) {
                assertEquals(r.features().encoder(name), back.encoder(name), name);
            }
            assertTrue(Files.readString(out.resolve("split.txt")).contains("splitTimestamp=" + r.split().splitTimestamp()));
            assertThrows(IllegalArgumentException.class, () -> r.write(out), "an existing directory is refused");
        }
    }

    @Test
    void anItemMissingFromTheCatalogueIsNamedWithItsSequence(@TempDir Path dir) throws IOException {
        SyntheticMovieLens.builder(30, 40, 400, 5).build().writeLatestCsv(dir);
        Path ratings = dir.resolve("ratings.csv");
        Files.writeString(ratings, Files.readString(ratings) + "1,999999,4.0,1600000000\n");
        SparkSamples job = SparkSamples.builder(SampleSpec::protocolC, SparkSamples.movieLensCatalog(dir.toString())).build();
        Exception e = assertThrows(Exception.class, () -> job.run(SparkSamples.readMovieLensRatings(spark, ratings.toString())));
        assertTrue(rootMessage(e).contains("item '999999'") && rootMessage(e).contains("sequence 400"), rootMessage(e));
    }

    private static String rootMessage(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append(" | ");
        }
        return b.toString();
    }

    /** Returns the number of samples after asserting that both paths give the same ones. */
    static long assertSameAsSingleMachine(Path dir, int partitions) throws IOException {
        MovieLensData ml = MovieLens.load(dir, LoadOptions.lenient());
        SampleSpec spec = SampleSpec.protocolC();
        SampleSet expected = SampleSet.build(ml.ratings(), ml.catalog(), spec);
        FittedSchema<Integer> expectedFeatures = SampleFeatures.fit(expected);

        SparkSamples job = SparkSamples.builder(SampleSpec::protocolC, SparkSamples.movieLensCatalog(dir.toString()))
                .withPartitions(partitions).withLenient(true).build();
        try (SparkSamples.Result r = job.run(SparkSamples.readMovieLensRatings(spark, dir.resolve("ratings.csv").toString()))) {
            assertEquals(expected.size(), r.size(), "samples");
            long rows;
            try (var lines = Files.lines(dir.resolve("ratings.csv"))) {
                rows = lines.filter(l -> !l.isEmpty()).count() - 1;
            }
            assertEquals(rows - ml.ratings().size(), r.skippedEvents(), "events of unknown items skipped");
            assertEquals(expected.splitTimestamp(), r.split().splitTimestamp(), "split timestamp");
            assertEquals(expected.validationTimestamp(), r.split().validationTimestamp(), "validation timestamp");
            FittedSchema<SampleRecord> features = r.features();
            assertEquals(expectedFeatures.featureNames(), features.featureNames());
            for (String name : expectedFeatures.featureNames()) {
                assertEquals(expectedFeatures.encoder(name), features.encoder(name), "encoder " + name);
            }
            List<SampleRecord> got = r.sorted().collect();
            IdIndex items = r.catalog().items();
            int nf = spec.favourites().size();
            for (int i = 0; i < expected.size(); i++) {
                SampleRecord g = got.get(i);
                String at = "sample " + i + " " + g;
                assertEquals(expected.timestamp(i), g.timestamp(), at);
                assertEquals(expected.userKey(i), g.user(), at);
                assertEquals(expected.itemKey(i), g.item(), at);
                assertEquals(expected.value(i), g.value(), at);
                assertEquals(expected.label(i), g.label(), at);
                assertEquals(expected.part(i), g.part(), at);
                for (Aggregate a : spec.aggregates()) {
                    assertEquals(expected.aggregate(i, a), g.aggregate(a), at + " " + a);
                }
                List<String> recent = new ArrayList<>();
                for (int index : g.recentPositives()) {
                    recent.add(items.id(index));
                }
                assertEquals(expected.recentPositiveKeys(i), recent, at + " recent positives");
                for (int f = 0; f < nf; f++) {
                    assertEquals(expected.favouriteValues(i, f), g.favouriteValues(f), at + " favourites " + f);
                    if (spec.affinities()) {
                        assertEquals(expected.affinity(i, f), g.affinity(f), at + " affinity " + f);
                    }
                }
                SparseRow row = expectedFeatures.sparse(i);
                assertArrayEquals(row.fields(), g.fields(), at + " fields");
                assertArrayEquals(row.indices(), g.indices(), at + " indices");
                assertTrue(Arrays.equals(row.values(), g.values()), at + " values " + Arrays.toString(row.values())
                        + " vs " + Arrays.toString(g.values()));
            }
            return r.size();
        }
    }
}
