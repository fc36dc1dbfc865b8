package org.recsys4j.core.eval;

import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.split.Split;
import org.recsys4j.core.split.Splits;

/**
 * The evaluation cases of protocols T and S: a leave-last-out split of an implicit interaction log,
 * the item universe, and for each evaluated user the held-out test item and the query item (the
 * user's last train item).
 *
 * <p>Built by {@link #of(Interactions)} from the cleaned interactions (rows with unknown items and
 * repeated pairs already dropped by the loader): every interaction becomes value 1; per user, the
 * last interaction in (timestamp, item) order is the test item and the rest are train; users with
 * fewer than two interactions are neither evaluated nor in train. The universe is the set of items
 * appearing in train or test — items never interacted with take no part in any rank.
 */
public final class LeaveLastOutTask {
    private final Split split;
    private final Interactions ratedTrain;
    private final int[] testUsers;
    private final int[] testItems;
    private final int[] queryItems;
    private final int[] universe;

    private LeaveLastOutTask(Split split, Interactions ratedTrain, int[] testUsers, int[] testItems, int[] queryItems, int[] universe) {
        this.split = split;
        this.ratedTrain = ratedTrain;
        this.testUsers = testUsers;
        this.testItems = testItems;
        this.queryItems = queryItems;
        this.universe = universe;
    }

    /** Returns the protocol T/S task for a cleaned interaction log. */
    public static LeaveLastOutTask of(Interactions cleaned) {
        Split rated = Splits.leaveLastOut(cleaned);
        Split split = new Split(rated.train().withConstantValue(1f), rated.test().withConstantValue(1f));
        Interactions test = split.test();
        Interactions.Csr trainByUser = split.train().byUser();
        int n = test.size();
        int[] users = new int[n];
        int[] items = new int[n];
        int[] queries = new int[n];
        // test rows are in the input's row order; order cases by user index for stable output
        Interactions.Csr testByUser = test.byUser();
        int c = 0;
        for (int u = 0; u < testByUser.rows(); u++) {
            if (testByUser.degree(u) > 1) {
                throw new IllegalStateException("user index " + u + " has " + testByUser.degree(u) + " test items");
            }
            if (testByUser.degree(u) == 1) {
                users[c] = u;
                items[c] = testByUser.other(testByUser.start(u));
                queries[c] = trainByUser.other(trainByUser.end(u) - 1);
                c++;
            }
        }
        boolean[] inUniverse = new boolean[cleaned.numItems()];
        for (int k = 0; k < split.train().size(); k++) {
            inUniverse[split.train().item(k)] = true;
        }
        for (int k = 0; k < n; k++) {
            inUniverse[test.item(k)] = true;
        }
        int size = 0;
        for (boolean b : inUniverse) {
            size += b ? 1 : 0;
        }
        int[] universe = new int[size];
        int j = 0;
        for (int i = 0; i < inUniverse.length; i++) {
            if (inUniverse[i]) {
                universe[j++] = i;
            }
        }
        return new LeaveLastOutTask(split, rated.train(), users, items, queries, universe);
    }

    /** Returns the split: train (value 1 per interaction) and one test interaction per evaluated user. */
    public Split split() {
        return split;
    }

    /** Returns the training interactions (a model is fit on these). */
    public Interactions train() {
        return split.train();
    }

    /**
     * Returns the same training rows as {@link #train()} with their original values (ratings), for
     * models that read them, such as item2vec's "liked items" sequences. Evaluation itself treats
     * every interaction as 1.
     */
    public Interactions ratedTrain() {
        return ratedTrain;
    }

    /** Returns the number of evaluated users. */
    public int numCases() {
        return testUsers.length;
    }

    /** Returns the user index of case {@code c} (cases are ordered by user index). */
    public int testUser(int c) {
        return testUsers[c];
    }

    /** Returns the held-out item index of case {@code c}. */
    public int testItem(int c) {
        return testItems[c];
    }

    /** Returns the query item of case {@code c} for protocol S: the user's last train item. */
    public int queryItem(int c) {
        return queryItems[c];
    }

    /** Returns a copy of the evaluated users' indices, in case order. */
    public int[] testUsers() {
        return testUsers.clone();
    }

    /** Returns a copy of the item universe (ascending item indices). */
    public int[] universe() {
        return universe.clone();
    }

    /** Returns the number of items in the universe. */
    public int universeSize() {
        return universe.length;
    }

    int[] universeArray() {
        return universe;
    }

    int[] testUsersArray() {
        return testUsers;
    }

    int[] testItemsArray() {
        return testItems;
    }

    int[] queryItemsArray() {
        return queryItems;
    }

    @Override
    public String toString() {
        return "LeaveLastOutTask[" + numCases() + " users, " + universe.length + " items, "
                + train().size() + " train interactions]";
    }
}
