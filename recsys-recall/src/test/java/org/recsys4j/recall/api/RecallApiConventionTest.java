package org.recsys4j.recall.api;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.testing.ApiConvention;
import org.recsys4j.recall.index.HnswIndex;

import static org.recsys4j.core.testing.ApiConvention.Rule.MISSING_DEFAULT;

/**
 * Every package of recsys-recall follows the API convention (docs/architecture.md, "The API convention"):
 * builders, {@code DEFAULT_} constants, no third-party types in signatures, no shadowed java.lang names,
 * no int/long overload pairs. The exemptions below are the whole list, each with its reason.
 */
class RecallApiConventionTest {
    @Test
    void recallFollowsTheApiConvention() {
        ApiConvention.of(HnswIndex.class)
                .packages("org.recsys4j.recall")
                .exempt(MISSING_DEFAULT, "org.recsys4j.recall.channel.TopRated.Builder#withPriorMean(double)",
                        "no constant default: absent, the prior mean is the global mean rating of the data fit on")
                .exempt(MISSING_DEFAULT, "org.recsys4j.recall.index.IvfFlatIndex.Builder#withNlist(int)",
                        "no constant default: absent, nlist is round(sqrt(rows)) of the table indexed")
                .exempt(MISSING_DEFAULT, "org.recsys4j.recall.index.IvfFlatIndex.Builder#withTrainingSample(int)",
                        "no constant default: absent, k-means trains on 256 × nlist rows, as faiss")
                .check();
    }
}
