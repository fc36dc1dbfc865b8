/**
 * Feature encoders and feature schemas: each encoder is fitted once on training data and is then an
 * immutable, thread-safe function from raw values to indices or numbers.
 *
 * <ul>
 *   <li>{@link org.recsys4j.core.feature.Vocabulary}: one-hot ids with an out-of-vocabulary index 0;</li>
 *   <li>{@link org.recsys4j.core.feature.MultiHot}: token sets to sorted distinct indices;</li>
 *   <li>{@link org.recsys4j.core.feature.MinMaxScaler}, {@link org.recsys4j.core.feature.StandardScaler}:
 *       numeric scaling;</li>
 *   <li>{@link org.recsys4j.core.feature.QuantileBuckets}: train-quantile buckets, missing to 0;</li>
 *   <li>{@link org.recsys4j.core.feature.LabelThreshold}: rating to 0/1 label;</li>
 *   <li>{@link org.recsys4j.core.feature.HashedCross}: SplitMix64-hashed crosses of two ids;</li>
 *   <li>{@link org.recsys4j.core.feature.TimeContext}: hour bucket and weekend flag in a zone.</li>
 * </ul>
 *
 * <p>{@link org.recsys4j.core.feature.FeatureSchema} names features over a row type, fits them all in
 * one call and gives a {@link org.recsys4j.core.feature.FittedSchema} that encodes rows to
 * {@link org.recsys4j.core.feature.SparseRow}s and dense arrays. Encoders and schemas save and load
 * through one versioned, checksummed binary format, {@link org.recsys4j.core.feature.EncoderFormat}.
 * The encoders express protocol C's encodings exactly (see {@code docs/features.md}).
 */
package org.recsys4j.core.feature;
