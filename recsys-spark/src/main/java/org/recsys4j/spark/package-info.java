/**
 * The offline jobs on Apache Spark: leakage-safe CTR samples and their encoded features of a log too large for
 * one machine, computed with recsys-core's own as-of definitions and fitted encoders, and the load of features
 * and embeddings into a Redis (Cluster) feature store through recsys-core's versioned loader. Spark is a
 * provided dependency (spark-submit supplies it). See {@code docs/spark.md}.
 */
package org.recsys4j.spark;
