package org.recsys4j.rank.djl;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import ai.djl.util.PairList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.ScoringException;
import org.recsys4j.rank.serving.TensorSpec;
import org.recsys4j.rank.serving.TensorType;

/**
 * The DJL side of an {@link OnnxModel}: the loaded model, its predictor pool and the tensor
 * translation. It is the only class that refers to DJL, so {@code OnnxModel} links without DJL on the
 * class path and can report the missing optional dependency itself.
 */
final class DjlSession {
    private final Path file;
    private final int poolSize;
    private final Model model;
    private final BatchTranslator translator;
    private final BlockingQueue<Predictor<InputBatch, float[]>> idle;
    private final AtomicInteger created = new AtomicInteger();
    private volatile boolean closed;

    private DjlSession(Path file, int poolSize, String outputName, Model model) {
        this.file = file;
        this.poolSize = poolSize;
        this.model = model;
        this.translator = new BatchTranslator(outputName);
        this.idle = new ArrayBlockingQueue<>(poolSize);
    }

    /**
     * Opens an ONNX Runtime session of a model file (already checked to exist and be readable) and
     * compares its declared inputs with the expected ones.
     *
     * @throws DataFileException    if the file is not a valid ONNX model or its inputs differ from {@code specs}
     * @throws IllegalStateException if the ONNX Runtime engine is not on the class path
     */
    static DjlSession open(Path file, List<TensorSpec> specs, int poolSize, int intraOpThreads, String outputName)
            throws DataFileException {
        Model model;
        try {
            model = Model.newInstance(file.getFileName().toString(), Device.cpu(), OnnxModel.ENGINE);
        } catch (EngineException e) {
            throw new IllegalStateException("OnnxModel needs the ONNX Runtime engine of DJL"
                    + " (ai.djl.onnxruntime:onnxruntime-engine) on the class path: " + e.getMessage(), e);
        }
        try {
            Map<String, String> sessionOptions = new HashMap<>();
            sessionOptions.put("intraOpNumThreads", Integer.toString(intraOpThreads));
            sessionOptions.put("interOpNumThreads", "1");
            model.load(file, null, sessionOptions);
            checkSignature(file, model.describeInput(), specs);
            return new DjlSession(file, poolSize, outputName, model);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            if (e instanceof DataFileException dfe) {
                throw dfe;
            }
            throw OnnxModel.badFile(file, "model", "", "not a valid ONNX model: " + e.getMessage(), e);
        }
    }

    private static void checkSignature(Path file, PairList<String, Shape> declared, List<TensorSpec> specs)
            throws DataFileException {
        if (declared == null) {
            return; // the engine does not describe its inputs; the probe row checks them
        }
        Map<String, Shape> byName = new HashMap<>();
        for (int i = 0; i < declared.size(); i++) {
            byName.put(declared.keyAt(i), declared.valueAt(i));
        }
        for (TensorSpec s : specs) {
            if (!byName.containsKey(s.name())) {
                throw OnnxModel.badFile(file, "inputs", declared.keys().toString(), "the model has no input '"
                        + s.name() + "'", null);
            }
            Shape shape = byName.remove(s.name());
            if (shape == null) {
                continue; // no declared shape; the probe row checks it
            }
            if (shape.dimension() != 2) {
                throw OnnxModel.badFile(file, "input '" + s.name() + "'", shape.toString(),
                        "expected shape [batch, " + s.width() + "]", null);
            }
            long w = shape.get(1);
            if (w >= 0 && w != s.width()) {
                throw OnnxModel.badFile(file, "input '" + s.name() + "'", "width " + w, "expected width "
                        + s.width(), null);
            }
        }
        if (!byName.isEmpty()) {
            throw OnnxModel.badFile(file, "inputs", byName.keySet().toString(), "the model's inputs are not provided",
                    null);
        }
    }

    /** Runs one inference on a borrowed predictor; returns one score per row. */
    float[] predict(InputBatch batch) {
        Predictor<InputBatch, float[]> p = borrow();
        try {
            return p.predict(batch);
        } catch (TranslateException | RuntimeException e) {
            throw new ScoringException("ONNX model " + file.getFileName() + " failed on " + batch.rows() + " rows: " + rootMessage(e), e);
        } finally {
            release(p);
        }
    }

    private Predictor<InputBatch, float[]> borrow() {
        Predictor<InputBatch, float[]> p = idle.poll();
        if (p != null) {
            return p;
        }
        if (created.incrementAndGet() <= poolSize) {
            return model.newPredictor(translator);
        }
        created.decrementAndGet();
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScoringException("interrupted while waiting for a predictor of " + file.getFileName(), e);
        }
    }

    private void release(Predictor<InputBatch, float[]> p) {
        if (closed || !idle.offer(p)) {
            p.close();
        }
    }

    int predictorsCreated() {
        return Math.min(created.get(), poolSize);
    }

    void close() {
        closed = true;
        List<Predictor<InputBatch, float[]>> drained = new ArrayList<>();
        idle.drainTo(drained);
        for (Predictor<InputBatch, float[]> p : drained) {
            p.close();
        }
        model.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** Turns an {@link InputBatch} into named NDArrays and the chosen output into one float per row. */
    private static final class BatchTranslator implements NoBatchifyTranslator<InputBatch, float[]> {
        private static final String ROWS = "rows";
        private final String outputName;

        BatchTranslator(String outputName) {
            this.outputName = outputName;
        }

        @Override
        public NDList processInput(TranslatorContext ctx, InputBatch batch) {
            NDManager m = ctx.getNDManager();
            NDList list = new NDList(batch.size());
            for (int t = 0; t < batch.size(); t++) {
                TensorSpec s = batch.spec(t);
                Shape shape = new Shape(batch.rows(), s.width());
                NDArray a = s.type() == TensorType.FLOAT32 ? m.create(batch.floats(t), shape) : m.create(batch.longs(t), shape);
                a.setName(s.name());
                list.add(a);
            }
            ctx.setAttachment(ROWS, batch.rows());
            return list;
        }

        @Override
        public float[] processOutput(TranslatorContext ctx, NDList list) {
            int rows = (Integer) ctx.getAttachment(ROWS);
            NDArray out = outputName == null ? list.get(0) : list.get(outputName);
            if (out == null) {
                List<String> names = new ArrayList<>();
                for (NDArray a : list) {
                    names.add(a.getName());
                }
                throw new ScoringException("the model has no output '" + outputName + "'; its outputs are " + names);
            }
            Shape shape = out.getShape();
            boolean ok = shape.size() == rows && (shape.dimension() == 1 || (shape.dimension() == 2 && shape.get(1) == 1));
            if (!ok) {
                throw new ScoringException("output '" + out.getName() + "' has shape " + shape + ", expected [" + rows
                        + "] or [" + rows + ", 1]");
            }
            if (out.getDataType() == DataType.FLOAT32) {
                return out.toFloatArray();
            }
            if (out.getDataType() == DataType.FLOAT64) {
                double[] d = out.toDoubleArray();
                float[] f = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    f[i] = (float) d[i];
                }
                return f;
            }
            throw new ScoringException("output '" + out.getName() + "' is " + out.getDataType() + ", expected float32");
        }
    }
}
