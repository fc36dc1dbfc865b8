package org.recsys4j.rank.api;

import org.junit.jupiter.api.Test;
import org.recsys4j.rank.serving.ModelRanker;
import org.recsys4j.core.testing.ApiConvention;

/**
 * Every package of recsys-rank follows the API convention (docs/architecture.md, "The API convention"):
 * builders, {@code DEFAULT_} constants, no third-party types in signatures, no shadowed java.lang names,
 * no int/long overload pairs. The exemptions below are the whole list, each with its reason.
 */
class RankApiConventionTest {
    @Test
    void rankFollowsTheApiConvention() {
        ApiConvention.of(ModelRanker.class)
                .packages("org.recsys4j.rank")
                .check();
    }
}
