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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.recsys4j.rank.serving.BatchScorer;
import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.ModelRanker;
import org.recsys4j.rank.serving.ScoringException;
import org.recsys4j.rank.serving.TensorSpec;
import org.recsys4j.rank.serving.TensorType;

/**
 * An ONNX model run in the JVM through DJL ({@code djl-api}) with the ONNX Runtime engine: the
 * model side of the DJL ranker ({@link ModelRanker} over an {@code OnnxModel}). One batch is one
 * {@code predict} call: every input becomes a tensor of shape {@code [rows, width]}, and the model's
 * output (the first, or the one named by {@link Options#outputName}) must hold one value per row,
 * shape {@code [rows]} or {@code [rows, 1]}.
 *
 * <p><b>Loading.</b> {@link #load} checks the file (missing, unreadable, not a valid ONNX model),
 * compares the model's declared inputs with the expected {@link TensorSpec}s (names, rank 2, widths
 * where the model fixes them) and then scores one probe row of zeros (every id in the OOV bucket), so
 * a wrong element type or output shape fails at load time with a {@link ModelFileException} naming
 * the file, not in the middle of a request.
 *
 * <p><b>Threads.</b> DJL predictors are not thread-safe, so the model keeps a pool of at most
 * {@link Options#poolSize} predictors, created on demand; a call borrows one and gives it back, and
 * waits if all are busy. Each ONNX Runtime session uses {@link Options#intraOpThreads} threads
 * (default 1: the pool is the parallelism).
 *
 * <p><b>Offline.</b> Loading reads only the local file, and the ONNX Runtime natives come from the
 * {@code com.microsoft.onnxruntime} jar on the class path, so nothing is downloaded. DJL may still
 * try its usage ping (an EC2 metadata request) when its engine starts; set the system property
 * {@code ai.djl.offline=true} (or {@code OPT_OUT_TRACKING=true}) to turn that off, as the tests do.
 *
 * <p>Close the model after the last request.
 */
public final class OnnxModel implements BatchScorer, AutoCloseable {
    /** The DJL engine name of ONNX Runtime. */
    public static final String ENGINE = "OnnxRuntime";

    /**
     * How to run the model.
     *
     * @param poolSize       the largest number of predictors (concurrent inferences), at least 1
     * @param intraOpThreads ONNX Runtime threads per inference, at least 1
     * @param outputName     the output holding the scores, or null for the model's first output
     */
    public record Options(int poolSize, int intraOpThreads, String outputName) {
        /** Checks the fields. */
        public Options {
            if (poolSize < 1) {
                throw new IllegalArgumentException("poolSize: " + poolSize + ", must be >= 1");
            }
            if (intraOpThreads < 1) {
                throw new IllegalArgumentException("intraOpThreads: " + intraOpThreads + ", must be >= 1");
            }
        }

        /** Returns the defaults: one predictor per available processor, one ONNX Runtime thread each, the first output. */
        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), 1, null);
        }

        /** Returns these options with another pool size. */
        public Options withPoolSize(int size) {
            return new Options(size, intraOpThreads, outputName);
        }

        /** Returns these options with another output name. */
        public Options withOutputName(String name) {
            return new Options(poolSize, intraOpThreads, name);
        }
    }

    private final Path file;
    private final List<TensorSpec> inputs;
    private final Options options;
    private final Model model;
    private final BatchTranslator translator;
    private final BlockingQueue<Predictor<InputBatch, float[]>> idle;
    private final AtomicInteger created = new AtomicInteger();
    private volatile boolean closed;

    private OnnxModel(Path file, List<TensorSpec> inputs, Options options, Model model) {
        this.file = file;
        this.inputs = inputs;
        this.options = options;
        this.model = model;
        this.translator = new BatchTranslator(options.outputName());
        this.idle = new ArrayBlockingQueue<>(options.poolSize());
    }

    /** Loads a model with the {@link Options#defaults() default options}; see {@link #load(Path, List, Options)}. */
    public static OnnxModel load(Path file, List<TensorSpec> inputs) throws ModelFileException {
        return load(file, inputs, Options.defaults());
    }

    /**
     * Loads an ONNX model file and checks it against the inputs it will be fed.
     *
     * @param file    the {@code .onnx} file
     * @param inputs  the inputs (usually a {@code FeatureRowProvider}'s)
     * @param options pool size, threads, output
     * @throws ModelFileException if the file is missing, unreadable or not a valid ONNX model, its
     *                            inputs differ from {@code inputs}, or it cannot score a probe row
     */
    public static OnnxModel load(Path file, List<TensorSpec> inputs, Options options) throws ModelFileException {
        Objects.requireNonNull(file, "file");
        List<TensorSpec> specs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
        Objects.requireNonNull(options, "options");
        new InputBatch(specs, 0); // checks the specs
        if (!Files.exists(file)) {
            throw new ModelFileException(file, "no such ONNX model file", null);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ModelFileException(file, "not a readable regular file", null);
        }
        Model model;
        try {
            model = Model.newInstance(file.getFileName().toString(), Device.cpu(), ENGINE);
        } catch (EngineException e) {
            throw new ModelFileException(file, "the ONNX Runtime engine is not available: " + e.getMessage(), e);
        }
        OnnxModel m = null;
        try {
            Map<String, String> sessionOptions = new HashMap<>();
            sessionOptions.put("intraOpNumThreads", Integer.toString(options.intraOpThreads()));
            sessionOptions.put("interOpNumThreads", "1");
            model.load(file, null, sessionOptions);
            checkSignature(file, model.describeInput(), specs);
            m = new OnnxModel(file, specs, options, model);
            m.score(new InputBatch(specs, 1), new double[1], 0);
            return m;
        } catch (MalformedModelException | IOException | RuntimeException e) {
            if (m != null) {
                m.close();
            } else {
                model.close();
            }
            if (e instanceof ModelFileException mfe) {
                throw mfe;
            }
            String what = e instanceof ScoringException ? "cannot score a probe row of the inputs " + specs
                    : "not a valid ONNX model";
            throw new ModelFileException(file, what + ": " + e.getMessage(), e);
        }
    }

    private static void checkSignature(Path file, PairList<String, Shape> declared, List<TensorSpec> specs)
            throws ModelFileException {
        if (declared == null) {
            return; // the engine does not describe its inputs; the probe row checks them
        }
        Map<String, Shape> byName = new HashMap<>();
        for (int i = 0; i < declared.size(); i++) {
            byName.put(declared.keyAt(i), declared.valueAt(i));
        }
        for (TensorSpec s : specs) {
            if (!byName.containsKey(s.name())) {
                throw new ModelFileException(file, "the model has no input '" + s.name() + "'; its inputs are "
                        + declared.keys(), null);
            }
            Shape shape = byName.remove(s.name());
            if (shape == null) {
                continue; // no declared shape; the probe row checks it
            }
            if (shape.dimension() != 2) {
                throw new ModelFileException(file, "input '" + s.name() + "' has shape " + shape
                        + ", expected [batch, " + s.width() + "]", null);
            }
            long w = shape.get(1);
            if (w >= 0 && w != s.width()) {
                throw new ModelFileException(file, "input '" + s.name() + "' has width " + w + ", expected "
                        + s.width(), null);
            }
        }
        if (!byName.isEmpty()) {
            throw new ModelFileException(file, "the model's inputs " + byName.keySet() + " are not provided", null);
        }
    }

    /** Returns the model file. */
    public Path file() {
        return file;
    }

    /** Returns the options. */
    public Options options() {
        return options;
    }

    @Override
    public List<TensorSpec> inputs() {
        return inputs;
    }

    /**
     * Scores the batch in one inference.
     *
     * @throws ScoringException      if inference fails, or the output does not hold one value per row
     * @throws IllegalStateException if the model is closed
     */
    @Override
    public void score(InputBatch batch, double[] out, int offset) {
        if (batch.rows() == 0) {
            return;
        }
        if (closed) {
            throw new IllegalStateException("ONNX model " + file + " is closed");
        }
        Predictor<InputBatch, float[]> p = borrow();
        float[] scores;
        try {
            scores = p.predict(batch);
        } catch (TranslateException | RuntimeException e) {
            throw new ScoringException("ONNX model " + file.getFileName() + " failed on " + batch.rows() + " rows: " + rootMessage(e), e);
        } finally {
            release(p);
        }
        for (int r = 0; r < scores.length; r++) {
            out[offset + r] = scores[r];
        }
    }

    private Predictor<InputBatch, float[]> borrow() {
        Predictor<InputBatch, float[]> p = idle.poll();
        if (p != null) {
            return p;
        }
        if (created.incrementAndGet() <= options.poolSize()) {
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

    /** Returns the number of predictors created so far (at most {@link Options#poolSize}). */
    public int predictorsCreated() {
        return Math.min(created.get(), options.poolSize());
    }

    /** Closes the idle predictors and the model; later calls to {@link #score} throw. */
    @Override
    public void close() {
        closed = true;
        List<Predictor<InputBatch, float[]>> drained = new ArrayList<>();
        idle.drainTo(drained);
        for (Predictor<InputBatch, float[]> p : drained) {
            p.close();
        }
        model.close();
    }

    @Override
    public String toString() {
        return "OnnxModel{" + file.getFileName() + ", inputs=" + inputs + ", pool=" + options.poolSize() + "}";
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
