package org.recsys4j.examples.train;

import org.recsys4j.core.sample.Part;
import org.recsys4j.rank.ctr.CtrModel;
import org.recsys4j.rank.ctr.CtrTrainer;
import org.recsys4j.rank.ctr.ModelSpec;
import org.recsys4j.rank.ctr.ModelType;
import org.recsys4j.rank.ctr.OnlineFeatureState;
import org.recsys4j.rank.ctr.ProtocolC;

import java.util.Map;

/**
 * The NeuralCF artifact of {@link ServingModels}: protocol C's reference NeuralCF ({@link ProtocolC#spec}
 * {@code (NEURAL_CF)}: user-id and movie-id embeddings of 10, MLP 64-32), trained with early stopping on protocol
 * C's validation split, learning rate {@value #LEARNING_RATE} (the best of ctr.md's grid on ml-latest-small), and
 * its test AUC recorded in the artifact's notes. Saved as {@code neuralcf.ctr}, keyed by the data, the fitted
 * encoders (of protocol C's saved {@link OnlineFeatureState}), the spec and the trainer's settings.
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
     * @param state    the online state of protocol C's samples (its encoders key the model; a model file trained on
     *                 other encoders is refused naming both, and trained again)
     * @param pc       protocol C's samples and encoders, built only when the model must be trained
     * @param dataKey  the data's fingerprint
     * @param s        the training settings (seed, threads, CTR epochs)
     * @param work     the work folder
     * @param progress where the training step reports
     */
    static CtrModel obtain(OnlineFeatureState state, java.util.function.Supplier<ProtocolC> pc, String dataKey,
                           TrainingSettings s, WorkDir work, Progress progress) {
        ModelSpec spec = ProtocolC.spec(ModelType.NEURAL_CF);
        CtrTrainer.Builder trainer = CtrTrainer.builder(spec).withLearningRate(LEARNING_RATE).withSeed(s.seed())
                .withMaxEpochs(ServingModels.ctrEpochs(state.count(Part.FIT), s.ctrEpochs()));
        String key = Fingerprint.of(NAME, 1).add("data", dataKey).add("features", ServingModels.encodersKey(state.features()))
                .add("spec", spec)
                .add("maxFitSamples", ServingModels.CTR_MAX_FIT_SAMPLES)
                .add("maxValidationSamples", ServingModels.CTR_MAX_VALIDATION_SAMPLES)
                .add("config", trainer.withThreads(1).build()).hex();
        trainer.withThreads(s.threads());
        return work.obtain(NAME, NAME + ".ctr", key, WorkDir.Codec.of(CtrModel::save, f -> CtrModel.load(f, state.features())),
                notes -> train(ServingModels.matching(pc.get(), state, NAME), trainer, progress, notes));
    }

    private static CtrModel train(ProtocolC pc, CtrTrainer.Builder trainer, Progress progress, Map<String, String> notes) {
        // the rows are encoded batch by batch from the samples, never all held (ml-25m: 25 M rows)
        return ServingModels.trainCtr(NAME, ServingModels.latest(pc.rows(Part.FIT), ServingModels.CTR_MAX_FIT_SAMPLES, notes),
                ServingModels.spread(pc.rows(Part.VALIDATION), ServingModels.CTR_MAX_VALIDATION_SAMPLES), pc.rows(Part.TEST), trainer,
                trainer.build(), progress, notes, new java.util.ArrayList<>(), false);
    }
}
