/**
 * Seeded synthetic data with planted structure, for tests and benchmarks at any scale:
 * {@link org.recsys4j.core.synth.SyntheticMovieLens} writes MovieLens-format files (ml-latest CSV)
 * or returns an in-memory {@link org.recsys4j.core.data.Interactions} together with the planted user
 * and item clusters. The same seed always gives the same bytes. See {@code docs/synthetic.md}.
 */
package org.recsys4j.core.synth;
