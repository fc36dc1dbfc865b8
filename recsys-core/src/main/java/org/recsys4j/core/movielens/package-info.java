/**
 * Loaders for the MovieLens data sets: {@link org.recsys4j.core.movielens.MovieLens#load} detects the
 * layout ({@link org.recsys4j.core.movielens.MovieLensFormat}), reads the catalogue into an
 * {@link org.recsys4j.core.data.ItemCatalog} and the ratings into
 * {@link org.recsys4j.core.data.Interactions}, validating every row, and returns them with a
 * {@link org.recsys4j.core.io.LoadReport} in a {@link org.recsys4j.core.movielens.MovieLensData}.
 * Strict or lenient handling of bad rows is chosen with {@link org.recsys4j.core.io.LoadOptions}, the
 * options of every reader of the library.
 *
 * <p>This is the only MovieLens-specific package of the library; everything it returns is generic.
 * {@link org.recsys4j.core.movielens.MovieLens} also describes its files as mappings of the generic
 * readers of {@code core.io} (ratings as an event log, movies and links as a catalogue), which read them
 * into the same data. {@link org.recsys4j.core.movielens.MovieLensTitles} holds the MovieLens adapters of the
 * other modules: title and series keys read from MovieLens titles (for a de-duplicating re-ranker).
 */
package org.recsys4j.core.movielens;
