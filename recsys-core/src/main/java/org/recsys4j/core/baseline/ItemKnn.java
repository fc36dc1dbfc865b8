package org.recsys4j.core.baseline;

import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.util.IntDoubleTopK;
import org.recsys4j.core.util.Parallel;

import java.util.Arrays;
import java.util.Objects;

/**
 * Trains item-based collaborative filtering with cosine similarity over binary co-occurrence
 * (Sarwar, Karypis, Konstan and Riedl, "Item-based collaborative filtering recommendation
 * algorithms", WWW 2001; Deshpande and Karypis, "Item-based top-N recommendation algorithms", ACM
 * TOIS 2004).
 *
 * <p>Every training interaction counts as 1 (a repeated (user, item) pair once: presence, values ignored, so
 * no row of a pair is preferred). With {@code U_i}
 * the set of training users of item {@code i}:
 * <pre>
 *   sim(i, j) = |U_i ∩ U_j| / ((sqrt|U_i| + ε) (sqrt|U_j| + ε)),  sim(i, i) = 0,  ε = 1e-9
 *   score(u, j) = Σ_{i in history(u)} sim_k(i, j)
 * </pre>
 * where {@code sim_k(i, ·)} keeps only the {@code k} most similar neighbours of {@code i} (ties go to
 * the lower item index) and is 0 elsewhere. The ε matches the numpy reference of protocol T.
 * Co-occurrences are counted sparsely (for each item, walk its users' items), in parallel over items;
 * the result does not depend on the thread count.
 *
 * <pre>{@code
 * ItemKnnModel knn = ItemKnn.builder().withNeighbours(200).withThreads(2).build().fit(train);
 * double[][] scores = new double[users.length][knn.numItems()];
 * knn.score(users, scores);
 * }</pre>
 */
public final class ItemKnn {
    /** Neighbours kept per item by default: all of them ({@link #FULL_NEIGHBOURHOOD}). */
    public static final int DEFAULT_NEIGHBOURS = Integer.MAX_VALUE;
    /** A neighbour count meaning "keep every item with a non-zero similarity". */
    public static final int FULL_NEIGHBOURHOOD = Integer.MAX_VALUE;
    /** The ε added to each norm by default, as in the numpy reference. */
    public static final double DEFAULT_NORM_EPSILON = 1e-9;
    /**
     * Threads used by default: all available processors ({@link Parallel#availableThreads()}), since the
     * model does not depend on the thread count.
     */
    public static final int DEFAULT_THREADS = Parallel.availableThreads();

    private final int neighbours;
    private final double normEpsilon;
    private final int threads;

    private ItemKnn(Builder b) {
        this.neighbours = b.neighbours == 0 ? FULL_NEIGHBOURHOOD : b.neighbours;
        this.normEpsilon = b.normEpsilon;
        this.threads = b.threads;
    }

    /** Returns a builder with the default options. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the number of neighbours kept per item ({@link #FULL_NEIGHBOURHOOD} for all). */
    public int neighbours() {
        return neighbours;
    }

    /** Returns the ε added to each item's norm. */
    public double normEpsilon() {
        return normEpsilon;
    }

    /** Returns the number of threads used to fit and to score blocks of users. */
    public int threads() {
        return threads;
    }

    /** Returns the model fit on {@code train} (values are ignored: every interaction is 1). */
    public ItemKnnModel fit(Interactions train) {
        Objects.requireNonNull(train, "train");
        long t0 = System.nanoTime();
        SparseMatrix x = SparseMatrix.userItem(train, true);
        SparseMatrix xt = x.transpose();
        int ni = x.cols;
        double[] norms = new double[ni];
        for (int i = 0; i < ni; i++) {
            norms[i] = Math.sqrt(xt.degree(i)) + normEpsilon;
        }
        // pass 1: row lengths
        int[] offsets = new int[ni + 1];
        Parallel.forRange(ni, threads, 64, (from, to) -> {
            Cooccurrence co = new Cooccurrence(ni);
            for (int i = from; i < to; i++) {
                int distinct = co.count(i, x, xt);
                offsets[i + 1] = Math.min(neighbours, distinct);
                co.reset();
            }
        });
        for (int i = 0; i < ni; i++) {
            offsets[i + 1] += offsets[i];
        }
        int nnz = offsets[ni];
        int[] ids = new int[nnz];
        float[] sims = new float[nnz];
        // pass 2: similarities, each item writing only its own range
        Parallel.forRange(ni, threads, 64, (from, to) -> {
            Cooccurrence co = new Cooccurrence(ni);
            IntDoubleTopK top = neighbours == FULL_NEIGHBOURHOOD ? null : new IntDoubleTopK(neighbours);
            for (int i = from; i < to; i++) {
                int distinct = co.count(i, x, xt);
                int p = offsets[i];
                double ni_ = norms[i];
                if (top == null || distinct <= neighbours) {
                    Arrays.sort(co.touched, 0, distinct);
                    for (int t = 0; t < distinct; t++) {
                        int j = co.touched[t];
                        ids[p] = j;
                        sims[p] = (float) (co.counts[j] / (ni_ * norms[j]));
                        p++;
                    }
                } else {
                    for (int t = 0; t < distinct; t++) {
                        int j = co.touched[t];
                        top.offer(j, co.counts[j] / (ni_ * norms[j]));
                    }
                    int[] best = top.drainIds();
                    Arrays.sort(best);
                    for (int j : best) {
                        ids[p] = j;
                        sims[p] = (float) (co.counts[j] / (ni_ * norms[j]));
                        p++;
                    }
                }
                co.reset();
            }
        });
        boolean[] covered = new boolean[ni];
        for (int i = 0; i < ni; i++) {
            covered[i] = xt.degree(i) > 0;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return new ItemKnnModel(this, x, offsets, ids, sims, covered, secs);
    }

    @Override
    public String toString() {
        return "ItemKnn[neighbours=" + (neighbours == FULL_NEIGHBOURHOOD ? "all" : neighbours) + ", normEpsilon="
                + normEpsilon + ", threads=" + threads + "]";
    }

    /** Per-thread scratch for counting one item's co-occurrences. */
    static final class Cooccurrence {
        final int[] counts;
        final int[] touched;
        private int size;
        private int self = -1;

        Cooccurrence(int n) {
            counts = new int[n];
            touched = new int[n];
        }

        /** Counts |U_i ∩ U_j| for every j ≠ i into {@code counts}; returns the number of such j (listed in touched). */
        int count(int i, SparseMatrix x, SparseMatrix xt) {
            int[] xOff = x.offsets;
            int[] xIdx = x.indices;
            self = i;
            for (int p = xt.offsets[i]; p < xt.offsets[i + 1]; p++) {
                int u = xt.indices[p];
                for (int q = xOff[u]; q < xOff[u + 1]; q++) {
                    int j = xIdx[q];
                    if (counts[j]++ == 0 && j != i) {
                        touched[size++] = j;
                    }
                }
            }
            return size;
        }

        void reset() {
            for (int t = 0; t < size; t++) {
                counts[touched[t]] = 0;
            }
            size = 0;
            if (self >= 0) {
                counts[self] = 0; // the item itself is counted but never listed
            }
        }
    }

    /** Builds an {@link ItemKnn} trainer; {@link #build()} validates every option. */
    public static final class Builder {
        private int neighbours = DEFAULT_NEIGHBOURS;
        private double normEpsilon = DEFAULT_NORM_EPSILON;
        private int threads = DEFAULT_THREADS;

        private Builder() {
        }

        /**
         * Sets the number of neighbours kept per item; 0 or {@link #FULL_NEIGHBOURHOOD} keeps every
         * item with a non-zero similarity (as the protocol-T reference does). Default: full.
         */
        public Builder withNeighbours(int k) {
            this.neighbours = k;
            return this;
        }

        /** Sets the ε added to each item's norm (default {@value ItemKnn#DEFAULT_NORM_EPSILON}). */
        public Builder withNormEpsilon(double epsilon) {
            this.normEpsilon = epsilon;
            return this;
        }

        /**
         * Sets the number of threads for fitting and for scoring blocks of users, at least 1 (default
         * {@link ItemKnn#DEFAULT_THREADS}: all processors; the model does not depend on it).
         */
        public Builder withThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Returns the trainer.
         *
         * @throws IllegalArgumentException naming the option if a value is out of range
         */
        public ItemKnn build() {
            if (neighbours < 0) {
                throw new IllegalArgumentException("neighbours: " + neighbours + ", must be >= 0 (0 = all)");
            }
            if (!(normEpsilon >= 0) || Double.isInfinite(normEpsilon)) {
                throw new IllegalArgumentException("normEpsilon: " + normEpsilon + ", must be finite and >= 0");
            }
            Parallel.checkThreads(threads);
            return new ItemKnn(this);
        }
    }
}
