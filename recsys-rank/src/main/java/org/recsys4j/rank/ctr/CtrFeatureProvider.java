package org.recsys4j.rank.ctr;

import org.recsys4j.core.pipeline.RecRequest;

/**
 * Builds the model input rows for the candidates of one request: one row per item, in order. The
 * pluggable part of {@link CtrRanker}: user-side features typically come from a feature store (one
 * multi-get per request) or from the request's history, item-side features from in-memory tables.
 *
 * <p>Unknown ids go to the OOV bucket 0 and missing numerics may be written as NaN (the builder turns
 * both into safe values, see {@link CtrData}); a provider should not throw for unknown users or items.
 */
@FunctionalInterface
public interface CtrFeatureProvider {
    /**
     * Appends {@code items.length} rows to {@code rows}, row {@code i} describing the pair
     * (request's user, {@code items[i]}); each row is finished with {@link CtrData.Builder#endRow()}.
     *
     * @param request the request
     * @param items   dense item indices of the candidates
     * @param rows    an empty builder for the model's schema
     */
    void rows(RecRequest request, int[] items, CtrData.Builder rows);
}
