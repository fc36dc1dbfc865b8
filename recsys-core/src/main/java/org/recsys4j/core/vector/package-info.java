/**
 * Dense vector kernels ({@link org.recsys4j.core.vector.Vectors}): the single hot path for dot products,
 * distances and updates that embedding training, vector indexes and rankers share.
 */
package org.recsys4j.core.vector;
