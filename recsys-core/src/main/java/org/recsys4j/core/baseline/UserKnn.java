package org.recsys4j.core.baseline;

import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.util.IntDoubleTopK;
import org.recsys4j.core.util.Parallel;

import java.util.Arrays;
import java.util.Objects;

/**
 * Trains user-based collaborative filtering with cosine similarity between users (Resnick et al.,
 * "GroupLens: an open architecture for collaborative filtering of netnews", CSCW 1994; Herlocker,
 * Konstan, Borchers and Riedl, "An algorithmic framework for performing collaborative filtering",
 * SIGIR 1999), in the form taught by the SparrowRecsys course material.
 *
 * <p>Each user is a vector over items: the ratings ({@link Weighting#RATINGS}) or 1 for every
 * interaction ({@link Weighting#BINARY}); each (user, item) pair must occur once (a repeated pair is an
 * {@link IllegalArgumentException} naming it: which value counts is a {@link org.recsys4j.core.data.Feedback}
 * policy's choice, and the fallback means read the values whatever the weighting). {@code sim(u, v) = x_u·x_v / (|x_u| |x_v|)}, and each user keeps its {@code n} most
 * similar other users with a positive similarity (ties go to the lower user index). Then
 * <pre>
 *   score(u, j)   = Σ_{v in N(u), v rated j} sim(u, v)                          (ranking)
 *   predict(u, j) = Σ_{v in N(u), v rated j} sim(u, v) r_vj / Σ_{same v} sim(u, v)  (rating)
 * </pre>
 * falling back to the user's mean rating, then to the global mean, when no neighbour rated {@code j}.
 * Neighbourhoods are computed in parallel over users; the result does not depend on the thread count.
 *
 * <pre>{@code
 * UserKnnModel knn = UserKnn.builder().withNeighbours(30).withWeighting(UserKnn.Weighting.RATINGS)
 *         .build().fit(train);
 * knn.predict(users, items, out);
 * }</pre>
 */
public final class UserKnn {
    /** How a user's vector is built from their interactions. */
    public enum Weighting {
        /** Every interaction is 1: cosine over co-occurrence. */
        BINARY,
        /** Every interaction weighs its value (rating). */
        RATINGS
    }

    /** Neighbours kept per user by default. */
    public static final int DEFAULT_NEIGHBOURS = 50;
    /** Default weighting: {@link Weighting#RATINGS}. */
    public static final Weighting DEFAULT_WEIGHTING = Weighting.RATINGS;
    /**
     * Threads used by default: all available processors ({@link Parallel#availableThreads()}), since the
     * model does not depend on the thread count.
     */
    public static final int DEFAULT_THREADS = Parallel.availableThreads();

    private final int neighbours;
    private final Weighting weighting;
    private final int threads;

    private UserKnn(Builder b) {
        this.neighbours = b.neighbours;
        this.weighting = b.weighting;
        this.threads = b.threads;
    }

    /** Returns a builder with the default options. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the number of neighbours kept per user. */
    public int neighbours() {
        return neighbours;
    }

    /** Returns how user vectors are weighted. */
    public Weighting weighting() {
        return weighting;
    }

    /** Returns the number of threads used to fit and to score blocks of users. */
    public int threads() {
        return threads;
    }

    /**
     * Returns the model fit on {@code train}; ratings are the interactions' values.
     *
     * @throws IllegalArgumentException if a (user, item) pair occurs in two rows
     *                                  ({@link Interactions#requireUniquePairs})
     */
    public UserKnnModel fit(Interactions train) {
        Objects.requireNonNull(train, "train");
        train.requireUniquePairs("UserKnn.fit: train");
        long t0 = System.nanoTime();
        SparseMatrix r = SparseMatrix.userItem(train, false);
        SparseMatrix rt = r.transpose();
        int nu = r.rows;
        boolean binary = weighting == Weighting.BINARY;
        double[] norms = new double[nu];
        double[] means = new double[nu];
        double total = 0;
        for (int u = 0; u < nu; u++) {
            double sq = 0;
            double sum = 0;
            for (int p = r.offsets[u]; p < r.offsets[u + 1]; p++) {
                double v = r.values[p];
                sq += binary ? 1.0 : v * v;
                sum += v;
            }
            norms[u] = Math.sqrt(sq);
            int d = r.degree(u);
            means[u] = d > 0 ? sum / d : Double.NaN;
            total += sum;
        }
        double globalMean = r.nnz() > 0 ? total / r.nnz() : 0.0;
        int[] lengths = new int[nu];
        int[][] nbrIds = new int[nu][];
        float[][] nbrSims = new float[nu][];
        Parallel.forRange(nu, threads, 16, (from, to) -> {
            double[] dots = new double[nu];
            int[] touched = new int[nu];
            int[] stamp = new int[nu];
            Arrays.fill(stamp, -1);
            IntDoubleTopK top = new IntDoubleTopK(Math.min(neighbours, Math.max(0, nu - 1)));
            int[] outIds = new int[top.capacity()];
            double[] outSims = new double[top.capacity()];
            for (int u = from; u < to; u++) {
                int size = 0;
                for (int p = r.offsets[u]; p < r.offsets[u + 1]; p++) {
                    int i = r.indices[p];
                    double wu = binary ? 1.0 : r.values[p];
                    for (int q = rt.offsets[i]; q < rt.offsets[i + 1]; q++) {
                        int v = rt.indices[q];
                        if (v == u) {
                            continue;
                        }
                        if (stamp[v] != u) {
                            stamp[v] = u;
                            touched[size++] = v;
                        }
                        dots[v] += wu * (binary ? 1.0 : rt.values[q]);
                    }
                }
                for (int t = 0; t < size; t++) {
                    int v = touched[t];
                    double sim = dots[v] / (norms[u] * norms[v]);
                    if (sim > 0) {
                        top.offer(v, sim);
                    }
                    dots[v] = 0.0;
                }
                int n = top.drain(outIds, outSims);
                lengths[u] = n;
                nbrIds[u] = Arrays.copyOf(outIds, n);
                float[] s = new float[n];
                for (int t = 0; t < n; t++) {
                    s[t] = (float) outSims[t];
                }
                nbrSims[u] = s;
            }
        });
        int[] offsets = new int[nu + 1];
        for (int u = 0; u < nu; u++) {
            offsets[u + 1] = offsets[u] + lengths[u];
        }
        int[] ids = new int[offsets[nu]];
        float[] sims = new float[offsets[nu]];
        for (int u = 0; u < nu; u++) {
            System.arraycopy(nbrIds[u], 0, ids, offsets[u], lengths[u]);
            System.arraycopy(nbrSims[u], 0, sims, offsets[u], lengths[u]);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return new UserKnnModel(this, r, rt, norms, means, globalMean, offsets, ids, sims, secs);
    }

    @Override
    public String toString() {
        return "UserKnn[neighbours=" + neighbours + ", weighting=" + weighting + ", threads=" + threads + "]";
    }

    /** Builds a {@link UserKnn} trainer; {@link #build()} validates every option. */
    public static final class Builder {
        private int neighbours = DEFAULT_NEIGHBOURS;
        private Weighting weighting = DEFAULT_WEIGHTING;
        private int threads = DEFAULT_THREADS;

        private Builder() {
        }

        /** Sets the number of most similar users kept per user (default {@value UserKnn#DEFAULT_NEIGHBOURS}). */
        public Builder withNeighbours(int n) {
            this.neighbours = n;
            return this;
        }

        /** Sets how user vectors are weighted (default {@link Weighting#RATINGS}). */
        public Builder withWeighting(Weighting weighting) {
            this.weighting = weighting;
            return this;
        }

        /**
         * Sets the number of threads for fitting and for scoring blocks of users, at least 1 (default
         * {@link UserKnn#DEFAULT_THREADS}: all processors; the model does not depend on it).
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
        public UserKnn build() {
            if (neighbours < 1) {
                throw new IllegalArgumentException("neighbours: " + neighbours + ", must be >= 1");
            }
            Objects.requireNonNull(weighting, "weighting");
            Parallel.checkThreads(threads);
            return new UserKnn(this);
        }
    }
}
