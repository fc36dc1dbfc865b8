package org.recsys4j.rank.serving;

import java.util.List;
import org.recsys4j.core.pipeline.RecRequest;

/**
 * Turns a request and a batch of candidate items into model input rows, one row per candidate: the
 * part of a model ranker that knows the model's signature, so the same {@link ModelRanker} serves
 * any model. {@link FeatureRows} builds the usual ones (id inputs with an out-of-vocabulary bucket,
 * numeric per-item and per-request features).
 *
 * <p>Contract: an unknown user, item or feature never throws; it maps to the model's
 * out-of-vocabulary bucket or default value. Safe to call from many threads at once.
 */
public interface FeatureRowProvider {
    /** Returns the inputs this provider fills, in the model's signature order. */
    List<TensorSpec> inputs();

    /**
     * Returns the rows of {@code items[from..to)} for {@code request}: row {@code r} describes item
     * {@code items[from + r]}.
     *
     * @param request the request (user, history, context)
     * @param items   dense item indices
     * @param from    first item (inclusive)
     * @param to      last item (exclusive)
     */
    InputBatch rows(RecRequest request, int[] items, int from, int to);
}
