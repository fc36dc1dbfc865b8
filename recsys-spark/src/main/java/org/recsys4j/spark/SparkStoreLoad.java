package org.recsys4j.spark;

import org.apache.spark.api.java.JavaPairRDD;
import org.recsys4j.core.store.StoreLoader;
import scala.Tuple2;

import java.util.AbstractMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Loads vectors computed on Spark (current user features, embeddings) into a feature store — Redis or Redis
 * Cluster — through recsys-core's versioned {@link StoreLoader}: the rows stream to the driver partition by
 * partition ({@code toLocalIterator}: one partition in the driver's memory at a time) and are written as one
 * versioned load, which readers see only when it is complete and committed; a failure leaves the previous version
 * current. One writer, so the load runs at the loader's rate (docs/spark.md gives it), not at the cluster's.
 *
 * <pre>{@code
 * try (RedisFeatureStore store = RedisFeatureStore.connectCluster(config)) {
 *     StoreLoader.Summary s = SparkStoreLoad.loadVectors(StoreLoader.builder(store).build(), "user_stats",
 *             job.currentUserAggregates(events));
 * }
 * }</pre>
 */
public final class SparkStoreLoad {
    private SparkStoreLoad() {
    }

    /**
     * Returns the summary of loading {@code rows} (key, vector) into {@code namespace} as one versioned load.
     *
     * @param loader    the loader (its store, batch size, listener, abort switch)
     * @param namespace a vector namespace of the loader's store
     * @param rows      the rows; counted once for the progress total, then streamed
     * @return the committed load
     */
    public static StoreLoader.Summary loadVectors(StoreLoader loader, String namespace, JavaPairRDD<String, float[]> rows) {
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(rows, "rows");
        long total = rows.count();
        Iterator<Tuple2<String, float[]>> it = rows.toLocalIterator();
        Iterator<Map.Entry<String, float[]>> entries = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Map.Entry<String, float[]> next() {
                Tuple2<String, float[]> t = it.next();
                return new AbstractMap.SimpleImmutableEntry<>(t._1(), t._2());
            }
        };
        return loader.loadVectors(namespace, entries, total);
    }
}
