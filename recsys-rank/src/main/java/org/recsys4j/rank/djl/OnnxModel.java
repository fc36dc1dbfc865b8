package org.recsys4j.rank.djl;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.util.OptionalDependency;
import org.recsys4j.core.util.Parallel;
import org.recsys4j.rank.serving.BatchScorer;
import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.ModelRanker;
import org.recsys4j.rank.serving.ScoringException;
import org.recsys4j.rank.serving.TensorSpec;

/**
 * An ONNX model run in the JVM through DJL ({@code djl-api}) with the ONNX Runtime engine: the
 * model side of the DJL ranker ({@link ModelRanker} over an {@code OnnxModel}). One batch is one
 * {@code predict} call: every input becomes a tensor of shape {@code [rows, width]}, and the model's
 * output (the first, or the one named by {@link Builder#withOutputName}) must hold one value per row,
 * shape {@code [rows]} or {@code [rows, 1]}.
 *
 * <p><b>Loading.</b> {@link Builder#build()} (or {@link #load}) checks the file (missing: a
 * {@link NoSuchFileException}; unreadable; not a valid ONNX model), compares the model's declared inputs
 * with the expected {@link TensorSpec}s (names, rank 2, widths where the model fixes them; an ONNX input
 * is a dense tensor, so a {@linkplain TensorSpec#idBag bag of ids} is refused) and then scores one probe
 * row of zeros (every id in the OOV bucket), so a wrong element type or output shape fails at load time
 * with a {@link DataFileException} naming the file, not in the middle of a request.
 *
 * <p><b>Threads.</b> DJL predictors are not thread-safe, so the model keeps a pool of at most
 * {@link Builder#withPoolSize poolSize} predictors, created on demand; a call borrows one and gives it
 * back, and waits if all are busy. Each ONNX Runtime session uses {@link Builder#withIntraOpThreads
 * intraOpThreads} threads (default {@value #DEFAULT_INTRA_OP_THREADS}: the pool is the parallelism, and
 * one thread per inference keeps the scores bit-identical from call to call).
 *
 * <p><b>Offline.</b> Loading reads only the local file, and the ONNX Runtime natives come from the
 * {@code com.microsoft.onnxruntime} jar on the class path, so nothing is downloaded. DJL may still
 * try its usage ping (an EC2 metadata request) when its engine starts; set the system property
 * {@code ai.djl.offline=true} (or {@code OPT_OUT_TRACKING=true}) to turn that off, as the tests do.
 *
 * <pre>{@code
 * try (OnnxModel model = OnnxModel.builder(file, rows.inputs()).withPoolSize(2).build()) {
 *     ModelRanker ranker = ModelRanker.builder("deepfm-onnx", rows, model).build();
 * }
 * }</pre>
 *
 * <p>Close the model after the last request.
 */
public final class OnnxModel implements BatchScorer, AutoCloseable {
    /** The DJL engine name of ONNX Runtime. */
    public static final String ENGINE = "OnnxRuntime";
    /**
     * The default largest number of predictors (concurrent inferences): all available processors
     * ({@link Parallel#availableThreads()}; the scores do not depend on it).
     */
    public static final int DEFAULT_POOL_SIZE = Parallel.availableThreads();
    /** The default number of ONNX Runtime threads per inference. */
    public static final int DEFAULT_INTRA_OP_THREADS = 1;

    private final Path file;
    private final List<TensorSpec> inputs;
    private final int poolSize;
    private final int intraOpThreads;
    private final String outputName;
    private final DjlSession session;
    private volatile boolean closed;

    private OnnxModel(Builder b, List<TensorSpec> inputs, DjlSession session) {
        this.file = b.file;
        this.inputs = inputs;
        this.poolSize = b.poolSize;
        this.intraOpThreads = b.intraOpThreads;
        this.outputName = b.outputName;
        this.session = session;
    }

    /**
     * Returns a builder that loads an ONNX model file and checks it against the inputs it will be fed.
     *
     * @param file   the {@code .onnx} file
     * @param inputs the inputs (usually a {@code FeatureRowProvider}'s)
     */
    public static Builder builder(Path file, List<TensorSpec> inputs) {
        return new Builder(file, inputs);
    }

    /**
     * Loads a model with the default options: {@code builder(file, inputs).build()}.
     *
     * @throws NoSuchFileException if the file does not exist
     * @throws DataFileException   if it is not a valid ONNX model, its inputs differ from {@code inputs}, or
     *                             it cannot score a probe row
     * @throws IOException         if it cannot be read
     */
    public static OnnxModel load(Path file, List<TensorSpec> inputs) throws IOException {
        return builder(file, inputs).build();
    }

    /** Returns the model file. */
    public Path file() {
        return file;
    }

    /** Returns the largest number of predictors (concurrent inferences). */
    public int poolSize() {
        return poolSize;
    }

    /** Returns the number of ONNX Runtime threads per inference. */
    public int intraOpThreads() {
        return intraOpThreads;
    }

    /** Returns the name of the output holding the scores, if one was set (else the model's first output). */
    public Optional<String> outputName() {
        return Optional.ofNullable(outputName);
    }

    @Override
    public List<TensorSpec> inputs() {
        return inputs;
    }

    /**
     * Scores the batch in one inference (the deadline is checked once, before it).
     *
     * @throws ScoringException      if inference fails, or the output does not hold one value per row
     * @throws IllegalStateException if the model is closed
     */
    @Override
    public void score(InputBatch batch, double[] out, int offset, Deadline deadline) {
        if (batch.rows() == 0) {
            return;
        }
        if (closed) {
            throw new IllegalStateException("ONNX model " + file + " is closed");
        }
        deadline.check("ONNX model " + file.getFileName());
        float[] scores = session.predict(batch);
        for (int r = 0; r < scores.length; r++) {
            out[offset + r] = scores[r];
        }
    }

    /** Returns the number of predictors created so far (at most {@link #poolSize()}). */
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
        return "OnnxModel{" + file.getFileName() + ", inputs=" + inputs + ", pool=" + poolSize + "}";
    }

    /** Returns a bad-file exception naming the file, the part and the problem. */
    static DataFileException badFile(Path file, String field, String value, String problem, Throwable cause) {
        return new DataFileException(file.toString(), 0, field, value, problem, cause);
    }

    /** Loads an {@link OnnxModel}: the setters only record, {@link #build()} checks and loads. Not thread-safe. */
    public static final class Builder {
        private final Path file;
        private final List<TensorSpec> inputs;
        private int poolSize = DEFAULT_POOL_SIZE;
        private int intraOpThreads = DEFAULT_INTRA_OP_THREADS;
        private String outputName;

        private Builder(Path file, List<TensorSpec> inputs) {
            this.file = file;
            this.inputs = inputs;
        }

        /**
         * Sets the largest number of predictors (concurrent inferences), at least 1 (default: all
         * available processors, {@link OnnxModel#DEFAULT_POOL_SIZE}).
         */
        public Builder withPoolSize(int size) {
            this.poolSize = size;
            return this;
        }

        /** Sets the ONNX Runtime threads per inference, at least 1 (default {@value OnnxModel#DEFAULT_INTRA_OP_THREADS}). */
        public Builder withIntraOpThreads(int threads) {
            this.intraOpThreads = threads;
            return this;
        }

        /** Sets the output holding the scores; null (the default) means the model's first output. */
        public Builder withOutputName(String name) {
            this.outputName = name;
            return this;
        }

        /**
         * Loads the model and checks it.
         *
         * @throws NullPointerException     if the file or the inputs are null
         * @throws IllegalArgumentException if the pool size or thread count is below 1, the inputs are empty,
         *                                  repeat a name or hold a bag of ids
         * @throws NoSuchFileException      if the file does not exist
         * @throws DataFileException        if it is not a valid ONNX model, its inputs differ from the
         *                                  expected ones, or it cannot score a probe row
         * @throws IOException              if it is not a readable regular file
         * @throws IllegalStateException    if DJL (an optional dependency of recsys-rank) or its ONNX Runtime
         *                                  engine is not on the class path
         */
        public OnnxModel build() throws IOException {
            // DJL is touched only by DjlSession, so this class links without it and the check can say what is missing
            OptionalDependency.require("ai.djl.Model", "ai.djl:api and ai.djl.onnxruntime:onnxruntime-engine", "OnnxModel");
            Objects.requireNonNull(file, "file");
            List<TensorSpec> specs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
            if (poolSize < 1) {
                throw new IllegalArgumentException("poolSize: " + poolSize + ", must be >= 1");
            }
            if (intraOpThreads < 1) {
                throw new IllegalArgumentException("intraOpThreads: " + intraOpThreads + ", must be >= 1");
            }
            new InputBatch(specs, 0); // checks the specs
            for (TensorSpec s : specs) {
                if (s.variableWidth()) {
                    throw new IllegalArgumentException("input '" + s.name() + "' is a bag of ids; an ONNX model takes"
                            + " fixed-width tensors (pad the bag to a fixed width in the provider)");
                }
            }
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString(), null, "no such ONNX model file");
            }
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new FileSystemException(file.toString(), null, "not a readable regular file");
            }
            OnnxModel m = new OnnxModel(this, specs, DjlSession.open(file, specs, poolSize, intraOpThreads, outputName));
            try {
                m.score(new InputBatch(specs, 1), new double[1], 0);
                return m;
            } catch (RuntimeException e) {
                m.close();
                throw badFile(file, "inputs", specs.toString(), "cannot score a probe row of these inputs: "
                        + e.getMessage(), e);
            }
        }
    }
}
