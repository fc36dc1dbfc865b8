package org.recsys4j.examples.server;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.core.vector.Vectors;

import java.util.Objects;

/**
 * A {@link Ranker} over a trained factor model (e.g. implicit ALS): the score of an item is the dot
 * product of the user's vector and the item's. The user's vector is the model's row for the request's
 * user key if the model knows the user, else the mean of the item vectors of the request's history (a
 * user who arrived after training, or one with only feedback). Items the model has no vector for get
 * the fallback score {@code -Double.MAX_VALUE} (they keep their recall order behind the scored ones, as
 * {@link org.recsys4j.core.pipeline.RankingChain} breaks ties by input order); when no user vector can
 * be formed (an anonymous request) every item gets {@code -position}, so the input (recall) order is
 * kept. Thread-safe (read-only).
 *
 * <p>It lives in the server package as a stand-in until the rankers of {@code recsys-rank} land; any
 * {@link Ranker} plugs into the same {@link org.recsys4j.core.pipeline.RankingChain} seam.
 */
public final class FactorRanker implements Ranker {
    /** The score of an item that cannot be scored. */
    public static final double FALLBACK_SCORE = -Double.MAX_VALUE;

    private final String name;
    private final EmbeddingTable users;
    private final EmbeddingTable items;
    private final int[] itemRow;

    /**
     * Creates a ranker.
     *
     * @param name    the name reported in responses
     * @param users   user vectors, ids = the user keys' numeric ids
     * @param items   item vectors, ids = external item ids
     * @param catalog the pipeline's item ids (dense item index to external id)
     */
    public FactorRanker(String name, EmbeddingTable users, EmbeddingTable items, IdIndex catalog) {
        this.name = Objects.requireNonNull(name, "name");
        this.users = Objects.requireNonNull(users, "users");
        this.items = Objects.requireNonNull(items, "items");
        if (users.dim() != items.dim()) {
            throw new IllegalArgumentException("users: dimension " + users.dim() + ", items' is " + items.dim());
        }
        this.itemRow = new int[catalog.size()];
        for (int i = 0; i < itemRow.length; i++) {
            itemRow[i] = items.ids().indexOf(catalog.id(i));
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** Returns the user's vector by the rules of the class comment, or null. */
    float[] userVector(RecRequest request) {
        String key = request.userKey();
        if (key != null) {
            int r = users.ids().indexOf(key);
            if (r >= 0) {
                return users.vector(r);
            }
        }
        float[] sum = new float[items.dim()];
        int n = 0;
        for (int j = 0; j < request.historySize(); j++) {
            int item = request.historyItem(j);
            int r = item < itemRow.length ? itemRow[item] : -1;
            if (r >= 0) {
                items.addScaledRow(r, 1f, sum, 0);
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        Vectors.scale(1f / n, sum, 0, sum.length);
        return sum;
    }

    @Override
    public void score(RecRequest request, int[] candidates, double[] scores) {
        float[] u = userVector(request);
        if (u == null) {
            for (int i = 0; i < candidates.length; i++) {
                scores[i] = -i;
            }
            return;
        }
        float[] v = new float[items.dim()];
        for (int i = 0; i < candidates.length; i++) {
            int item = candidates[i];
            int r = item < 0 || item >= itemRow.length ? -1 : itemRow[item];
            scores[i] = r < 0 ? FALLBACK_SCORE : Vectors.dot(u, items.row(r, v));
        }
    }

    @Override
    public String toString() {
        return "FactorRanker[" + name + ", dim " + items.dim() + "]";
    }
}
