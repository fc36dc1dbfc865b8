package org.recsys4j.rank.seq;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.vector.Vectors;
import org.recsys4j.rank.nn.Mat;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Guards the surefire execution {@code simd-kernels} of this module: there the JVM has the Vector API, so the
 * gradient checks and planted tests it runs go through the SIMD block kernels, not the scalar loops.
 */
class SimdPathTest {
    @Test
    void withTheModuleTheNeuralModelsRunTheVectorKernels() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "run with --add-modules jdk.incubator.vector (surefire execution simd-kernels)");
        assertTrue(Vectors.simdKernels().startsWith("vector-api:"), Vectors.simdKernels());
        assertTrue(Mat.SIMD_KERNELS, "the layers' SIMD branches are taken");
    }
}
