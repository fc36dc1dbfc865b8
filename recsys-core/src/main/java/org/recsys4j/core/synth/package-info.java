/**
 * Seeded synthetic data with planted structure, for tests and benchmarks at any scale:
 * {@link org.recsys4j.core.synth.SyntheticMovieLens} writes MovieLens-format files (ml-latest CSV)
 * or returns an in-memory {@link org.recsys4j.core.data.Interactions} together with the planted user
 * and item clusters; {@link org.recsys4j.core.synth.SyntheticShop} writes a shop's {@code events.csv}
 * (sessions, view / cart / buy funnels, string ids) and {@code items.csv} (categories × brands, prices and
 * price bands) for the generic readers, and returns what it planted. The same seed always gives the same
 * bytes. See {@code docs/synthetic.md} and {@code docs/your-data.md}.
 */
package org.recsys4j.core.synth;
