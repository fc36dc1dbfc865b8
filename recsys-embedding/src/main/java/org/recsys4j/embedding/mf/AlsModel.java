package org.recsys4j.embedding.mf;

import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.model.RatingPredictor;
import org.recsys4j.core.model.UserItemScorer;

import java.util.Arrays;

/**
 * A fitted {@link Als}: predicts {@code μ + b_u + b_i + p_u·q_i}, with zero bias and factors for a user
 * or item index outside the training data (so an unknown pair gets μ). If the trainer was built with
 * {@link Als.Builder#withClip(boolean) clipping}, predictions are clipped to the training ratings' range.
 * As a {@link UserItemScorer} it scores every item with the same (unclipped) prediction. Immutable and
 * thread-safe.
 */
public final class AlsModel implements RatingPredictor, UserItemScorer {
    private final Als config;
    private final IdIndex users;
    private final IdIndex items;
    private final int f;
    private final double mu;
    private final float[] p;
    private final float[] q;
    private final double[] bu;
    private final double[] bi;
    private final double min;
    private final double max;
    private final double fitSeconds;
    private final String dataFingerprint;   // SHA-256 of the training interactions

    AlsModel(Als config, IdIndex users, IdIndex items, int f, double mu, float[] p, float[] q, double[] bu,
             double[] bi, double min, double max, double fitSeconds, String dataFingerprint) {
        this.config = config;
        this.dataFingerprint = dataFingerprint;
        this.users = users;
        this.items = items;
        this.f = f;
        this.mu = mu;
        this.p = p;
        this.q = q;
        this.bu = bu;
        this.bi = bi;
        this.min = min;
        this.max = max;
        this.fitSeconds = fitSeconds;
    }

    /** Returns the trainer (options) this model was fit with. */
    public Als config() {
        return config;
    }

    /** Returns the number of latent factors. */
    public int factors() {
        return f;
    }

    /** Returns μ, the mean training rating (0 if there were none). */
    public double globalMean() {
        return mu;
    }

    /** Returns b_u of user index {@code user} (a dense index, not an id), or 0 for an index outside the training data. */
    public double userBiasAt(int user) {
        return user >= 0 && user < bu.length ? bu[user] : 0.0;
    }

    /** Returns b_i of item index {@code item} (a dense index, not an id), or 0 for an index outside the training data. */
    public double itemBiasAt(int item) {
        return item >= 0 && item < bi.length ? bi[item] : 0.0;
    }

    /** Returns the lower clipping bound (negative infinity without clipping). */
    public double clipMin() {
        return min;
    }

    /** Returns the upper clipping bound (positive infinity without clipping). */
    public double clipMax() {
        return max;
    }

    /** Returns the wall-clock seconds {@code fit} took. */
    public double fitSeconds() {
        return fitSeconds;
    }

    /**
     * Returns the user factors p_u keyed by external user id (biases not included).
     *
     * @throws IllegalArgumentException if the model has no factors (f = 0)
     */
    public EmbeddingTable userFactors() {
        return EmbeddingTable.of(users, f, p).withInfo(provenance("users"));
    }

    /**
     * Returns the item factors q_i keyed by external item id (biases not included).
     *
     * @throws IllegalArgumentException if the model has no factors (f = 0)
     */
    public EmbeddingTable itemFactors() {
        return EmbeddingTable.of(items, f, q).withInfo(provenance("items"));
    }

    /** Returns a copy of the factors of user index {@code u} (a dense index of the training users, not an id). */
    public float[] userVectorAt(int u) {
        return Arrays.copyOfRange(p, u * f, (u + 1) * f);
    }

    /** Returns a copy of the factors of item index {@code i} (a dense index of the training items, not an id). */
    public float[] itemVectorAt(int i) {
        return Arrays.copyOfRange(q, i * f, (i + 1) * f);
    }

    /** Writes the (clipped, if configured) prediction for each (user, item) pair. */
    @Override
    public void predict(int[] users, int[] items, double[] out) {
        if (items.length != users.length || out.length < users.length) {
            throw new IllegalArgumentException("users has " + users.length + " entries, items " + items.length
                    + ", out " + out.length + "; need equal lengths");
        }
        int nu = bu.length;
        int ni = bi.length;
        for (int k = 0; k < users.length; k++) {
            int u = users[k];
            int i = items[k];
            boolean ku = u >= 0 && u < nu;
            boolean ki = i >= 0 && i < ni;
            double s = mu + (ku ? bu[u] : 0.0) + (ki ? bi[i] : 0.0);
            if (ku && ki && f > 0) {
                s += org.recsys4j.core.vector.Vectors.dot(p, u * f, q, i * f, f);
            }
            out[k] = Math.min(max, Math.max(min, s));
        }
    }

    /** Writes {@code μ + b_u + b_i + p_u·q_i} for every item, for each user of the block (not clipped). */
    @Override
    public void score(int[] users, double[][] scores) {
        if (scores.length < users.length) {
            throw new IllegalArgumentException("scores has " + scores.length + " rows, need " + users.length);
        }
        for (int b = 0; b < users.length; b++) {
            if (users[b] < 0 || users[b] >= bu.length) {
                throw new IllegalArgumentException("users[" + b + "] = " + users[b] + " outside [0, " + bu.length + ")");
            }
            if (scores[b].length != bi.length) {
                throw new IllegalArgumentException("scores[" + b + "] has length " + scores[b].length + ", need "
                        + bi.length);
            }
        }
        if (f > 0) {
            Factors.scoreBlock(users, p, q, bi.length, f, scores);
        } else {
            for (int b = 0; b < users.length; b++) {
                Arrays.fill(scores[b], 0.0);
            }
        }
        for (int b = 0; b < users.length; b++) {
            double base = mu + bu[users[b]];
            double[] row = scores[b];
            for (int i = 0; i < row.length; i++) {
                row[i] += base + bi[i];
            }
        }
    }

    @Override
    public String toString() {
        return "AlsModel[mu=" + mu + ", " + bu.length + " users, " + bi.length + " items, " + config + "]";
    }

    /** The provenance of a factor table: the trainer, its settings, which factors, the training data. */
    private ArtifactInfo provenance(String factors) {
        return ArtifactInfo.builder(ArtifactInfo.EMBEDDING_TABLE).withProducer(Als.class.getName())
                .withSetting("config", config).withSetting("factors", factors).withInput("data", dataFingerprint).build();
    }
}
