package org.recsys4j.rank.djl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.recsys4j.core.util.OptionalDependency;
import org.recsys4j.rank.serving.BatchScorer;
import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.ModelRanker;
import org.recsys4j.rank.serving.ScoringException;
import org.recsys4j.rank.serving.TensorSpec;

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
    private final DjlSession session;
    private volatile boolean closed;

    private OnnxModel(Path file, List<TensorSpec> inputs, Options options, DjlSession session) {
        this.file = file;
        this.inputs = inputs;
        this.options = options;
        this.session = session;
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
     * @throws IllegalStateException if DJL (an optional dependency of recsys-rank) is not on the class path
     */
    public static OnnxModel load(Path file, List<TensorSpec> inputs, Options options) throws ModelFileException {
        // DJL is touched only by DjlSession, so this class links without it and the check can say what is missing
        OptionalDependency.require("ai.djl.Model", "ai.djl:api and ai.djl.onnxruntime:onnxruntime-engine", "OnnxModel");
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
        OnnxModel m = new OnnxModel(file, specs, options, DjlSession.open(file, specs, options));
        try {
            m.score(new InputBatch(specs, 1), new double[1], 0);
            return m;
        } catch (RuntimeException e) {
            m.close();
            throw new ModelFileException(file, "cannot score a probe row of the inputs " + specs + ": " + e.getMessage(), e);
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
        float[] scores = session.predict(batch);
        for (int r = 0; r < scores.length; r++) {
            out[offset + r] = scores[r];
        }
    }

    /** Returns the number of predictors created so far (at most {@link Options#poolSize}). */
    public int predictorsCreated() {
        return session.predictorsCreated();
    }

    /** Closes the idle predictors and the model; later calls to {@link #score} throw. */
    @Override
    public void close() {
        closed = true;
        session.close();
    }

    @Override
    public String toString() {
        return "OnnxModel{" + file.getFileName() + ", inputs=" + inputs + ", pool=" + options.poolSize() + "}";
    }
}
