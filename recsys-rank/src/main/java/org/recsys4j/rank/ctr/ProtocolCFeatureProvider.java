package org.recsys4j.rank.ctr;

import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.rank.serving.FeatureRowProvider;
import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.TensorSpec;

import java.util.List;
import java.util.Objects;

/**
 * Serves protocol C's rows ({@link ProtocolC}) for online scoring: the {@link SampleFeatureProvider} of its
 * {@link CtrSamples}, as the {@link FeatureRowProvider} of a {@link org.recsys4j.rank.serving.ModelRanker} over
 * a {@link CtrModel} trained on them. Its {@link #inputs()} are the protocol C schema's.
 *
 * <ul>
 *   <li>{@code userId}: the request's {@link RecRequest#userKey()} as a numeric id through the user
 *       vocabulary; anonymous, non-numeric or unknown → OOV 0;</li>
 *   <li>{@code movieId}, {@code genres}, {@code year}, the three movie numerics: per catalogue item, the
 *       movie statistics taken over every rating the samples were built from (the latest as-of values);</li>
 *   <li>{@code recentPositive}: the last {@code maxRecentPositives} items of {@link RecRequest#history()},
 *       most recent first (the history is taken as the user's liked items); {@code favouriteGenres}: the
 *       genres most frequent in the history, ties by name;</li>
 *   <li>the three user numerics: the vector {@code [userRatingCount, userAvgRating, userRatingStddev]}
 *       (raw, unscaled) stored under the user key in a vector namespace; missing → 0 after scaling, i.e.
 *       the training minimum (so every value sent is finite, also to a remote model);</li>
 *   <li>{@code wideCross}: the hashed cross of the movie id and the most recent history item.</li>
 * </ul>
 *
 * <p>The user-side values are computed once per call (one store read per batch). A store failure propagates,
 * so that the {@code ModelRanker} falls back for the candidates of that batch (and counts it). Thread-safe.
 *
 * <pre>{@code
 * ModelRanker ranker = ModelRanker.builder("deepfm", new ProtocolCFeatureProvider(pc, store, "user_stats"), model)
 *         .withFallbackScore(0.0)
 *         .build();
 * }</pre>
 */
public final class ProtocolCFeatureProvider implements FeatureRowProvider {
    private final SampleFeatureProvider provider;

    /**
     * Creates the provider.
     *
     * @param pc        the protocol C encoding the model was trained on
     * @param store     holds the user statistics vectors
     * @param namespace the vector namespace of {@code store} with {@code [count, mean, stddev]} per user key
     */
    public ProtocolCFeatureProvider(ProtocolC pc, FeatureStore store, String namespace) {
        this.provider = SampleFeatureProvider.of(Objects.requireNonNull(pc, "pc").data(), store, namespace);
    }

    /**
     * Creates the provider from protocol C's saved online state ({@link ProtocolC#onlineState()},
     * {@link OnlineFeatureState#load}): the same rows as from the samples, without building them.
     *
     * @param state     the online state of the protocol C encoding the model was trained on
     * @param store     holds the user statistics vectors
     * @param namespace the vector namespace of {@code store} with {@code [count, mean, stddev]} per user key
     * @throws IllegalArgumentException if the state's features are not protocol C's
     */
    public ProtocolCFeatureProvider(OnlineFeatureState state, FeatureStore store, String namespace) {
        ProtocolC.requireProtocolC(Objects.requireNonNull(state, "state").schema(), "state");
        this.provider = SampleFeatureProvider.of(state, store, namespace);
    }

    @Override
    public List<TensorSpec> inputs() {
        return provider.inputs();
    }

    @Override
    public InputBatch rows(RecRequest request, CandidateBatch candidates, int from, int to) {
        return provider.rows(request, candidates, from, to);
    }

    /** Returns the schema of the rows written (the protocol C schema). */
    public CtrSchema schema() {
        return provider.schema();
    }
}
