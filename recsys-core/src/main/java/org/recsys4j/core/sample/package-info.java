/**
 * Leakage-safe labelled samples for click-through-rate (ranking) models, built from your own events and
 * catalogue.
 *
 * <p>A {@link org.recsys4j.core.sample.SampleSpec} states what a sample is: the
 * {@link org.recsys4j.core.sample.LabelRule} (which events are positive), the history a sample needs, the
 * as-of features (numeric {@link org.recsys4j.core.sample.Aggregate}s of the user and the item, the user's
 * recent positive items, favourite values of any categorical attribute and the affinity to them), the
 * item's static attributes, the time split and the encoders' settings.
 * {@link org.recsys4j.core.sample.SampleSet} builds the samples from an {@code Interactions} history or an
 * {@code EventLog} with a {@code Feedback} policy, and an {@code ItemCatalog}: every feature of a sample
 * looks only at events strictly before its second, in one pass per side, into primitive columns.
 * The as-of features are defined once, by the streaming accumulators {@link org.recsys4j.core.sample.UserAsOf}
 * and {@link org.recsys4j.core.sample.ItemAsOf} (fed one key's events in time order) and the pure
 * {@link org.recsys4j.core.sample.TimeSplit}: the sample set computes them so, and so can a distributed job or an
 * online store. {@link org.recsys4j.core.sample.SampleFeatures} fits the encoders on the train samples.
 * {@link org.recsys4j.core.sample.ProtocolCFeatures} is protocol C ({@code ctr-protocol-v1}) as one
 * configuration. See {@code docs/samples.md}.
 */
package org.recsys4j.core.sample;
