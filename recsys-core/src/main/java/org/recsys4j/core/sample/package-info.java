/**
 * Leakage-safe labelled samples for click-through-rate (ranking) models, built from a rating log.
 *
 * <p>{@link org.recsys4j.core.sample.AsOfStats} computes, for every rating, the user's and the item's
 * statistics over the ratings strictly earlier in time ("as-of" features: nothing at the same second or
 * later is used). {@link org.recsys4j.core.sample.SampleSet} turns the ratings whose user has enough
 * earlier ratings into labelled samples in canonical (timestamp, user id, item id) order, split by time
 * into fit, validation and test parts, with the items' static metadata and a wide-cross bucket. All
 * thresholds come from a {@link org.recsys4j.core.sample.SampleSpec}; its defaults are protocol C
 * ({@code ctr-protocol-v1}). See {@code docs/samples.md}.
 */
package org.recsys4j.core.sample;
