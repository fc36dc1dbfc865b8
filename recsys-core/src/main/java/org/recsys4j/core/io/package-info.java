/**
 * Reading data files: the options and reports every reader shares ({@link org.recsys4j.core.io.LoadOptions}:
 * strict or lenient, the minimum kept fraction, a value range; {@link org.recsys4j.core.io.LoadReport}:
 * rows read, kept and skipped by {@link org.recsys4j.core.io.SkipReason}, with examples;
 * {@link org.recsys4j.core.io.TooFewRowsKeptException}), and the readers of your own CSV / TSV files
 * described by a mapping: an event log ({@link org.recsys4j.core.io.EventMapping},
 * {@link org.recsys4j.core.io.EventLogReader} → {@link org.recsys4j.core.data.EventLog}) and an item
 * catalogue ({@link org.recsys4j.core.io.CatalogMapping}, {@link org.recsys4j.core.io.CatalogReader} →
 * {@link org.recsys4j.core.data.ItemCatalog}). The MovieLens loaders ({@code core.movielens}) use the same
 * options and reports. See {@code docs/your-data.md}.
 */
package org.recsys4j.core.io;
