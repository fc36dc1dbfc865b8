package org.recsys4j.embedding.mf;

import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.model.HistoryScorer;
import org.recsys4j.core.model.ItemSimilarity;
import org.recsys4j.core.model.UserItemScorer;
import org.recsys4j.core.vector.Vectors;

import java.util.Arrays;

/**
 * A fitted {@link ImplicitAls}: the score of item {@code i} for user {@code u} is {@code x_u·y_i}.
 * Scores every item for known users ({@link UserItemScorer}) and, by folding in, for a user given only
 * their item history ({@link HistoryScorer}): the user's factors are solved from the history with the
 * same exact equations as training (every history item a preference with confidence
 * {@code c(1)}), against the final item factors. Immutable and thread-safe.
 */
public final class ImplicitAlsModel implements UserItemScorer, HistoryScorer {
    private final ImplicitAls config;
    private final IdIndex users;
    private final IdIndex items;
    private final int f;
    private final float[] x;
    private final float[] y;
    private final double[] gramY;
    private final double fitSeconds;
    private final String dataFingerprint;   // SHA-256 of the training interactions

    ImplicitAlsModel(ImplicitAls config, IdIndex users, IdIndex items, int f, float[] x, float[] y, double[] gramY,
                     double fitSeconds, String dataFingerprint) {
        this.config = config;
        this.dataFingerprint = dataFingerprint;
        this.users = users;
        this.items = items;
        this.f = f;
        this.x = x;
        this.y = y;
        this.gramY = gramY;
        this.fitSeconds = fitSeconds;
    }

    /** Returns the trainer (options) this model was fit with. */
    public ImplicitAls config() {
        return config;
    }

    /** Returns the number of latent factors. */
    public int factors() {
        return f;
    }

    /** Returns the number of users (rows of the user factors). */
    public int numUsers() {
        return users.size();
    }

    @Override
    public int numItems() {
        return items.size();
    }

    /** Returns the wall-clock seconds {@code fit} took. */
    public double fitSeconds() {
        return fitSeconds;
    }

    /**
     * Returns a copy of the factors of user index {@code u} (a dense index of the training users, not an id).
     *
     * @param u the user index
     * @return the factors
     * @throws IllegalArgumentException if the index is out of range
     */
    public float[] userVectorAt(int u) {
        checkIndex("user", u, users.size());
        return Arrays.copyOfRange(x, u * f, (u + 1) * f);
    }

    /**
     * Returns a copy of the factors of item index {@code i} (a dense index of the training items, not an id).
     *
     * @param i the item index
     * @return the factors
     * @throws IllegalArgumentException if the index is out of range
     */
    public float[] itemVectorAt(int i) {
        checkIndex("item", i, items.size());
        return Arrays.copyOfRange(y, i * f, (i + 1) * f);
    }

    /** Returns the user factors keyed by external user id. */
    public EmbeddingTable userFactors() {
        return EmbeddingTable.of(users, f, x).withInfo(provenance("users"));
    }

    /** Returns the item factors keyed by external item id. */
    public EmbeddingTable itemFactors() {
        return EmbeddingTable.of(items, f, y).withInfo(provenance("items"));
    }

    /** Writes {@code x_u·y_i} for every item, for each user of the block. */
    @Override
    public void score(int[] users, double[][] scores) {
        if (scores.length < users.length) {
            throw new IllegalArgumentException("scores has " + scores.length + " rows, need " + users.length);
        }
        for (int b = 0; b < users.length; b++) {
            checkIndex("users[" + b + "]", users[b], this.users.size());
            checkRow("scores[" + b + "]", scores[b]);
        }
        Factors.scoreBlock(users, x, y, items.size(), f, scores);
    }

    /**
     * Returns the factors of a user whose history is {@code history} (item indices, duplicates ignored),
     * solved exactly against the item factors; an empty history gives the zero vector.
     */
    public float[] foldIn(int[] history) {
        int[] h = Arrays.stream(history).distinct().toArray();
        float[] conf = new float[h.length];
        for (int k = 0; k < h.length; k++) {
            checkIndex("history[" + k + "]", h[k], items.size());
            conf[k] = (float) config.confidenceOf(1.0);
        }
        ImplicitAls.Work w = ImplicitAls.work(f);
        ImplicitAls.solveExact(gramY, config.regularization(), y, f, h, conf, 0, h.length, w);
        float[] out = new float[f];
        for (int a = 0; a < f; a++) {
            out[a] = (float) w.b[a];
        }
        return out;
    }

    /** Writes {@code x·y_i} for every item, with {@code x} the {@link #foldIn(int[]) folded-in} factors. */
    @Override
    public void scoreHistory(int[] history, double[] scores) {
        checkRow("scores", scores);
        float[] u = foldIn(history);
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Vectors.dot(y, i * f, u, 0, f);
        }
    }

    /**
     * Returns the cosine similarity of the item factors, for protocol S and "similar items":
     * {@code out[b][i]} is the cosine of {@code y_i} and {@code y_q}; an item whose factors are all zero (no
     * train interaction, so no direction) gets {@link Double#NEGATIVE_INFINITY} and is not
     * {@link ItemSimilarity#covers covered}, and a query without a direction scores every item so.
     */
    public ItemSimilarity itemSimilarity() {
        int n = items.size();
        float[] unit = new float[n * f];
        boolean[] has = new boolean[n];
        for (int i = 0; i < n; i++) {
            double norm = Math.sqrt(Vectors.dot(y, i * f, y, i * f, f));
            if (norm > 0) {
                has[i] = true;
                for (int a = 0; a < f; a++) {
                    unit[i * f + a] = (float) (y[i * f + a] / norm);
                }
            }
        }
        return new ItemSimilarity() {
            @Override
            public int numItems() {
                return n;
            }

            @Override
            public void similarities(int[] queries, double[][] out) {
                float[] s = new float[n];
                for (int b = 0; b < queries.length; b++) {
                    checkIndex("queries[" + b + "]", queries[b], n);
                    double[] row = out[b];
                    if (!has[queries[b]]) {
                        Arrays.fill(row, 0, n, Double.NEGATIVE_INFINITY);
                        continue;
                    }
                    Vectors.dotRows(unit, f, unit, queries[b] * f, s);
                    for (int i = 0; i < n; i++) {
                        row[i] = has[i] ? s[i] : Double.NEGATIVE_INFINITY;
                    }
                }
            }

            @Override
            public boolean covers(int item) {
                return item >= 0 && item < n && has[item];
            }
        };
    }

    private void checkRow(String what, double[] row) {
        if (row.length != items.size()) {
            throw new IllegalArgumentException(what + " has length " + row.length + ", need " + items.size());
        }
    }

    private static void checkIndex(String what, int v, int n) {
        if (v < 0 || v >= n) {
            throw new IllegalArgumentException(what + " = " + v + " outside [0, " + n + ")");
        }
    }

    @Override
    public String toString() {
        return "ImplicitAlsModel[" + users.size() + " users, " + items.size() + " items, " + config + "]";
    }

    /** The provenance of a factor table: the trainer, its settings, which factors, the training data. */
    private ArtifactInfo provenance(String factors) {
        return ArtifactInfo.builder(ArtifactInfo.EMBEDDING_TABLE).withProducer(ImplicitAls.class.getName())
                .withSetting("config", config).withSetting("factors", factors).withInput("data", dataFingerprint).build();
    }
}
