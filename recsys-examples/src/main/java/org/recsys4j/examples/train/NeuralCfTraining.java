package org.recsys4j.examples.train;

import org.recsys4j.core.sample.Part;
import org.recsys4j.rank.ctr.CtrModel;
import org.recsys4j.rank.ctr.CtrTrainer;
import org.recsys4j.rank.ctr.ModelType;
import org.recsys4j.rank.ctr.OnlineFeatureState;
import org.recsys4j.rank.ctr.ProtocolC;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The NeuralCF artifact of {@link ServingModels}: protocol C's reference NeuralCF ({@link ProtocolC#spec}
 * {@code (NEURAL_CF)}: user-id and movie-id embeddings of 10, MLP 64-32), the model the source system serves with
 * TF-Serving, trained as a <em>ranker</em>: on the personalised rankers' samples ({@link CtrRankerTraining#samples}:
 * every rating a positive, {@value CtrRankerTraining#NEGATIVES} movies the user never rated beside it as negatives),
 * so that it learns which unseen movie a user will rate, the question the {@code neuralcf} pipeline asks of it. It is
 * served through the rankers' online state ({@code ranker.state}), from which its rows are built.
 *
 * <p><b>Before (issue 18):</b> it was trained on protocol C's own samples, whose label is "rated at least 3.5, among
 * the movies the user rated": a model of "liked, given rated", which ordered the recall by movie quality (on the
 * planted data of docs/evaluation.md 0.564 of its top 10 in the user's cluster, T HR@10 0.0145, a tenth of its recall
 * order's).
 *
 * <p><b>No early stopping.</b> The samples' validation part is their latest twentieth by time, and on data where a user
 * rates in one burst (MovieLens, the generated sets) its users are mostly users whose ratings the fit part barely holds:
 * a model whose only user feature is the user id cannot rank for them, so its validation log-loss is best after the
 * first epoch, when the user embeddings have learned nothing (on planted clusters: 0.03 of the top 10 in the user's
 * cluster after epoch 1, 0.83 after 20), and its validation AUC stays flat (0.69–0.71) while the ranking improves.
 * So NeuralCF trains on the whole train part (fit and validation) for the settings' CTR epochs
 * ({@link ServingModels#ctrEpochs}) and records the AUC of the samples' test part, which it never sees.
 *
 * <p><b>Served as NeuMF.</b> The server does not serve this MLP alone: {@link NeuMf} fuses its logit with implicit ALS's
 * score (a GMF branch with ALS's factors), with a weight chosen on a validation split for which this model is trained
 * again without the held-out ratings ({@link #trainer}, {@link #train}).
 *
 * <p>Saved as {@code neuralcf.ctr}, keyed by the data, the fitted encoders of the rankers' state, the samples' settings,
 * the spec and the trainer's settings: a model trained on other samples or encoders (the protocol C NeuralCF of an older
 * work folder) is not loaded but trained again.
 */
final class NeuralCfTraining {
    /** The artifact's name in the work folder. */
    static final String NAME = "neuralcf";
    /** The learning rate. */
    static final double LEARNING_RATE = 1e-3;

    private NeuralCfTraining() {
    }

    /**
     * Returns the NeuralCF model, loaded from {@code work} when saved there from the same inputs, else trained.
     *
     * @param state    the online state of the rankers' samples (its encoders key the model; a model file trained on
     *                 other encoders is refused naming both, and trained again)
     * @param samples  the rankers' samples and encoders ({@link CtrRankerTraining#samples}), built only when the model
     *                 must be trained
     * @param dataKey  the data's fingerprint
     * @param s        the training settings (seed, threads, CTR epochs)
     * @param work     the work folder
     * @param progress where the training step reports
     */
    static CtrModel obtain(OnlineFeatureState state, Supplier<ProtocolC> samples, String dataKey, TrainingSettings s,
                           WorkDir work, Progress progress) {
        CtrTrainer.Builder trainer = trainer(state, s);
        return work.obtain(NAME, NAME + ".ctr", key(state, dataKey, s), WorkDir.Codec.of(CtrModel::save,
                        f -> CtrModel.load(f, state.features())),
                notes -> train(ServingModels.matching(samples.get(), state, NAME), trainer, progress, notes, NAME));
    }

    /** Returns the trainer of the served model: its spec, rate, seed, threads and the CTR epochs for the state's samples. */
    static CtrTrainer.Builder trainer(OnlineFeatureState state, TrainingSettings s) {
        int trainSamples = state.count(Part.FIT) + state.count(Part.VALIDATION);
        return CtrTrainer.builder(ProtocolC.spec(ModelType.NEURAL_CF)).withLearningRate(LEARNING_RATE).withSeed(s.seed())
                .withMaxEpochs(ServingModels.ctrEpochs(trainSamples, s.ctrEpochs())).withThreads(s.threads());
    }

    /** Returns the key of the served model: the data, the encoders, the samples, the spec and the trainer. */
    static String key(OnlineFeatureState state, String dataKey, TrainingSettings s) {
        // version 2: the rankers' samples (rated vs never rated), the whole train part, no early stopping (issue 18)
        return Fingerprint.of(NAME, 2).add("data", dataKey).add("features", ServingModels.encodersKey(state.features()))
                .add("samples", CtrRankerTraining.stateKey(dataKey, s)).add("spec", ProtocolC.spec(ModelType.NEURAL_CF))
                .add("maxFitSamples", ServingModels.CTR_MAX_FIT_SAMPLES).add("earlyStopping", false)
                .add("config", trainer(state, s).withThreads(1).build()).hex();
    }

    /**
     * Trains the model on {@code pc}'s train part (fit and validation), every epoch of {@code trainer}, reported as the
     * progress step {@code stepName}.
     */
    static CtrModel train(ProtocolC pc, CtrTrainer.Builder trainer, Progress progress, Map<String, String> notes,
                          String stepName) {
        // the rows are encoded batch by batch from the samples, never all held; at scale the latest of them
        return ServingModels.trainCtr(stepName, ServingModels.latest(pc.data().trainRows(), ServingModels.CTR_MAX_FIT_SAMPLES, notes),
                null, pc.rows(Part.TEST), trainer, trainer.build(), progress, notes, new java.util.ArrayList<>(), true);
    }
}
