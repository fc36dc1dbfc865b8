package org.recsys4j.core.baseline;

/** Argument checks shared by the baseline models, done once per call at the boundary. Package-private. */
final class Checks {
    private Checks() {
    }

    /** Throws unless {@code users} and {@code scores} have one row per user, each {@code numItems} long. */
    static void scoreBlock(int[] users, double[][] scores, int numUsers, int numItems) {
        if (scores.length < users.length) {
            throw new IllegalArgumentException("scores has " + scores.length + " rows, need " + users.length);
        }
        for (int b = 0; b < users.length; b++) {
            int u = users[b];
            if (u < 0 || u >= numUsers) {
                throw new IllegalArgumentException("users[" + b + "] = " + u + " outside [0, " + numUsers + ")");
            }
            if (scores[b].length != numItems) {
                throw new IllegalArgumentException("scores[" + b + "] has length " + scores[b].length + ", need "
                        + numItems);
            }
        }
    }

    /** Throws unless {@code scores} is {@code numItems} long. */
    static void scoreRow(double[] scores, int numItems) {
        if (scores.length != numItems) {
            throw new IllegalArgumentException("scores has length " + scores.length + ", need " + numItems);
        }
    }

    /** Throws unless there is one output row per query, each {@code numItems} long. */
    static void similarityBlock(int[] queries, double[][] out, int numItems) {
        if (out.length < queries.length) {
            throw new IllegalArgumentException("out has " + out.length + " rows, need " + queries.length);
        }
        for (int b = 0; b < queries.length; b++) {
            if (queries[b] < 0 || queries[b] >= numItems) {
                throw new IllegalArgumentException("queries[" + b + "] = " + queries[b] + " outside [0, " + numItems
                        + ")");
            }
            if (out[b].length != numItems) {
                throw new IllegalArgumentException("out[" + b + "] has length " + out[b].length + ", need " + numItems);
            }
        }
    }

    /** Throws unless the three arrays of a rating-prediction batch have matching lengths. */
    static void predictBatch(int[] users, int[] items, double[] out) {
        if (items.length != users.length || out.length < users.length) {
            throw new IllegalArgumentException("users has " + users.length + " entries, items " + items.length
                    + ", out " + out.length + "; need equal lengths");
        }
    }
}
