package org.recsys4j.core.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Maps the rows of an artifact (an embedding table, a vector index, a neighbour table), each of which has an
 * external id, to the dense indices of the ids a program uses (its "targets", e.g. the catalogue's items), by
 * id, and counts what does not match: target ids without a row ({@link #missing()}) and rows whose id is not a
 * target ({@link #unmatched()}). Immutable and thread-safe.
 *
 * <pre>{@code
 * IdMapping m = IdMapping.of(table.ids(), catalog.items());
 * int row = m.rowAt(item);         // -1: the table has no vector for this item
 * m.missing();                     // items without a row
 * m.requireIdentity("items.r4je"); // or fail naming both ids fingerprints and how many ids differ
 * }</pre>
 */
public final class IdMapping {
    private final IdIndex rows;
    private final IdIndex targets;
    private final int[] targetOfRow;
    private final int[] rowOfTarget;
    private final int mapped;
    private final boolean identity;

    private IdMapping(IdIndex rows, IdIndex targets) {
        this.rows = rows;
        this.targets = targets;
        targetOfRow = new int[rows.size()];
        rowOfTarget = new int[targets.size()];
        Arrays.fill(rowOfTarget, -1);
        int m = 0;
        boolean same = rows.size() == targets.size() && rows.isNumeric() == targets.isNumeric();
        for (int r = 0; r < targetOfRow.length; r++) {
            int t = rows.isNumeric() ? targets.indexOf(rows.longId(r)) : targets.indexOf(rows.id(r));
            targetOfRow[r] = t;
            if (t >= 0) {
                rowOfTarget[t] = r;
                m++;
            }
            same &= t == r;
        }
        this.mapped = m;
        this.identity = same;
    }

    /**
     * Returns the mapping of an artifact's rows to the targets, by id (a numeric id matches a text id of its
     * decimal form, as {@link IdIndex#indexOf(String)} does).
     *
     * @param rows    the artifact's ids, one per row
     * @param targets the ids the program uses
     * @return the mapping
     */
    public static IdMapping of(IdIndex rows, IdIndex targets) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(targets, "targets");
        return new IdMapping(rows, targets);
    }

    /** Returns the target index of an artifact row, or -1 if its id is not a target (or the row is out of range). */
    public int targetAt(int row) {
        return row >= 0 && row < targetOfRow.length ? targetOfRow[row] : -1;
    }

    /** Returns the artifact row of a target index, or -1 if the artifact has no row for it (or out of range). */
    public int rowAt(int target) {
        return target >= 0 && target < rowOfTarget.length ? rowOfTarget[target] : -1;
    }

    /** Returns the number of artifact rows. */
    public int rows() {
        return targetOfRow.length;
    }

    /** Returns the number of targets. */
    public int targets() {
        return rowOfTarget.length;
    }

    /** Returns the number of rows whose id is a target. */
    public int mapped() {
        return mapped;
    }

    /** Returns the number of targets the artifact has no row for. */
    public int missing() {
        return rowOfTarget.length - mapped;
    }

    /** Returns the number of artifact rows whose id is not a target. */
    public int unmatched() {
        return targetOfRow.length - mapped;
    }

    /** Returns true if the artifact's ids are exactly the targets, in the same order (row {@code i} is target {@code i}). */
    public boolean isIdentity() {
        return identity;
    }

    /**
     * Returns how many ids differ between the two: targets without a row, rows without a target, and ids found
     * at another position; 0 exactly when {@link #isIdentity()}.
     */
    public int differing() {
        int moved = 0;
        for (int r = 0; r < targetOfRow.length; r++) {
            if (targetOfRow[r] >= 0 && targetOfRow[r] != r) {
                moved++;
            }
        }
        return missing() + unmatched() + moved;
    }

    /** Returns a one-line account: sizes, fingerprints and the counts of missing, unmatched and moved ids. */
    public String describe() {
        int moved = differing() - missing() - unmatched();
        return "the artifact's " + rows.size() + " ids (fingerprint " + Fingerprints.abbreviate(Fingerprints.ids(rows))
                + ") are not the " + targets.size() + " ids at hand (fingerprint "
                + Fingerprints.abbreviate(Fingerprints.ids(targets)) + "): " + differing() + " differ ("
                + missing() + " of the ids at hand are not in the artifact, " + unmatched()
                + " of the artifact's are not at hand, " + moved + " at another row)";
    }

    /**
     * Checks that the artifact's ids are exactly the targets, in order.
     *
     * @param source the file (or artifact) the error names
     * @return this mapping
     * @throws DataFileException naming the source, both ids fingerprints and how many ids differ, if not
     */
    public IdMapping requireIdentity(String source) throws DataFileException {
        if (!identity) {
            throw new DataFileException(source, 0, "ids", Fingerprints.abbreviate(Fingerprints.ids(rows)), describe()
                    + "; fit it by id (IdMatch.BY_ID) or rebuild it");
        }
        return this;
    }

    /**
     * Checks an artifact that records no ids (a file of format version 1) against the ids at hand: only the sizes
     * can be compared, and remapping is impossible.
     *
     * @param rows    the artifact's number of rows
     * @param targets the ids at hand
     * @param match   how the artifact is to be fitted
     * @param source  the file the error names
     * @throws DataFileException if the sizes differ, or {@code match} is {@link IdMatch#BY_ID}
     */
    public static void requireSizeOnly(int rows, IdIndex targets, IdMatch match, String source) throws DataFileException {
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(match, "match");
        if (match == IdMatch.BY_ID) {
            throw new DataFileException(source, 0, "ids", "", "the file records no ids (format version 1), so its "
                    + rows + " rows cannot be fitted by id to the " + targets.size() + " ids at hand (fingerprint "
                    + Fingerprints.abbreviate(Fingerprints.ids(targets)) + "); rebuild and save it again");
        }
        if (rows != targets.size()) {
            throw new DataFileException(source, 0, "ids", rows + " rows", "the file records no ids (format version 1)"
                    + " and has " + rows + " rows, not the " + targets.size() + " ids at hand (fingerprint "
                    + Fingerprints.abbreviate(Fingerprints.ids(targets)) + "): it belongs to other ids; rebuild it");
        }
    }

    @Override
    public String toString() {
        return "IdMapping[" + rows() + " rows -> " + targets() + " targets, " + mapped + " mapped, " + missing()
                + " missing, " + unmatched() + " unmatched]";
    }
}
