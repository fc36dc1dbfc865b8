/**
 * Recsys4J recall module; see {@code docs/architecture.md} and {@code docs/recall.md}: vector indexes
 * ({@link org.recsys4j.recall.index}) and recall channels with the multi-channel merger
 * ({@link org.recsys4j.recall.channel}).
 */
package org.recsys4j.recall;
