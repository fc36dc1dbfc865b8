package org.recsys4j.core.data;

import it.unimi.dsi.fastutil.ints.IntArrays;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * An immutable, columnar log of user–item interactions: parallel arrays of dense user index,
 * dense item index, value (e.g. a rating) and timestamp (seconds), plus compressed-sparse-row views
 * by user and by item.
 *
 * <p>Row {@code k} is interaction {@code k} in the order it was added. The views are built once, on
 * first use, in time linear in the number of interactions plus a sort of each row's entries:
 * {@link #byUser()} orders each user's interactions by (timestamp, item index) and
 * {@link #byItem()} each item's by (timestamp, user index). When the {@link IdIndex} was built in
 * ascending id order (as the loaders do), index order is external-id order.
 *
 * <pre>{@code
 * Interactions log = Interactions.builder(users, items).add(0, 3, 4.5f, 964982703L).build();
 * Interactions.Csr byUser = log.byUser();
 * for (int p = byUser.start(u); p < byUser.end(u); p++) { int item = byUser.other(p); }
 * }</pre>
 */
public final class Interactions {
    private final IdIndex users;
    private final IdIndex items;
    private final int[] user;
    private final int[] item;
    private final float[] value;
    private final long[] timestamp;
    private volatile Csr byUser;
    private volatile Csr byItem;
    private volatile boolean uniquePairs;

    private Interactions(IdIndex users, IdIndex items, int[] user, int[] item, float[] value, long[] timestamp) {
        this.users = users;
        this.items = items;
        this.user = user;
        this.item = item;
        this.value = value;
        this.timestamp = timestamp;
    }

    /**
     * Wraps columns without copying them; the caller must not modify them afterwards. Every user and
     * item index must be within its {@link IdIndex}.
     *
     * @throws IllegalArgumentException if the columns differ in length or an index is out of range
     */
    public static Interactions wrap(IdIndex users, IdIndex items, int[] user, int[] item, float[] value,
                                    long[] timestamp) {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(items, "items");
        int n = user.length;
        if (item.length != n || value.length != n || timestamp.length != n) {
            throw new IllegalArgumentException("column lengths differ: user " + n + ", item " + item.length
                    + ", value " + value.length + ", timestamp " + timestamp.length);
        }
        checkRows(users, items, user, item, n, -1, null);
        return new Interactions(users, items, user, item, value, timestamp);
    }

    /** Throws naming the first row whose index is out of range, or {@code unknownRow}'s problem if it comes first. */
    private static void checkRows(IdIndex users, IdIndex items, int[] user, int[] item, int n, int unknownRow,
                                  String unknown) {
        int nu = users.size();
        int ni = items.size();
        for (int k = 0; k < n; k++) {
            if (k == unknownRow) {
                throw new IllegalArgumentException(unknown);
            }
            if (user[k] < 0 || user[k] >= nu) {
                throw new IllegalArgumentException("row " + k + ": user index " + user[k] + " outside [0, " + nu + ")");
            }
            if (item[k] < 0 || item[k] >= ni) {
                throw new IllegalArgumentException("row " + k + ": item index " + item[k] + " outside [0, " + ni + ")");
            }
        }
    }

    /** Returns a builder over the given user and item indices (null ones fail {@link Builder#build()}). */
    public static Builder builder(IdIndex users, IdIndex items) {
        return new Builder(users, items);
    }

    /** Returns the user id index. */
    public IdIndex users() {
        return users;
    }

    /** Returns the item id index. */
    public IdIndex items() {
        return items;
    }

    /** Returns the number of interactions. */
    public int size() {
        return user.length;
    }

    /** Returns the number of users in the user index (some may have no interaction). */
    public int numUsers() {
        return users.size();
    }

    /** Returns the number of items in the item index (some may have no interaction). */
    public int numItems() {
        return items.size();
    }

    /** Returns the user index of interaction {@code k}. */
    public int user(int k) {
        return user[k];
    }

    /** Returns the item index of interaction {@code k}. */
    public int item(int k) {
        return item[k];
    }

    /** Returns the value (rating) of interaction {@code k}. */
    public float value(int k) {
        return value[k];
    }

    /** Returns the timestamp of interaction {@code k}. */
    public long timestamp(int k) {
        return timestamp[k];
    }

    /** Returns a copy of the user column. */
    public int[] userColumn() {
        return user.clone();
    }

    /** Returns a copy of the item column. */
    public int[] itemColumn() {
        return item.clone();
    }

    /** Returns a copy of the value column. */
    public float[] valueColumn() {
        return value.clone();
    }

    /** Returns a copy of the timestamp column. */
    public long[] timestampColumn() {
        return timestamp.clone();
    }

    /** Returns the number of interactions of each user, indexed by user index. */
    public int[] userCounts() {
        return byUser().degrees();
    }

    /** Returns the number of interactions of each item, indexed by item index. */
    public int[] itemCounts() {
        return byItem().degrees();
    }

    /** Returns the number of users with at least one interaction. */
    public int activeUsers() {
        return byUser().nonEmptyRows();
    }

    /** Returns the number of items with at least one interaction. */
    public int activeItems() {
        return byItem().nonEmptyRows();
    }

    /** Returns the CSR view by user; each user's entries ordered by (timestamp, item index). */
    public Csr byUser() {
        Csr c = byUser;
        if (c == null) {
            synchronized (this) {
                c = byUser;
                if (c == null) {
                    c = Csr.build(users.size(), user, item, timestamp);
                    byUser = c;
                }
            }
        }
        return c;
    }

    /** Returns the CSR view by item; each item's entries ordered by (timestamp, user index). */
    public Csr byItem() {
        Csr c = byItem;
        if (c == null) {
            synchronized (this) {
                c = byItem;
                if (c == null) {
                    c = Csr.build(items.size(), item, user, timestamp);
                    byItem = c;
                }
            }
        }
        return c;
    }

    /**
     * Checks that no (user, item) pair occurs in two rows, for a consumer that takes one interaction per pair
     * and must not pick one of several on its own (which row a trainer kept would decide whether a view or a
     * later purchase counts). The events of a pair are combined by an explicit {@link Feedback} policy
     * ({@link Feedback.Combine}: SUM, MAX, LAST or FIRST); its interactions, and those of the MovieLens loaders,
     * always pass. Linear time; a passing log is remembered.
     *
     * @param context who asks, for the message (e.g. {@code "ImplicitAls.fit: train"})
     * @throws IllegalArgumentException naming how many rows repeat a pair and the first repeat (the pair's
     *                                  external user and item ids and its two rows), and pointing to
     *                                  {@link Feedback}'s combine rule
     */
    public void requireUniquePairs(String context) {
        Objects.requireNonNull(context, "context");
        if (uniquePairs) {
            return;
        }
        int n = size();
        int nu = users.size();
        int[] start = new int[nu + 1];
        for (int k = 0; k < n; k++) {
            start[user[k] + 1]++;
        }
        for (int u = 0; u < nu; u++) {
            start[u + 1] += start[u];
        }
        int[] order = new int[n];           // rows grouped by user, each group in row order
        int[] fill = Arrays.copyOf(start, nu);
        for (int k = 0; k < n; k++) {
            order[fill[user[k]]++] = k;
        }
        int[] seenBy = new int[items.size()];
        Arrays.fill(seenBy, -1);
        int[] seenAt = new int[items.size()];
        long repeats = 0;
        int first = -1;                     // the earlier row of the repeat whose later row comes first
        int second = -1;
        for (int u = 0; u < nu; u++) {
            for (int p = start[u]; p < start[u + 1]; p++) {
                int k = order[p];
                int i = item[k];
                if (seenBy[i] == u) {
                    repeats++;
                    if (second < 0 || k < second) {
                        second = k;
                        first = seenAt[i];
                    }
                } else {
                    seenBy[i] = u;
                    seenAt[i] = k;
                }
            }
        }
        if (repeats > 0) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%s: %,d row%s repeat a (user, item) pair, the first (user %s, item %s) at rows %d and %d; "
                            + "one interaction per pair is needed and none is picked silently: combine each pair's "
                            + "events first with an explicit Feedback policy (core.data.Feedback, Combine SUM, MAX, "
                            + "LAST or FIRST)", context, repeats, repeats == 1 ? "" : "s", users.id(user[first]),
                    items.id(item[first]), first, second));
        }
        uniquePairs = true;
    }

    /** Returns the interactions whose row satisfies {@code keep}, in their original order, over the same indices. */
    public Interactions filter(IntPredicate keep) {
        int n = size();
        int[] rows = new int[n];
        int m = 0;
        for (int k = 0; k < n; k++) {
            if (keep.test(k)) {
                rows[m++] = k;
            }
        }
        return select(Arrays.copyOf(rows, m));
    }

    /** Returns the interactions at the given rows, in the given order, over the same indices. */
    public Interactions select(int[] rows) {
        int m = rows.length;
        int[] u = new int[m];
        int[] i = new int[m];
        float[] v = new float[m];
        long[] t = new long[m];
        for (int j = 0; j < m; j++) {
            int k = rows[j];
            u[j] = user[k];
            i[j] = item[k];
            v[j] = value[k];
            t[j] = timestamp[k];
        }
        return new Interactions(users, items, u, i, v, t);
    }

    /** Returns a copy whose every value is {@code v} (e.g. 1 for implicit feedback). */
    public Interactions withConstantValue(float v) {
        float[] values = new float[size()];
        Arrays.fill(values, v);
        return new Interactions(users, items, user, item, values, timestamp);
    }

    @Override
    public String toString() {
        return "Interactions[" + size() + " rows, " + users.size() + " users, " + items.size() + " items]";
    }

    /**
     * A compressed-sparse-row view: for each row (user or item) the positions
     * {@code start(r) .. end(r)-1}, each naming the other side ({@link #other(int)}) and the
     * interaction it came from ({@link #entry(int)}). Immutable.
     */
    public static final class Csr {
        private final int[] offsets;
        private final int[] others;
        private final int[] entries;

        private Csr(int[] offsets, int[] others, int[] entries) {
            this.offsets = offsets;
            this.others = others;
            this.entries = entries;
        }

        static Csr build(int rows, int[] row, int[] other, long[] ts) {
            int n = row.length;
            int[] offsets = new int[rows + 1];
            for (int k = 0; k < n; k++) {
                offsets[row[k] + 1]++;
            }
            for (int r = 0; r < rows; r++) {
                offsets[r + 1] += offsets[r];
            }
            int[] fill = Arrays.copyOf(offsets, rows);
            int[] entries = new int[n];
            for (int k = 0; k < n; k++) {
                entries[fill[row[k]]++] = k;
            }
            for (int r = 0; r < rows; r++) {
                int from = offsets[r];
                int to = offsets[r + 1];
                if (to - from > 1 && !ordered(entries, from, to, other, ts)) {
                    IntArrays.quickSort(entries, from, to, (a, b) -> {
                        int c = Long.compare(ts[a], ts[b]);
                        return c != 0 ? c : Integer.compare(other[a], other[b]);
                    });
                }
            }
            int[] others = new int[n];
            for (int p = 0; p < n; p++) {
                others[p] = other[entries[p]];
            }
            return new Csr(offsets, others, entries);
        }

        private static boolean ordered(int[] entries, int from, int to, int[] other, long[] ts) {
            for (int p = from + 1; p < to; p++) {
                int a = entries[p - 1];
                int b = entries[p];
                if (ts[a] > ts[b] || (ts[a] == ts[b] && other[a] > other[b])) {
                    return false;
                }
            }
            return true;
        }

        /** Returns the number of rows. */
        public int rows() {
            return offsets.length - 1;
        }

        /** Returns the first position of row {@code r}. */
        public int start(int r) {
            return offsets[r];
        }

        /** Returns one past the last position of row {@code r}. */
        public int end(int r) {
            return offsets[r + 1];
        }

        /** Returns the number of entries of row {@code r}. */
        public int degree(int r) {
            return offsets[r + 1] - offsets[r];
        }

        /** Returns the other side's index at position {@code p} (the item for a by-user view). */
        public int other(int p) {
            return others[p];
        }

        /** Returns the interaction row at position {@code p}. */
        public int entry(int p) {
            return entries[p];
        }

        /** Returns a copy of the other-side indices of row {@code r}, in view order. */
        public int[] othersOf(int r) {
            return Arrays.copyOfRange(others, offsets[r], offsets[r + 1]);
        }

        /** Returns the degree of every row. */
        public int[] degrees() {
            int[] d = new int[rows()];
            for (int r = 0; r < d.length; r++) {
                d[r] = offsets[r + 1] - offsets[r];
            }
            return d;
        }

        /** Returns the number of rows with at least one entry. */
        public int nonEmptyRows() {
            int c = 0;
            for (int r = 0; r < rows(); r++) {
                if (offsets[r + 1] > offsets[r]) {
                    c++;
                }
            }
            return c;
        }
    }

    /**
     * Appends interactions by dense index ({@link #add}) or by external id ({@link #addIds}); not
     * thread-safe. Adding only stores: {@link #build()} checks every row and names the first bad one.
     */
    public static final class Builder {
        private final IdIndex users;
        private final IdIndex items;
        private int[] user = new int[16];
        private int[] item = new int[16];
        private float[] value = new float[16];
        private long[] timestamp = new long[16];
        private int size;
        private String unknownId;
        private int unknownRow = -1;

        private Builder(IdIndex users, IdIndex items) {
            this.users = users;
            this.items = items;
        }

        /**
         * Appends one interaction given by dense indices; returns this builder.
         *
         * @param userIndex a user index in {@code [0, users.size())}
         * @param itemIndex an item index in {@code [0, items.size())}
         * @param v         the value (e.g. a rating)
         * @param ts        the timestamp, in seconds
         */
        public Builder add(int userIndex, int itemIndex, float v, long ts) {
            if (size == user.length) {
                int cap = size * 2;
                user = Arrays.copyOf(user, cap);
                item = Arrays.copyOf(item, cap);
                value = Arrays.copyOf(value, cap);
                timestamp = Arrays.copyOf(timestamp, cap);
            }
            user[size] = userIndex;
            item[size] = itemIndex;
            value[size] = v;
            timestamp[size] = ts;
            size++;
            return this;
        }

        /**
         * Appends one interaction given by external numeric ids, which must be in the indices; returns this
         * builder.
         */
        public Builder addIds(long userId, long itemId, float v, long ts) {
            int u = users == null ? -1 : users.indexOf(userId);
            int i = items == null ? -1 : items.indexOf(itemId);
            if ((u < 0 || i < 0) && unknownId == null && users != null && items != null) {
                unknownRow = size;
                unknownId = "row " + size + ": " + (u < 0 ? "user id " + userId + " is not in the user index"
                        : "item id " + itemId + " is not in the item index");
            }
            return add(u, i, v, ts);
        }

        /**
         * Returns the interactions added, in order.
         *
         * @throws NullPointerException     if the user or item index is null
         * @throws IllegalArgumentException naming the first row whose id is not in its index, or whose
         *                                  user or item index is out of range
         */
        public Interactions build() {
            Objects.requireNonNull(users, "users");
            Objects.requireNonNull(items, "items");
            checkRows(users, items, user, item, size, unknownRow, unknownId);
            return new Interactions(users, items, Arrays.copyOf(user, size), Arrays.copyOf(item, size),
                    Arrays.copyOf(value, size), Arrays.copyOf(timestamp, size));
        }
    }
}
