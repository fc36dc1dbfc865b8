package org.recsys4j.core.data;

/**
 * How an artifact saved with its ids (an item-neighbour table, an embedding table) is fitted to the ids a
 * program uses now (e.g. a catalogue that gained items since the artifact was saved).
 *
 * <pre>{@code
 * ItemNeighbors cf = ItemNeighbors.read(file, catalog.items(), IdMatch.BY_ID);   // remapped, missing items counted
 * ItemNeighbors same = ItemNeighbors.read(file, catalog.items(), IdMatch.EXACT); // or a DataFileException
 * }</pre>
 */
public enum IdMatch {
    /**
     * The artifact's ids must be the target's, in the same order; otherwise the load fails with a
     * {@link DataFileException} naming both ids fingerprints and how many ids differ. An artifact that records
     * no ids (format version 1) can only be compared by size.
     */
    EXACT,
    /**
     * Rows are found by id: a target id the artifact does not have gets no row (counted as missing), an
     * artifact row whose id the target does not have is dropped (counted as unmatched). An artifact that records
     * no ids cannot be remapped: the load fails.
     */
    BY_ID
}
