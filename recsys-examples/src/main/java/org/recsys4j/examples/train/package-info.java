/**
 * The demo's training: every model the demo server uses (item2vec, DeepWalk, Node2vec, implicit ALS,
 * the item-CF table, HNSW indexes, DeepFM), each saved to a {@link org.recsys4j.examples.train.WorkDir}
 * and reused while the fingerprint of its inputs is unchanged, with {@link org.recsys4j.examples.train.Progress}
 * bars for the long steps.
 */
package org.recsys4j.examples.train;
