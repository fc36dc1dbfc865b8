package org.recsys4j.examples.train;

import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.feature.FittedSchema;
import org.recsys4j.core.feature.Vocabulary;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.sample.ProtocolCFeatures;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.embedding.mf.ImplicitAls;
import org.recsys4j.embedding.mf.ImplicitAlsModel;
import org.recsys4j.rank.ctr.CtrModel;
import org.recsys4j.rank.ctr.CtrTrainer;
import org.recsys4j.rank.ctr.ProtocolC;
import org.recsys4j.rank.ctr.ProtocolCFeatureProvider;
import org.recsys4j.rank.serving.BatchScorer;
import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.TensorSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The NeuralCF the demo serves is NeuMF (He et al., <i>Neural Collaborative Filtering</i>, WWW 2017, §3.4): the fusion
 * of an MLP over the user-id and movie-id embeddings — the source system's NeuralCF ({@link NeuralCfTraining}) — and a
 * GMF branch, the element-wise product of a user and a movie vector. As the paper pre-trains its branches and fuses
 * them with a trade-off weight, the GMF branch here is pre-trained and held: its vectors are implicit ALS's factors
 * (the served ones, with their popularity lift, {@link ServedAls}), and the fused score of a user {@code u} and a movie
 * {@code i} is
 * <pre>{@code logit(MLP(u, i)) + w · (p_u − β·p̄) · q_i}</pre>
 * with the weight {@code w} chosen on a validation split (below). The model server serves that score under the source
 * system's signature (the user id and the movie id only), so the movies a {@code model=neuralcf} request gets are in
 * the order of the scores the model server gives them. A user or movie without ALS factors gets the MLP's score alone.
 *
 * <p><b>Why a fused model.</b> The MLP alone orders implicit ALS's best {@value #CANDIDATES} movies about as a random
 * order would on MovieLens (protocol T HR@10 0.0574 against ALS's own 0.0705 on ml-latest-small): a dot product of
 * 10-wide embeddings is hard for an MLP to learn (Rendle et al., RecSys 2020), and ALS's movies all look alike to it.
 * The paper's own answer is the GMF branch beside the MLP.
 *
 * <p><b>The weight</b> is chosen as {@link ServedAls#chooseLift} chooses the lift, never on test items: each user's last
 * interaction of the training data is held out; ALS (the served settings and lift) and the MLP (the served samples'
 * settings and trainer) are trained again on the rest; for each validation user ALS's best {@value #CANDIDATES} unseen
 * movies are ordered by the fused score at every weight of {@link #WEIGHT_GRID}, and the weight with the best HR@10
 * whose top 10 give at most {@link ServedAls#MAX_COMMON_SLOTS} of their slots to common movies (liked by at least
 * {@link ServedAls#COMMON_SHARE} of the users) is kept; a tie goes to the better NDCG@10, then to the smaller weight
 * (more of the MLP). The grid has no infinite weight: the pipeline serves NeuralCF, not ALS under its name.
 */
public final class NeuMf {
    /** The GMF weights tried on the validation split (0: the MLP alone). */
    public static final List<Double> WEIGHT_GRID = List.of(0.0, 1.0, 3.0, 10.0, 30.0, 100.0);
    /**
     * The candidates the model orders: implicit ALS's best, as many as the source front end's page
     * ({@code /getrecforyou?size=32}).
     */
    public static final int CANDIDATES = 32;
    /** The artifact's name in the work folder. */
    static final String NAME = "neuralcf-gmf";
    /** The progress step of the validation split's samples (the rankers' samples of the split). */
    static final String SAMPLES_STEP = "neuralcf gmf: ranker-samples (validation split)";
    /** The progress step of the validation split's MLP. */
    static final String MLP_STEP = "neuralcf gmf: neuralcf (validation split)";

    private NeuMf() {
    }

    /**
     * The chosen GMF weight.
     *
     * @param weight the weight {@code w} of the GMF (ALS) branch, finite and ≥ 0
     * @param notes  how it was chosen (the validation figures of every weight), one line
     */
    public record Weight(double weight, String notes) {
        /** Checks the values. */
        public Weight {
            if (!(weight >= 0) || !Double.isFinite(weight)) {
                throw new IllegalArgumentException("weight: " + weight + ", must be finite and >= 0");
            }
            Objects.requireNonNull(notes, "notes");
        }

        /** Writes {@code weight=} and {@code notes=} lines ({@link KeyValueFile}). */
        public void save(Path file) throws IOException {
            Map<String, Object> entries = new LinkedHashMap<>();
            entries.put("weight", weight);
            entries.put("notes", notes);
            KeyValueFile.write(file, "the GMF (implicit ALS) weight of the served NeuMF", entries);
        }

        /**
         * Reads a weight {@link #save} wrote.
         *
         * @throws DataFileException naming the file and line of a malformed or missing entry
         */
        public static Weight load(Path file) throws IOException {
            Double weight = null;
            String notes = "";
            for (KeyValueFile.Entry e : KeyValueFile.read(file)) {
                switch (e.key()) {
                    case "weight" -> weight = e.nonNegative();
                    case "notes" -> notes = e.value();
                    default -> throw e.unexpected("expected weight=... or notes=...");
                }
            }
            if (weight == null) {
                throw KeyValueFile.incomplete(file, "incomplete: needs a weight line");
            }
            return new Weight(weight, notes);
        }
    }

    /**
     * Returns the GMF weight, loaded from {@code work} when saved there from the same inputs, else chosen
     * ({@link #choose}) and saved as {@code neuralcf-gmf.txt}.
     *
     * @param data       the data set
     * @param validation the ratings the validation split is carved from, built only when the weight must be chosen
     * @param state      the online state of the served MLP's samples
     * @param dataKey    the data's fingerprint
     * @param alsKey     the served ALS's fingerprint
     * @param lift       the served popularity lift
     * @param s          the training settings
     * @param work       the work folder
     * @param progress   where the steps report
     */
    static Weight obtain(MovieLensData data, java.util.function.Supplier<Interactions> validation,
                         org.recsys4j.rank.ctr.OnlineFeatureState state, String dataKey, String alsKey,
                         ServedAls.Lift lift, TrainingSettings s, WorkDir work, Progress progress) {
        // version 2: ties by NDCG@10
        String key = Fingerprint.of(NAME, 2).add("neuralcf", NeuralCfTraining.key(state, dataKey, s)).add("als", alsKey)
                .add("lift", lift.beta()).add("grid", WEIGHT_GRID.toString()).add("candidates", CANDIDATES)
                .add("commonShare", ServedAls.COMMON_SHARE).add("maxCommonSlots", ServedAls.MAX_COMMON_SLOTS)
                .add("maxValidationUsers", ServingModels.MERGE_MAX_VALIDATION_USERS)
                .add("maxValidationRatings", ServingModels.MAX_VALIDATION_RATINGS).add("seed", s.seed()).hex();
        return work.obtain(NAME, NAME + ".txt", key, WorkDir.Codec.of(Weight::save, Weight::load), notes -> {
            Weight w = choose(data, validation.get(), ServingModels.movieLensAls(s), lift.beta(), ServingModels.LIKED,
                    NeuralCfTraining.trainer(state, s), s.seed(), progress);
            notes.put("validation", w.notes());
            return w;
        });
    }

    /**
     * Chooses the GMF weight on a validation split of {@code validation} (see the class comment).
     *
     * @param data       the data set (its catalogue; its ratings are not read)
     * @param validation the ratings to carve the split from (the training ratings, or a sample of whole users)
     * @param als        the served ALS trainer
     * @param beta       the served popularity lift
     * @param likedFrom  the rating from which ALS fits an interaction and counts it as liked
     * @param mlp        the served MLP's trainer (its settings; trained again here on the split's samples)
     * @param seed       the samples' seed and the seed of the sample of validation users
     * @param progress   where the steps report
     * @return the weight, with the validation figures of every weight in its notes
     */
    static Weight choose(MovieLensData data, Interactions validation, ImplicitAls.Builder als, double beta,
                         double likedFrom, CtrTrainer.Builder mlp, long seed, Progress progress) {
        LeaveLastOutTask val = LeaveLastOutTask.of(validation);
        if (val.numCases() == 0) {
            return new Weight(0, "the MLP alone: no user has two ratings to validate on");
        }
        Interactions rated = val.ratedTrain();
        Interactions liked = rated.filter(k -> rated.value(k) >= likedFrom);
        ImplicitAlsModel m = als.build().fit(liked);
        MovieLensData split = new MovieLensData(data.format(), data.dir(), data.catalog(), rated, data.report());
        ProtocolC samples = CtrRankerTraining.samples(split, seed, progress, SAMPLES_STEP);
        CtrModel model = NeuralCfTraining.train(samples, mlp, progress, new HashMap<>(), MLP_STEP);
        // the MLP reads the user id and the movie id only: the store of user statistics stays empty
        String stats = "user_stats";
        ProtocolCFeatureProvider rows = new ProtocolCFeatureProvider(samples, InMemoryFeatureStore.builder()
                .withNamespace(org.recsys4j.core.store.NamespaceSpec.vectors(stats)).build(), stats);
        int n = validation.numItems();
        boolean[] common = ServedAls.commonItems(liked, n);
        double[] pop = ServedAls.popularityScores(m);
        int g = WEIGHT_GRID.size();
        long[] hits = new long[g];
        double[] ndcg = new double[g];
        long[] commonSlots = new long[g];
        long slots = 0;
        var byUser = val.train().byUser();
        double[][] scores = new double[1][n];
        boolean[] seen = new boolean[n];
        double[] lifted = new double[n];
        double[] fused = new double[CANDIDATES];
        IdIndex users = validation.users();
        int[] cases = ServingModels.validationCases(val.numCases(), ServingModels.MERGE_MAX_VALIDATION_USERS, seed);
        try (Progress.Step step = progress.start("neuralcf gmf weight", cases.length, "users")) {   // the weights' scoring
            int done = 0;
            for (int c : cases) {
                step.stepTo(++done);
                int u = val.testUser(c);
                if (u >= m.numUsers()) {
                    continue;   // no liked rating in the split: no factors, as the served ALS stage folds in instead
                }
                m.score(new int[] {u}, scores);
                for (int p = byUser.start(u); p < byUser.end(u); p++) {
                    seen[byUser.other(p)] = true;
                }
                for (int i = 0; i < n; i++) {
                    lifted[i] = seen[i] || i >= m.numItems() ? Double.NEGATIVE_INFINITY
                            : scores[0][i] - beta * pop[i];
                }
                for (int p = byUser.start(u); p < byUser.end(u); p++) {
                    seen[byUser.other(p)] = false;
                }
                int[] top = ServedAls.top(lifted, CANDIDATES);
                if (top.length == 0) {
                    continue;
                }
                String key = users.isNumeric() ? Long.toString(users.longId(u)) : users.id(u);
                RecRequest request = RecRequest.builder(top.length).withUser(key, u).build();
                InputBatch batch = rows.rows(request, CandidateBatch.ofItems(top), 0, top.length);
                double[] p = new double[top.length];
                model.score(batch, p, 0, Deadline.none());
                for (int b = 0; b < g; b++) {
                    double w = WEIGHT_GRID.get(b);
                    for (int r = 0; r < top.length; r++) {
                        fused[r] = logit(p[r]) + w * lifted[top[r]];
                    }
                    int[] order = ServedAls.top(java.util.Arrays.copyOf(fused, top.length), 10);
                    for (int pos = 0; pos < order.length; pos++) {
                        int item = top[order[pos]];
                        if (item == val.testItem(c)) {
                            hits[b]++;
                            ndcg[b] += 1 / (Math.log(pos + 2) / Math.log(2));
                        }
                        commonSlots[b] += common[item] ? 1 : 0;
                    }
                    if (b == 0) {
                        slots += order.length;
                    }
                }
            }
        }
        int best = -1;
        int fewest = 0;
        StringJoiner notes = new StringJoiner("; ");
        for (int b = 0; b < g; b++) {
            double share = slots == 0 ? 0 : commonSlots[b] / (double) slots;
            notes.add(String.format(Locale.ROOT, "w %s: HR@10 %.4f, NDCG@10 %.4f, common slots %.3f", WEIGHT_GRID.get(b),
                    hits[b] / (double) cases.length, ndcg[b] / cases.length, share));
            boolean better = best < 0 || hits[b] > hits[best] || (hits[b] == hits[best] && ndcg[b] > ndcg[best]);
            if (share <= ServedAls.MAX_COMMON_SLOTS && better) {
                best = b;
            }
            if (commonSlots[b] < commonSlots[fewest]) {
                fewest = b;
            }
        }
        int chosen = best >= 0 ? best : fewest;
        return new Weight(WEIGHT_GRID.get(chosen), String.format(Locale.ROOT, "chosen on a validation split of %d users "
                        + "(ALS's best %d ordered; best HR@10, then NDCG@10, with common items in <= %.0f%% of the slots%s): %s",
                cases.length, CANDIDATES, 100 * ServedAls.MAX_COMMON_SLOTS, best >= 0 ? "" : "; none kept it: fewest",
                notes));
    }

    /**
     * Returns the served NeuMF: a scorer of the MLP's rows (the user id and the movie id, encoded by {@code features})
     * that adds {@code weight} times the lifted ALS score to the logit of the MLP's probability.
     *
     * @param mlp         the MLP (NeuralCF) as a scorer of the rows the model server receives
     * @param features    the encoders of those rows (their {@value ProtocolCFeatures#USER} and
     *                    {@value ProtocolCFeatures#MOVIE} vocabularies)
     * @param alsUsers    ALS's user factors (ids = user ids)
     * @param alsItems    ALS's item factors (ids = movie ids)
     * @param beta        the served popularity lift
     * @param weight      the GMF weight ({@link Weight#weight()})
     * @return the scorer, with the MLP's inputs
     */
    public static BatchScorer scorer(BatchScorer mlp, FittedSchema<?> features, EmbeddingTable alsUsers,
                                     EmbeddingTable alsItems, double beta, double weight) {
        Objects.requireNonNull(mlp, "mlp");
        Vocabulary userIds = features.encoder(ProtocolCFeatures.USER, Vocabulary.class);
        Vocabulary movieIds = features.encoder(ProtocolCFeatures.MOVIE, Vocabulary.class);
        double[] mean = ServedAls.meanUser(alsUsers);
        int dim = alsItems.dim();
        if (alsUsers.dim() != dim) {
            throw new IllegalArgumentException("alsUsers: dimension " + alsUsers.dim() + ", the items' is " + dim);
        }
        // per encoded id: the lifted user vector (p_u - beta * mean) and the item vector, or null (the MLP alone)
        float[][] u = new float[userIds.cardinality()][];
        for (int code = 1; code < u.length; code++) {
            int row = rowOf(alsUsers.ids(), userIds, code);
            if (row >= 0) {
                float[] v = alsUsers.vector(row);
                float[] lifted = new float[dim];
                for (int d = 0; d < dim; d++) {
                    lifted[d] = (float) (v[d] - beta * mean[d]);
                }
                u[code] = lifted;
            }
        }
        float[][] q = new float[movieIds.cardinality()][];
        for (int code = 1; code < q.length; code++) {
            int row = rowOf(alsItems.ids(), movieIds, code);
            q[code] = row < 0 ? null : alsItems.vector(row);
        }
        return new BatchScorer() {
            @Override
            public List<TensorSpec> inputs() {
                return mlp.inputs();
            }

            @Override
            public void score(InputBatch batch, double[] out, int offset, Deadline deadline) {
                mlp.score(batch, out, offset, deadline);
                long[] users = batch.longs(ProtocolCFeatures.USER);
                long[] movies = batch.longs(ProtocolCFeatures.MOVIE);
                for (int r = 0; r < batch.rows(); r++) {
                    float[] pu = users[r] > 0 && users[r] < u.length ? u[(int) users[r]] : null;
                    float[] qi = movies[r] > 0 && movies[r] < q.length ? q[(int) movies[r]] : null;
                    double gmf = pu == null || qi == null ? 0 : dot(pu, qi);
                    out[offset + r] = logit(out[offset + r]) + weight * gmf;
                }
            }

            @Override
            public String toString() {
                return "NeuMF{" + mlp + " + " + weight + " x ALS (lift " + beta + ")}";
            }
        };
    }

    private static int rowOf(IdIndex table, Vocabulary vocabulary, int code) {
        return vocabulary.isNumeric() && table.isNumeric() ? table.indexOf(vocabulary.longId(code))
                : table.indexOf(vocabulary.id(code));
    }

    /** Returns the log-odds of a probability, clamped so that 0 and 1 stay finite. */
    static double logit(double p) {
        double c = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
        return Math.log(c / (1 - c));
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += a[d] * b[d];
        }
        return s;
    }
}
