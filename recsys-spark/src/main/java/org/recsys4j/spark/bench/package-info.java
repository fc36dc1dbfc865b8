/**
 * Spark MLlib's ALS and Word2Vec measured on the same data as Recsys4J's own training
 * ({@code recsys-spark/bench.sh}, docs/benchmarks.md "Spark MLlib at the same sizes").
 */
package org.recsys4j.spark.bench;
