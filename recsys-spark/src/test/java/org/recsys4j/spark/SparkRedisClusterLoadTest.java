package org.recsys4j.spark;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.sample.Aggregate;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.store.RedisFeatureStore;
import org.recsys4j.core.store.RedisStoreConfig;
import org.recsys4j.core.store.StoreLoader;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.core.testing.RedisClusterExtension;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The users' current aggregates computed on Spark (local[2]) are loaded into a real three-node Redis Cluster through
 * core's versioned {@code StoreLoader}, and read back equal to {@code SampleSet.currentAggregate} on one machine
 * for every user; a second load replaces the first as a new version.
 */
class SparkRedisClusterLoadTest {
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

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
    void currentUserAggregatesLoadIntoRedisClusterAsOneVersionEqualToTheSingleMachineValues(@TempDir Path dir)
            throws IOException {
        SyntheticMovieLens.builder(150, 120, 6_000, 11).build().writeLatestCsv(dir);
        MovieLensData ml = MovieLens.load(dir);
        SampleSpec spec = SampleSpec.protocolC();
        SampleSet single = SampleSet.build(ml.ratings(), ml.catalog(), spec);
        List<Aggregate> user = new ArrayList<>();
        for (Aggregate a : spec.aggregates()) {
            if (a.isUser()) {
                user.add(a);
            }
        }
        SparkSamples job = SparkSamples.builder(SampleSpec::protocolC, SparkSamples.movieLensCatalog(dir.toString()))
                .withPartitions(3).build();
        JavaPairRDD<String, float[]> rows = job.currentUserAggregates(
                SparkSamples.readMovieLensRatings(spark, dir.resolve("ratings.csv").toString()));
        RedisStoreConfig config = RedisStoreConfig.builder().withHost(CLUSTER.host()).withPort(CLUSTER.ports().get(0))
                .withPrefix("spark-" + System.nanoTime()).withNamespace(NamespaceSpec.vectors("user_stats", user.size()))
                .build();
        try (RedisFeatureStore store = RedisFeatureStore.connectCluster(config)) {
            assertTrue(store.isCluster());
            StoreLoader loader = StoreLoader.builder(store).withBatchSize(64).build();
            StoreLoader.Summary first = SparkStoreLoad.loadVectors(loader, "user_stats", rows);
            IdIndex users = ml.ratings().users();
            assertEquals(users.size(), first.rows());
            assertEquals(first.version(), store.currentVersion("user_stats"));
            for (int u = 0; u < users.size(); u++) {
                float[] expected = new float[user.size()];
                for (int j = 0; j < expected.length; j++) {
                    expected[j] = (float) single.currentAggregate(user.get(j), u);
                }
                Optional<float[]> got = store.get("user_stats", users.id(u));
                assertTrue(got.isPresent(), "user " + users.id(u));
                assertArrayEquals(expected, got.get(), "user " + users.id(u));
            }
            StoreLoader.Summary second = SparkStoreLoad.loadVectors(loader, "user_stats", rows);
            assertTrue(second.version() > first.version());
            assertEquals(second.version(), store.currentVersion("user_stats"));
        }
    }
}
