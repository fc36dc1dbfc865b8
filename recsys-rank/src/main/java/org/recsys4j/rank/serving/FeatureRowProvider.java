package org.recsys4j.rank.serving;

import java.util.List;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.RecRequest;

/**
 * Turns a request and a batch of candidates into model input rows, one row per candidate: the part of
 * a model ranker that knows the model's signature, so the same {@link ModelRanker} serves any model.
 * {@link FeatureRows} builds the usual ones (id inputs with an out-of-vocabulary bucket, bags of ids,
 * numeric per-item, per-request and per-candidate features, e.g. the recall score or a channel's rank);
 * {@code org.recsys4j.rank.ctr.ProtocolCFeatureProvider} those of protocol C's CTR models.
 *
 * <p>Contract: an unknown user, item or feature never throws; it maps to the model's
 * out-of-vocabulary bucket or default value. Safe to call from many threads at once.
 */
public interface FeatureRowProvider {
    /** Returns the inputs this provider fills, in the model's signature order. */
    List<TensorSpec> inputs();

    /**
     * Returns the rows of candidates {@code [from, to)} for {@code request}: row {@code r} describes
     * candidate {@code from + r} ({@code candidates.item(from + r)}, with its incoming score and provenance).
     *
     * @param request    the request (user, history, context)
     * @param candidates the ranker's candidates
     * @param from       first candidate (inclusive)
     * @param to         last candidate (exclusive)
     */
    InputBatch rows(RecRequest request, CandidateBatch candidates, int from, int to);
}
