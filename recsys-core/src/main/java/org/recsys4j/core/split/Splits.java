package org.recsys4j.core.split;

import it.unimi.dsi.fastutil.ints.IntArrays;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The splits of the evaluation protocols ({@code protocols.md}): leave-last-out (T, S), global time
 * quantile (C), the deterministic folds of R, and a seeded random split. Every split is a pure
 * function of its input (and seed).
 */
public final class Splits {
    private Splits() {
    }

    /**
     * Protocol T's leave-last-out split: per user, the interaction that comes last in (timestamp,
     * item index) order is the test interaction and the others are train. Users with fewer than two
     * interactions contribute nothing to either half. Train keeps the input's row order.
     */
    public static Split leaveLastOut(Interactions all) {
        Interactions.Csr byUser = all.byUser();
        boolean[] isTest = new boolean[all.size()];
        boolean[] drop = new boolean[all.size()];
        for (int u = 0; u < byUser.rows(); u++) {
            int d = byUser.degree(u);
            if (d == 1) {
                drop[byUser.entry(byUser.start(u))] = true;
            } else if (d >= 2) {
                isTest[byUser.entry(byUser.end(u) - 1)] = true;
            }
        }
        return new Split(all.filter(k -> !isTest[k] && !drop[k]), all.filter(k -> isTest[k]));
    }

    /**
     * Returns the time threshold T of a global time split: with the N timestamps sorted ascending,
     * T is the one at position {@code ceil(num/den * N) - 1}, computed in integers as
     * {@code (num*N + den - 1) / den - 1}. Samples with timestamp ≤ T are train. Protocol C uses
     * num/den = 4/5 (and 9/10 for its validation slice).
     *
     * @throws IllegalArgumentException if there are no timestamps or the fraction is not in (0, 1]
     */
    public static long timeQuantileThreshold(long[] timestamps, int num, int den) {
        if (timestamps.length == 0) {
            throw new IllegalArgumentException("timestamps: empty, no threshold exists");
        }
        if (num <= 0 || den <= 0 || num > den) {
            throw new IllegalArgumentException("fraction " + num + "/" + den + " must be in (0, 1]");
        }
        long[] sorted = timestamps.clone();
        Arrays.sort(sorted);
        long n = sorted.length;
        int k = (int) ((num * n + den - 1) / den - 1);
        return sorted[k];
    }

    /**
     * Global time split: train = interactions with timestamp ≤ T, test = the rest, with T from
     * {@link #timeQuantileThreshold(long[], int, int)}. Every interaction at second T goes to train.
     */
    public static Split globalTime(Interactions all, int num, int den) {
        long t = timeQuantileThreshold(all.timestampColumn(), num, den);
        return new Split(all.filter(k -> all.timestamp(k) <= t), all.filter(k -> all.timestamp(k) > t));
    }

    /**
     * Protocol R's deterministic folds: all interactions sorted by (external user id, external item
     * id); the one at 0-based position p belongs to fold {@code p mod k}. Returns k splits, split j
     * having fold j as its test set. Both halves are in that sorted order.
     *
     * @throws IllegalArgumentException if k &lt; 2
     */
    public static List<Split> folds(Interactions all, int k) {
        if (k < 2) {
            throw new IllegalArgumentException("k: " + k + ", need at least 2 folds");
        }
        int[] order = externalIdOrder(all);
        List<Split> out = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            int[] train = new int[order.length - (order.length - f + k - 1) / k];
            int[] test = new int[order.length - train.length];
            int a = 0;
            int b = 0;
            for (int p = 0; p < order.length; p++) {
                if (p % k == f) {
                    test[b++] = order[p];
                } else {
                    train[a++] = order[p];
                }
            }
            out.add(new Split(all.select(train), all.select(test)));
        }
        return out;
    }

    /**
     * Seeded random split: the rows are shuffled with {@link SplittableRandom}{@code (seed)} and the
     * first {@code round(testFraction * N)} go to test. Both halves keep the input's row order.
     */
    public static Split random(Interactions all, double testFraction, long seed) {
        if (!(testFraction >= 0 && testFraction <= 1)) {
            throw new IllegalArgumentException("testFraction: " + testFraction + ", must be in [0, 1]");
        }
        int n = all.size();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int nTest = (int) Math.round(testFraction * n);
        boolean[] isTest = new boolean[n];
        for (int i = 0; i < nTest; i++) {
            isTest[perm[i]] = true;
        }
        return new Split(all.filter(k -> !isTest[k]), all.filter(k -> isTest[k]));
    }

    /** Row order by (external user id, external item id, row). */
    static int[] externalIdOrder(Interactions all) {
        int n = all.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        IdIndex users = all.users();
        IdIndex items = all.items();
        if (users.isSorted() && items.isSorted()) {
            IntArrays.stableSort(order, (a, b) -> {
                int c = Integer.compare(all.user(a), all.user(b));
                return c != 0 ? c : Integer.compare(all.item(a), all.item(b));
            });
        } else {
            IntArrays.stableSort(order, (a, b) -> {
                int c = compareIds(users, all.user(a), all.user(b));
                return c != 0 ? c : compareIds(items, all.item(a), all.item(b));
            });
        }
        return order;
    }

    private static int compareIds(IdIndex index, int a, int b) {
        return index.isNumeric() ? Long.compare(index.longId(a), index.longId(b)) : index.id(a).compareTo(index.id(b));
    }
}
