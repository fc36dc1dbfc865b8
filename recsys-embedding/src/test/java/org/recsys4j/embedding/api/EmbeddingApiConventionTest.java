package org.recsys4j.embedding.api;

import org.junit.jupiter.api.Test;
import org.recsys4j.embedding.word2vec.Word2Vec;
import org.recsys4j.core.testing.ApiConvention;

/**
 * Every package of recsys-embedding follows the API convention (docs/architecture.md, "The API convention"):
 * builders, {@code DEFAULT_} constants, no third-party types in signatures, no shadowed java.lang names,
 * no int/long overload pairs. The exemptions below are the whole list, each with its reason.
 */
class EmbeddingApiConventionTest {
    @Test
    void embeddingFollowsTheApiConvention() {
        ApiConvention.of(Word2Vec.class)
                .packages("org.recsys4j.embedding")
                .check();
    }
}
