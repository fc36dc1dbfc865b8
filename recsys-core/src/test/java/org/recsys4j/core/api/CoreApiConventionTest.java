package org.recsys4j.core.api;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.testing.ApiConvention;

import static org.recsys4j.core.testing.ApiConvention.Rule.MISSING_DEFAULT;
import static org.recsys4j.core.testing.ApiConvention.Rule.THREADS;

/**
 * Every package of recsys-core follows the API convention (docs/architecture.md, "The API convention"):
 * builders, {@code DEFAULT_} constants, no third-party types in signatures, no shadowed java.lang names,
 * no int/long overload pairs. The exemptions below are the whole list, each with its reason.
 */
class CoreApiConventionTest {
    @Test
    void coreFollowsTheApiConvention() {
        ApiConvention.of(IdIndex.class)
                .packages("org.recsys4j.core")
                .skipPackage("org.recsys4j.core.vector.internal",
                        "not API (the SIMD kernels behind Vectors); its classes need jdk.incubator.vector to load")
                .exempt(MISSING_DEFAULT, "org.recsys4j.core.pipeline.RecRequest.Builder#withK(int)",
                        "k is required: RecRequest.builder(k) takes it; withK changes it on a builder from toBuilder()")
                .exempt(MISSING_DEFAULT, "org.recsys4j.core.pipeline.RecRequest.Builder#withSeedItem(int)",
                        "a dense item index, absent unless set (seedItem() is an OptionalInt): there is no default index")
                .exempt(THREADS, "org.recsys4j.core.pipeline.StageExecutor#DEFAULT_THREADS",
                        "the rule's one stated exception: online stages mostly wait (a store, a model server), so the "
                                + "executor is sized for concurrent requests, 4 per processor and at least 8")
                .check();
    }
}
