package org.recsys4j.rank.ctr;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.testing.IsolatedClassPath;
import org.recsys4j.rank.djl.OnnxModel;
import org.recsys4j.rank.remote.RemoteModel;
import org.recsys4j.rank.serving.TensorSpec;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DJL and Jackson are optional dependencies of recsys-rank: without them on the class path the pure-Java
 * CTR models train and score, and asking for a remote or ONNX model fails with a message naming what to add.
 */
class OptionalDependenciesTest {
    private static final IsolatedClassPath LEAN = IsolatedClassPath.without("jackson-", "api-", "jna-", "onnxruntime",
            "commons-compress-", "gson-");

    /** Trains and scores a DeepFM, as an application without DJL and Jackson does. */
    public static final class TrainDeepFm implements Callable<Integer> {
        @Override
        public Integer call() {
            CtrData data = TinyData.random(300, 1);
            TrainingResult r = CtrTrainer.builder(TinyData.spec(ModelType.DEEP_FM)).withMaxEpochs(2).build()
                    .fit(data, TinyData.random(100, 2));
            return r.model().predict(data).length;
        }
    }

    /** Asks for a remote model. */
    public static final class Remote implements Callable<Object> {
        @Override
        public Object call() {
            return RemoteModel.builder(URI.create("http://127.0.0.1:1"), "m", List.of(TensorSpec.floats("x", 3))).build();
        }
    }

    /** Asks for an ONNX model. */
    public static final class Onnx implements Callable<Object> {
        @Override
        public Object call() throws Exception {
            return OnnxModel.load(Path.of("missing.onnx"), List.of(TensorSpec.floats("x", 3)));
        }
    }

    @Test
    void ctrModelsNeedNeitherDjlNorJackson() throws Exception {
        assertTrue(LEAN.removesSomething());
        assertTrue(LEAN.entries().stream().noneMatch(p -> p.getFileName().toString().startsWith("jackson-databind")));
        assertEquals(300, LEAN.call(TrainDeepFm.class));
    }

    @Test
    void remoteAndOnnxModelsSayWhatToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LEAN.call(Remote.class));
        assertTrue(e.getMessage().startsWith("RemoteModel needs com.fasterxml.jackson.core:jackson-databind"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> LEAN.call(Onnx.class));
        assertTrue(e.getMessage().startsWith("OnnxModel needs ai.djl:api"), e.getMessage());
    }
}
