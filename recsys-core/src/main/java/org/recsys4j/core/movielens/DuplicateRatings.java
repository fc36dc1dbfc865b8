package org.recsys4j.core.movielens;

import it.unimi.dsi.fastutil.ints.IntArrayList;

import java.util.Arrays;

/**
 * Finds the repeated (user, item) pairs of parsed ratings, without boxing: when each user's rows are
 * contiguous (MovieLens files are sorted by user) in one pass with a per-item "last user" stamp;
 * otherwise the same over rows grouped by a stable counting sort on the user. The first row of a pair
 * is kept; the later ones are the duplicates.
 */
final class DuplicateRatings {
    private DuplicateRatings() {
    }

    /**
     * Appends to {@code dupRows} every row whose (user, item) pair occurred in an earlier row, and to
     * {@code firstRows} that earlier row; the pairs come sorted by the duplicate row.
     *
     * @param user     dense user indices, one per row
     * @param item     dense item indices, one per row
     * @param n        the number of rows
     * @param numUsers the number of users (user indices are below it)
     * @param numItems the number of items (item indices are below it)
     */
    static void find(int[] user, int[] item, int n, int numUsers, int numItems, IntArrayList dupRows,
                     IntArrayList firstRows) {
        scan(user, item, n, numUsers, numItems, dupRows, firstRows);
        if (!dupRows.isEmpty()) {
            sortPairs(dupRows, firstRows);
        }
    }

    private static void scan(int[] user, int[] item, int n, int numUsers, int numItems,
                                       IntArrayList dupRows, IntArrayList firstRows) {
        int[] stamp = new int[numItems];
        Arrays.fill(stamp, -1);
        int[] first = new int[numItems];
        boolean[] seenUser = new boolean[numUsers];
        int cur = -1;
        boolean contiguous = true;
        for (int k = 0; k < n; k++) {
            int u = user[k];
            if (u != cur) {
                if (seenUser[u]) {
                    contiguous = false;
                    break;
                }
                seenUser[u] = true;
                cur = u;
            }
            int i = item[k];
            if (stamp[i] == u) {
                dupRows.add(k);
                firstRows.add(first[i]);
            } else {
                stamp[i] = u;
                first[i] = k;
            }
        }
        if (contiguous) {
            return;
        }
        dupRows.clear();
        firstRows.clear();
        Arrays.fill(stamp, -1);
        int[] offsets = new int[numUsers + 1];
        for (int k = 0; k < n; k++) {
            offsets[user[k] + 1]++;
        }
        for (int u = 0; u < numUsers; u++) {
            offsets[u + 1] += offsets[u];
        }
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[offsets[user[k]]++] = k;     // stable: rows of a user stay in file order
        }
        for (int p = 0; p < n; p++) {
            int k = order[p];
            int u = user[k];
            int i = item[k];
            if (stamp[i] == u) {
                dupRows.add(k);
                firstRows.add(first[i]);
            } else {
                stamp[i] = u;
                first[i] = k;
            }
        }
    }

    /** Sorts (dupRows[i], firstRows[i]) pairs by dupRows ascending. */
    private static void sortPairs(IntArrayList dupRows, IntArrayList firstRows) {
        int m = dupRows.size();
        long[] pairs = new long[m];
        for (int i = 0; i < m; i++) {
            pairs[i] = ((long) dupRows.getInt(i) << 32) | (firstRows.getInt(i) & 0xFFFFFFFFL);
        }
        Arrays.sort(pairs);
        for (int i = 0; i < m; i++) {
            dupRows.set(i, (int) (pairs[i] >>> 32));
            firstRows.set(i, (int) pairs[i]);
        }
    }
}
