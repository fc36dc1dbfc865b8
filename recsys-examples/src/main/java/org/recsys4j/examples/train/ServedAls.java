package org.recsys4j.examples.train;

import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.util.IntDoubleTopK;
import org.recsys4j.embedding.mf.ImplicitAls;
import org.recsys4j.embedding.mf.ImplicitAlsModel;
import org.recsys4j.rank.cf.MatrixFactorizationRanker;
import org.recsys4j.rank.similarity.UserVectorSource;
import org.recsys4j.rank.similarity.ItemMatrix;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The implicit ALS the demo serves, in ONE place for both paths: the MovieLens demo ({@link ServingModels}) and your
 * own data ({@link EventModels}) take their trainer, their served ranker ({@code ials-dot}) and its <b>popularity
 * lift</b> from here.
 *
 * <p><b>Popularity lift.</b> The served ranker orders items by {@code p_u·q_i − β·p̄·q_i}, where {@code p̄} is the mean
 * user factor: {@code p̄·q_i} is what the average user is predicted to think of item {@code i}, so with β > 0 an item
 * ranks high for a user by how much more this user is predicted to like it than everyone does. Items that most users
 * like (the blockbusters every cluster watches) carry no taste; plain ALS puts the unseen ones on top of everyone's
 * list. β is chosen per data set on a validation split of the training data (each user's last interaction held out,
 * as {@link ServedRecall}'s weights are chosen), never on test items: the best validation HR@10 among the β of
 * {@link #LIFT_GRID} whose top-10 lists give at most {@value #MAX_COMMON_SLOTS} of their slots to <em>common</em>
 * items — items liked by at least {@value #COMMON_SHARE} of the users — or, if none keeps that cap, the β that gives
 * them the fewest slots. The cap is a product rule in the spirit of issue 18 ("popularity as a back-fill, not a
 * vote"): on data where no item is liked by half of the users (MovieLens, the shops) it never binds and β is chosen
 * by HR alone.
 */
public final class ServedAls {
    /** The popularity-lift values tried on the validation split. */
    public static final List<Double> LIFT_GRID = List.of(0.0, 0.1, 0.2, 0.3, 0.5);
    /** An item liked by at least this share of the users is <em>common</em>: it says nothing of a user's taste. */
    public static final double COMMON_SHARE = 0.5;
    /** The largest share of the validation top-10 slots that common items may take. */
    public static final double MAX_COMMON_SLOTS = 0.1;
    /** The name of the served ALS ranker. */
    public static final String RANKER_NAME = "ials-dot";

    private ServedAls() {
    }

    /**
     * Returns the implicit ALS the MovieLens demo serves: the settings' dimension and iterations, λ = {@code lambda},
     * α = {@value ImplicitAls#DEFAULT_ALPHA}, the settings' threads and seed (ALS's result does not depend on the
     * thread count).
     */
    public static ImplicitAls.Builder movieLens(TrainingSettings s, double lambda) {
        return ImplicitAls.builder().withFactors(s.dim()).withIterations(s.alsIterations()).withRegularization(lambda)
                .withThreads(s.threads()).withSeed(s.seed());
    }

    /** Returns the implicit ALS served on your own data: the factors, λ, α and iterations of {@code events}. */
    public static ImplicitAls.Builder events(TrainingSettings s, EventSettings events) {
        return ImplicitAls.builder().withFactors(events.alsFactors()).withRegularization(events.alsRegularization())
                .withAlpha(events.alsAlpha()).withIterations(events.alsIterations()).withThreads(s.threads())
                .withSeed(s.seed());
    }

    /**
     * The chosen popularity lift.
     *
     * @param beta  β, finite and ≥ 0 (0 = plain ALS scores)
     * @param notes how it was chosen (validation figures), one line
     */
    public record Lift(double beta, String notes) {
        /** No lift: plain ALS scores (used when there is no user to validate on). */
        public static final Lift NONE = new Lift(0, "none");

        /** Checks the values. */
        public Lift {
            if (!(beta >= 0) || !Double.isFinite(beta)) {
                throw new IllegalArgumentException("beta: " + beta + ", must be finite and >= 0");
            }
            Objects.requireNonNull(notes, "notes");
        }

        /** Writes {@code beta=} and {@code notes=} lines ({@link KeyValueFile}). */
        public void save(Path file) throws IOException {
            Map<String, Object> entries = new LinkedHashMap<>();
            entries.put("beta", beta);
            entries.put("notes", notes);
            KeyValueFile.write(file, "the served ALS ranker's popularity lift", entries);
        }

        /**
         * Reads a lift {@link #save} wrote.
         *
         * @throws DataFileException naming the file and line of a malformed or missing entry
         */
        public static Lift load(Path file) throws IOException {
            Double beta = null;
            String notes = "";
            for (KeyValueFile.Entry e : KeyValueFile.read(file)) {
                switch (e.key()) {
                    case "beta" -> beta = e.nonNegative();
                    case "notes" -> notes = e.value();
                    default -> throw e.unexpected("expected beta=... or notes=...");
                }
            }
            if (beta == null) {
                throw KeyValueFile.incomplete(file, "incomplete: needs a beta line");
            }
            return new Lift(beta, notes);
        }
    }

    /**
     * Chooses the popularity lift on a validation split of {@code interactions} (see the class comment): each user's
     * last interaction is held out, {@code als} is fitted on the rest (those valued at least {@code likedFrom}), and
     * every β of {@link #LIFT_GRID} ranks every item the user has not interacted with.
     *
     * @param als          the served trainer
     * @param interactions the training interactions (all of them: the split is made here)
     * @param likedFrom    the value from which an interaction is fitted and counts as liked
     *                     ({@link Double#NEGATIVE_INFINITY}: all)
     * @param seed         the seed of the sample of validation users when there are more than
     *                     {@link ServingModels#MERGE_MAX_VALIDATION_USERS} (the training seed)
     * @return the lift, with the validation figures of every β in its notes
     */
    public static Lift chooseLift(ImplicitAls.Builder als, Interactions interactions, double likedFrom, long seed) {
        LeaveLastOutTask val = LeaveLastOutTask.of(interactions);
        if (val.numCases() == 0) {
            return new Lift(0, "no lift: no user has two interactions to validate on");
        }
        Interactions rated = val.ratedTrain();
        Interactions liked = rated.filter(k -> rated.value(k) >= likedFrom);
        ImplicitAlsModel m = als.build().fit(liked);
        int n = interactions.numItems();
        boolean[] common = commonItems(liked, n);
        double[] pop = popularityScores(m);
        int g = LIFT_GRID.size();
        long[] hits = new long[g];
        long[] commonSlots = new long[g];
        long slots = 0;
        var byUser = val.train().byUser();
        double[][] scores = new double[1][n];
        double[] lifted = new double[n];
        boolean[] seen = new boolean[n];
        // at scale, a seeded sample of the validation users (as the merge-weight search): every user of ml-latest-small
        int[] cases = ServingModels.validationCases(val.numCases(), ServingModels.MERGE_MAX_VALIDATION_USERS, seed);
        for (int c : cases) {
            int u = val.testUser(c);
            if (u >= m.numUsers()) {
                continue;   // a user with no liked interaction in the split has no factors
            }
            m.score(new int[] {u}, scores);
            for (int p = byUser.start(u); p < byUser.end(u); p++) {
                seen[byUser.other(p)] = true;
            }
            for (int b = 0; b < g; b++) {
                double beta = LIFT_GRID.get(b);
                for (int i = 0; i < n; i++) {
                    lifted[i] = seen[i] ? Double.NEGATIVE_INFINITY : scores[0][i] - beta * pop[i];
                }
                int[] top = top(lifted, 10);
                int k = top.length;
                for (int r = 0; r < k; r++) {
                    hits[b] += top[r] == val.testItem(c) ? 1 : 0;
                    commonSlots[b] += common[top[r]] ? 1 : 0;
                }
                if (b == 0) {
                    slots += k;
                }
            }
            for (int p = byUser.start(u); p < byUser.end(u); p++) {
                seen[byUser.other(p)] = false;
            }
        }
        int best = -1;
        int fewest = 0;
        StringJoiner notes = new StringJoiner("; ");
        for (int b = 0; b < g; b++) {
            double share = slots == 0 ? 0 : commonSlots[b] / (double) slots;
            notes.add(String.format(Locale.ROOT, "β %.2g: HR@10 %.4f, common slots %.3f", LIFT_GRID.get(b),
                    hits[b] / (double) cases.length, share));
            if (share <= MAX_COMMON_SLOTS && (best < 0 || hits[b] > hits[best])) {
                best = b;
            }
            if (commonSlots[b] < commonSlots[fewest]) {
                fewest = b;
            }
        }
        int chosen = best >= 0 ? best : fewest;
        return new Lift(LIFT_GRID.get(chosen), String.format(Locale.ROOT, "chosen on a validation split of %d users "
                        + "(best HR@10 with common items, liked by >= %.0f%% of users, in <= %.0f%% of the slots%s): %s",
                cases.length, 100 * COMMON_SHARE, 100 * MAX_COMMON_SLOTS, best >= 0 ? "" : "; none kept it: fewest",
                notes));
    }

    /** Returns, per item index, whether at least {@link #COMMON_SHARE} of the users with a like liked it. */
    static boolean[] commonItems(Interactions liked, int numItems) {
        int[] likes = new int[numItems];
        boolean[] user = new boolean[Math.max(liked.numUsers(), 1)];
        int users = 0;
        for (int k = 0; k < liked.size(); k++) {
            likes[liked.item(k)]++;
            if (!user[liked.user(k)]) {
                user[liked.user(k)] = true;
                users++;
            }
        }
        boolean[] common = new boolean[numItems];
        for (int i = 0; i < numItems; i++) {
            common[i] = users > 0 && likes[i] >= COMMON_SHARE * users;
        }
        return common;
    }

    /** Returns {@code p̄·q_i} for every item: the average user's predicted score. */
    static double[] popularityScores(ImplicitAlsModel m) {
        double[] mean = meanUser(m.userFactors());
        double[] pop = new double[m.numItems()];
        for (int i = 0; i < pop.length; i++) {
            pop[i] = dot(mean, m.itemVectorAt(i));
        }
        return pop;
    }

    /** Returns the mean user factor {@code p̄} over the users with factors (a user without a like has none). */
    static double[] meanUser(EmbeddingTable users) {
        double[] mean = new double[users.dim()];
        int n = 0;
        for (int r = 0; r < users.size(); r++) {
            float[] v = users.vector(r);
            boolean zero = true;
            for (float x : v) {
                zero &= x == 0f;
            }
            if (zero) {
                continue;   // a user without a like has no factors
            }
            for (int d = 0; d < mean.length; d++) {
                mean[d] += v[d];
            }
            n++;
        }
        for (int d = 0; d < mean.length; d++) {
            mean[d] = n == 0 ? 0 : mean[d] / n;
        }
        return mean;
    }

    static double dot(double[] a, float[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += a[d] * b[d];
        }
        return s;
    }

    /**
     * Returns the indices of the (up to) {@code k} largest values of {@code v} that are not {@code -Infinity} (the
     * excluded items), best first; ties keep the lower index first ({@link IntDoubleTopK}).
     */
    static int[] top(double[] v, int k) {
        IntDoubleTopK top = new IntDoubleTopK(Math.min(k, v.length));
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Double.NEGATIVE_INFINITY) {
                top.offer(i, v[i]);
            }
        }
        return top.drainIds();
    }

    /**
     * Returns the item biases {@code −β·p̄·q_i} of the served ranker, by index of {@code items} (0 for an item without
     * factors).
     *
     * @param users    the user factors (ids = user ids)
     * @param itemsAls the item factors (ids = item ids)
     * @param items    the catalogue's item ids
     * @param beta     the lift
     */
    public static double[] itemBiases(EmbeddingTable users, EmbeddingTable itemsAls, IdIndex items, double beta) {
        double[] mean = meanUser(users);
        double[] b = new double[items.size()];
        IdIndex ids = itemsAls.ids();
        for (int r = 0; r < itemsAls.size(); r++) {
            int i = ids.isNumeric() ? items.indexOf(ids.longId(r)) : items.indexOf(ids.id(r));
            if (i >= 0) {
                b[i] = -beta * dot(mean, itemsAls.vector(r));
            }
        }
        return b;
    }

    /**
     * Returns the served ALS ranker ({@value #RANKER_NAME}): users the model knows by their factor row, others folded
     * in from their history with λ and the confidence of a typical interaction; scores lifted by {@code beta}.
     *
     * @param users          the user factors (ids = user ids)
     * @param itemFactors    the item factors (ids = item ids)
     * @param items          the catalogue's item ids
     * @param regularization the model's λ (fold-in)
     * @param confidence     the confidence of a typical history item (fold-in)
     * @param beta           the popularity lift ({@link Lift#beta()})
     */
    public static MatrixFactorizationRanker ranker(EmbeddingTable users, EmbeddingTable itemFactors, IdIndex items,
                                                   double regularization, double confidence, double beta) {
        MatrixFactorizationRanker.Builder b = MatrixFactorizationRanker.builder(UserVectorSource.byKey(users),
                        ItemMatrix.of(itemFactors, items)).withName(RANKER_NAME)
                .withImplicitFoldIn(regularization, confidence);
        return (beta == 0 ? b : b.withBiases(0, null, itemBiases(users, itemFactors, items, beta))).build();
    }
}
