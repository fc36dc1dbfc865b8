package org.recsys4j.rank.ctr;

import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.Fingerprints;
import org.recsys4j.core.eval.Metrics;
import org.recsys4j.core.util.Parallel;
import org.recsys4j.rank.nn.Adam;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Trains a {@link CtrModel} of one architecture on labelled {@link CtrData} with mini-batch Adam (or
 * FTRL-Proximal for logistic regression) on the log-loss, with early stopping on validation rows: an
 * immutable estimator, built once with its settings, whose {@link #fit(CtrRows, CtrRows)} returns the
 * trained model with its history.
 *
 * <p><b>Epochs.</b> The training rows are shuffled each epoch by a generator seeded with
 * {@link #seed()}; each step takes the next {@link #batchSize()} rows. After each epoch the validation
 * log-loss and AUC are computed; training stops when the log-loss has not improved for
 * {@link #patience()} epochs or after {@link #maxEpochs()}, and the model is left with the best
 * epoch's weights. Without validation rows ({@link #fit(CtrRows)}) all epochs run and the last weights
 * are kept (a refit for a known epoch count).
 *
 * <p><b>Data-parallel steps.</b> A batch is cut into {@code threads} consecutive slices; each slice's
 * rows are forwarded and back-propagated into that slice's own gradient array, then one pass over the
 * parameters (itself split over the threads) sums the slice gradients in slice order and applies the
 * update. The result depends on the thread count but never on the thread scheduling; with one thread
 * and a seed two runs give bit-identical weights. So the default is one thread
 * ({@value #DEFAULT_THREADS}, the library's rule for results that depend on the thread count). The
 * inner loops allocate nothing.
 *
 * <pre>{@code
 * CtrTrainer trainer = CtrTrainer.builder(ModelSpec.deepFm(fields, numerics, 10, 128, 128))
 *         .withLearningRate(1e-3)
 *         .withThreads(2)
 *         .withListener(r -> System.out.println(r))
 *         .build();
 * TrainingResult res = trainer.fit(fit, validation);
 * double p = res.model().predict(test, 0);
 * }</pre>
 *
 * <p><b>Provenance.</b> The trained model's {@link CtrModel#info()} records this trainer and its settings, and as
 * inputs the fingerprints of the training rows ({@value #DATA}), of the validation rows ({@value #VALIDATION}) and,
 * when the rows name them ({@link CtrData#encoders()}, as {@link CtrSamples}' do), of the fitted encoders that made
 * the rows ({@value #ENCODERS}): a saved model then refuses encoders of another fit
 * ({@link CtrModel#load(java.nio.file.Path, org.recsys4j.core.feature.FittedSchema)}). Train and validation rows of
 * different encoders, or {@code fitFrom} rows of other encoders than the model's, are refused.
 *
 * Immutable and thread-safe (a fit works on its own model).
 */
public final class CtrTrainer {
    /** The default update rule. */
    public static final Optimizer DEFAULT_OPTIMIZER = Optimizer.ADAM;
    /** The default learning rate (Adam's step size, FTRL's α). */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** The default number of samples per step (protocol C's). */
    public static final int DEFAULT_BATCH_SIZE = 256;
    /** The default largest number of epochs (protocol C's). */
    public static final int DEFAULT_MAX_EPOCHS = 20;
    /** The input a trained model records: the fingerprint of its training rows ({@link CtrData#fingerprint()}). */
    public static final String DATA = "data";
    /** The input a trained model records: the fingerprint of its validation rows, when early-stopped on some. */
    public static final String VALIDATION = "validation";
    /**
     * The input a trained model records when its rows name them ({@link CtrData#encoders()}): the content fingerprint of
     * the fitted encoders that made the rows, checked by {@link CtrModel#load(java.nio.file.Path,
     * org.recsys4j.core.feature.FittedSchema)}.
     */
    public static final String ENCODERS = "encoders";
    /** The default number of epochs without a better validation log-loss before stopping (protocol C's). */
    public static final int DEFAULT_PATIENCE = 2;
    /** The default number of data-parallel threads: 1, since the result depends on it. */
    public static final int DEFAULT_THREADS = 1;
    /** The default seed of the initialisation and the shuffles. */
    public static final long DEFAULT_SEED = 1;
    /** The default L2 penalty: none. */
    public static final double DEFAULT_L2 = 0;
    /** The default mini-batch aware L2 weight: none. */
    public static final double DEFAULT_MINI_BATCH_L2 = 0;
    /** The default L1 penalty (FTRL): none. */
    public static final double DEFAULT_L1 = 0;
    /** The default FTRL β. */
    public static final double DEFAULT_FTRL_BETA = 1;

    private static final int UNIT = 8192;

    private final ModelSpec spec;
    private final Optimizer optimizer;
    private final double learningRate;
    private final int batchSize;
    private final int maxEpochs;
    private final int patience;
    private final int threads;
    private final long seed;
    private final double l2;
    private final double miniBatchL2;
    private final double l1;
    private final double ftrlBeta;
    private final TrainingListener listener;

    private CtrTrainer(Builder b) {
        this.spec = b.spec;
        this.optimizer = b.optimizer;
        this.learningRate = b.learningRate;
        this.batchSize = b.batchSize;
        this.maxEpochs = b.maxEpochs;
        this.patience = b.patience;
        this.threads = b.threads;
        this.seed = b.seed;
        this.l2 = b.l2;
        this.miniBatchL2 = b.miniBatchL2;
        this.l1 = b.l1;
        this.ftrlBeta = b.ftrlBeta;
        this.listener = b.listener == null ? TrainingListener.NONE : b.listener;
    }

    /**
     * Returns a builder of trainers of one architecture, with protocol C's settings: Adam, learning rate
     * 1e-3, batch 256, at most 20 epochs, patience 2, 1 thread, seed 1, no L2 (plain or mini-batch aware).
     *
     * @param spec the architecture; its fields and numerics are checked against the rows' schema by {@code fit}
     */
    public static Builder builder(ModelSpec spec) {
        return new Builder(spec);
    }

    /** Returns the architecture trained. */
    public ModelSpec spec() {
        return spec;
    }

    /** Returns the update rule. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** Returns the learning rate (Adam's step size, FTRL's α). */
    public double learningRate() {
        return learningRate;
    }

    /** Returns the number of samples per step. */
    public int batchSize() {
        return batchSize;
    }

    /** Returns the largest number of epochs. */
    public int maxEpochs() {
        return maxEpochs;
    }

    /** Returns the epochs without a better validation log-loss before stopping. */
    public int patience() {
        return patience;
    }

    /** Returns the number of data-parallel threads per step. */
    public int threads() {
        return threads;
    }

    /** Returns the seed of the initialisation and the per-epoch shuffles. */
    public long seed() {
        return seed;
    }

    /** Returns the L2 penalty (Adam: added to the gradient as {@code l2·w}). */
    public double l2() {
        return l2;
    }

    /** Returns the weight λ of the mini-batch aware L2 on the per-id parameters (0: none; see {@link Builder#withMiniBatchL2}). */
    public double miniBatchL2() {
        return miniBatchL2;
    }

    /** Returns FTRL's L1 penalty. */
    public double l1() {
        return l1;
    }

    /** Returns FTRL's β. */
    public double ftrlBeta() {
        return ftrlBeta;
    }

    /**
     * Trains a fresh model of the spec (initialised with the seed) on every epoch, keeping the last
     * weights (a refit for a known epoch count).
     *
     * @param train labelled training rows
     * @return the model and the history
     * @throws IllegalArgumentException if the rows lack labels, the spec does not fit their schema, or FTRL is
     *                                  asked for a model other than LR
     */
    public TrainingResult fit(CtrRows train) {
        return run(CtrModel.create(spec, Objects.requireNonNull(train, "train").schema(), seed), train, null);
    }

    /**
     * Trains a fresh model of the spec (initialised with the seed), early-stopped on {@code validation}.
     *
     * @param train      labelled training rows
     * @param validation labelled validation rows for early stopping
     * @return the model with the best epoch's weights, and the history
     * @throws IllegalArgumentException if rows lack labels, schemas differ, the spec does not fit the schema,
     *                                  or FTRL is asked for a model other than LR
     */
    public TrainingResult fit(CtrRows train, CtrRows validation) {
        Objects.requireNonNull(validation, "validation");
        return run(CtrModel.create(spec, Objects.requireNonNull(train, "train").schema(), seed), train, validation);
    }

    /**
     * Trains {@code model} further, in place, on every epoch (continuing from its current weights; the
     * optimizer state starts fresh).
     *
     * @throws IllegalArgumentException if the model's spec is not this trainer's, or as {@link #fit(CtrRows)}
     */
    public TrainingResult fitFrom(CtrModel model, CtrRows train) {
        return run(checkSpec(model), train, null);
    }

    /**
     * Trains {@code model} further, in place, early-stopped on {@code validation} (continuing from its
     * current weights; the optimizer state starts fresh).
     *
     * @throws IllegalArgumentException if the model's spec is not this trainer's, or as {@link #fit(CtrRows, CtrRows)}
     */
    public TrainingResult fitFrom(CtrModel model, CtrRows train, CtrRows validation) {
        Objects.requireNonNull(validation, "validation");
        return run(checkSpec(model), train, validation);
    }

    private CtrModel checkSpec(CtrModel model) {
        Objects.requireNonNull(model, "model");
        if (!model.spec().equals(spec)) {
            throw new IllegalArgumentException("model: spec " + model.spec() + " is not the trainer's " + spec);
        }
        return model;
    }

    @Override
    public String toString() {
        return "CtrTrainer[" + spec + ", " + optimizer + ", lr=" + learningRate + ", batch=" + batchSize + ", maxEpochs="
                + maxEpochs + ", patience=" + patience + ", threads=" + threads + ", seed=" + seed + ", l2=" + l2
                + (miniBatchL2 > 0 ? ", miniBatchL2=" + miniBatchL2 : "")
                + (optimizer == Optimizer.FTRL ? ", l1=" + l1 + ", beta=" + ftrlBeta : "") + "]";
    }

    private TrainingResult run(CtrModel model, CtrRows train, CtrRows validation) {
        Objects.requireNonNull(train, "train");
        model.checkSchema(train);
        if (!train.hasLabels() || train.size() == 0) {
            throw new IllegalArgumentException("train: " + train.size() + " rows" + (train.hasLabels() ? "" : " without labels")
                    + "; need labelled rows");
        }
        if (validation != null) {
            model.checkSchema(validation);
            if (!validation.hasLabels() || validation.size() == 0) {
                throw new IllegalArgumentException("validation: needs labelled rows (" + validation.size() + " rows)");
            }
            if (train.encoders().isPresent() && validation.encoders().isPresent()
                    && !train.encoders().equals(validation.encoders())) {
                throw new IllegalArgumentException("validation: rows made by the encoders "
                        + Fingerprints.abbreviate(validation.encoders().get()) + ", the train rows by "
                        + Fingerprints.abbreviate(train.encoders().get()));
            }
        }
        String trainedWith = model.provenance().input(ENCODERS).orElse("");
        if (!trainedWith.isEmpty() && train.encoders().isPresent() && !trainedWith.equals(train.encoders().get())) {
            throw new IllegalArgumentException("train: rows made by the encoders "
                    + Fingerprints.abbreviate(train.encoders().get()) + ", but the model was trained on rows of the"
                    + " encoders " + Fingerprints.abbreviate(trainedWith));
        }
        if (optimizer == Optimizer.FTRL && model.spec().type() != ModelType.LOGISTIC_REGRESSION) {
            throw new IllegalArgumentException("optimizer FTRL: only for logistic regression, not " + model.spec().type().label());
        }
        Workspace[] ws = new Workspace[threads];
        for (int t = 0; t < threads; t++) {
            ws[t] = new Workspace(model, true);
        }
        float[][] arrays = model.arrays;
        float[][] s1 = new float[arrays.length][];  // Adam m | FTRL z
        float[][] s2 = new float[arrays.length][];  // Adam v | FTRL n
        List<int[]> unitList = new ArrayList<>();   // (array, from, to): the update's work units
        for (int a = 0; a < arrays.length; a++) {
            s1[a] = new float[arrays[a].length];
            s2[a] = new float[arrays[a].length];
            for (int from = 0; from < arrays[a].length; from += UNIT) {
                unitList.add(new int[] {a, from, Math.min(arrays[a].length, from + UNIT)});
            }
        }
        int[][] units = unitList.toArray(new int[0][]);
        int n = train.size();
        // rows held in memory are read in place; others are encoded slice by slice into one buffer per worker
        CtrData held = train instanceof CtrData d ? d : null;
        CtrData.Builder[] buffers = new CtrData.Builder[threads];
        if (held == null) {
            for (int t = 0; t < threads; t++) {
                buffers[t] = new CtrData.Builder(train.schema(), Math.min(n, (batchSize + threads - 1) / threads + 1));
            }
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        MiniBatchL2 mbl2 = miniBatchL2 > 0 ? MiniBatchL2.count(model, train, miniBatchL2) : null;
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
        boolean[] valLabels = validation == null ? null : validation.labelArray();
        double[] valScores = validation == null ? null : new double[validation.size()];
        List<EpochReport> history = new ArrayList<>();
        float[] best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        long step = 0;
        double stepNanos = 0;
        long start = System.nanoTime();
        int batch = batchSize;
        int updateChunk = Math.max(1, units.length / (threads * 4));
        try (Parallel.Team team = Parallel.team(threads)) {
            for (int epoch = 1; epoch <= maxEpochs; epoch++) {
                for (int i = n - 1; i > 0; i--) {
                    int j = rnd.nextInt(i + 1);
                    int tmp = perm[i];
                    perm[i] = perm[j];
                    perm[j] = tmp;
                }
                for (Workspace w : ws) {
                    w.auxSeed = seed * 0x9E3779B97F4A7C15L + epoch; // DIEN's negatives: per epoch, not per thread
                }
                double lossSum = 0;
                long t0 = System.nanoTime();
                for (int from = 0; from < n; from += batch) {
                    int size = Math.min(batch, n - from);
                    int slices = Math.min(threads, size);
                    int sliceLen = (size + slices - 1) / slices;
                    float scale = 1f / size;
                    int base = from;
                    team.forRange(slices, 1, (c0, c1) -> {
                        for (int c = c0; c < c1; c++) {
                            Workspace w = ws[c];
                            w.auxScale = scale;
                            int a = base + c * sliceLen;
                            int b = Math.min(base + size, a + sliceLen);
                            double loss = 0;
                            if (held != null) {
                                if (w.block != null) {
                                    for (int k = a; k < b; k += Workspace.BLOCK) {
                                        loss += model.trainBlock(held, perm, k, Math.min(Workspace.BLOCK, b - k), w, scale);
                                    }
                                } else {
                                    for (int k = a; k < b; k++) {
                                        int row = perm[k];
                                        float z = model.forward(held, row, w);
                                        float y = held.label(row);
                                        loss += logLoss(z, y);
                                        model.backward(held, row, w, (float) ((CtrModel.sigmoid(z) - y) * scale));
                                    }
                                }
                            } else {
                                // rows encoded on demand: this slice's rows into the worker's buffer, in order; the
                                // model sees the same ids, numerics and labels (and DIEN the same row numbers)
                                CtrData.Builder buffer = buffers[c].reset();
                                train.copyRows(perm, a, b, buffer);
                                CtrData rows = buffer.view();
                                w.trainingRows(perm, a);
                                int len = b - a;
                                if (w.block != null) {
                                    int[] local = w.identity(len);
                                    for (int k = 0; k < len; k += Workspace.BLOCK) {
                                        loss += model.trainBlock(rows, local, k, Math.min(Workspace.BLOCK, len - k), w, scale);
                                    }
                                } else {
                                    for (int local = 0; local < len; local++) {
                                        float z = model.forward(rows, local, w);
                                        float y = rows.label(local);
                                        loss += logLoss(z, y);
                                        model.backward(rows, local, w, (float) ((CtrModel.sigmoid(z) - y) * scale));
                                    }
                                }
                                w.trainingRows(null, 0);
                            }
                            w.loss = loss;
                        }
                    });
                    for (int c = 0; c < slices; c++) {
                        lossSum += ws[c].loss;
                    }
                    if (mbl2 != null) { // the batch's rows, each per-id row once, into the first slice's gradient
                        mbl2.begin(ws[0].grad);
                        long auxSeed = ws[0].auxSeed;
                        if (held != null) {
                            for (int k = from; k < from + size; k++) {
                                mbl2.add(held, perm[k], perm[k], auxSeed);
                            }
                        } else {
                            for (int c = 0; c < slices; c++) {
                                CtrData rows = buffers[c].view();
                                int a = from + c * sliceLen;
                                for (int r = 0; r < rows.size(); r++) {
                                    mbl2.add(rows, r, perm[a + r], auxSeed);
                                }
                            }
                        }
                    }
                    step++;
                    update(model, units, ws, slices, s1, s2, step, team, updateChunk);
                    listener.onBatch(epoch, from + size, n);
                }
                double nanos = System.nanoTime() - t0;
                stepNanos += nanos;
                double vl = Double.NaN;
                double vauc = Double.NaN;
                boolean improved = false;
                if (validation != null) {
                    model.predict(validation, valScores, threads);
                    vl = Metrics.logLoss(valScores, valLabels);
                    vauc = Metrics.auc(valScores, valLabels);
                    if (vl < bestLoss) {
                        bestLoss = vl;
                        bestEpoch = epoch;
                        best = model.parameters();
                        improved = true;
                    }
                } else {
                    bestEpoch = epoch;
                    improved = true;
                }
                EpochReport r = new EpochReport(epoch, lossSum / n, vl, vauc, n / (nanos / 1e9), improved);
                history.add(r);
                listener.onEpoch(r);
                if (validation != null && epoch - bestEpoch >= patience) {
                    break;
                }
            }
        }
        if (best != null) {
            model.setParameters(best);
        }
        ArtifactInfo.Builder provenance = ArtifactInfo.builder(ArtifactInfo.CTR_MODEL)
                .withProducer(CtrTrainer.class.getName())
                .withSetting("spec", spec).withSetting("optimizer", optimizer).withSetting("learningRate", learningRate)
                .withSetting("batchSize", batchSize).withSetting("maxEpochs", maxEpochs).withSetting("patience", patience)
                .withSetting("seed", seed).withSetting("l2", l2).withSetting("miniBatchL2", miniBatchL2).withSetting("l1", l1).withSetting("ftrlBeta", ftrlBeta)
                .withSetting("threads", threads).withSetting("bestEpoch", bestEpoch)
                .withInput(DATA, train.fingerprint());   // the training rows: what the model is bound to
        if (validation != null) {
            provenance.withInput(VALIDATION, validation.fingerprint());
        }
        train.encoders().ifPresent(fp -> provenance.withInput(ENCODERS, fp));
        model.provenance(provenance.build());
        double total = (System.nanoTime() - start) / 1e9;
        double stepSeconds = stepNanos / 1e9;
        return new TrainingResult(model, bestEpoch, history, total, stepSeconds,
                (double) n * history.size() / stepSeconds);
    }

    /** The log-loss of logit {@code z} for label {@code y}, computed stably. */
    static double logLoss(float z, float y) {
        return Math.max(z, 0f) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
    }

    private void update(CtrModel model, int[][] units, Workspace[] ws, int slices, float[][] s1, float[][] s2,
                        long step, Parallel.Team team, int chunk) {
        float l2 = (float) this.l2;
        float[][] arrays = model.arrays;
        if (optimizer == Optimizer.ADAM) {
            float lr = (float) learningRate;
            float stepSize = Adam.stepSize(lr, step);
            float invSqrtC2 = Adam.invSqrtC2(step);
            team.forRange(units.length, chunk, (u0, u1) -> {
                for (int u = u0; u < u1; u++) {
                    int a = units[u][0];
                    float[] w = arrays[a];
                    float[] m1 = s1[a];
                    float[] m2 = s2[a];
                    int from = units[u][1];
                    int end = units[u][2];
                    if (slices == 2) {
                        Adam.step(w, m1, m2, ws[0].grads[a], ws[1].grads[a], from, end, l2, stepSize, invSqrtC2);
                    } else {
                        Adam.step(w, m1, m2, reduce(ws, slices, a, from, end), from, end, l2, stepSize, invSqrtC2);
                    }
                }
            });
        } else {
            float alpha = (float) learningRate;
            float beta = (float) ftrlBeta;
            float l1 = (float) this.l1;
            team.forRange(units.length, chunk, (u0, u1) -> {
                for (int u = u0; u < u1; u++) {
                    int a = units[u][0];
                    float[] w = arrays[a];
                    float[] zs = s1[a];
                    float[] ns = s2[a];
                    int from = units[u][1];
                    int end = units[u][2];
                    float[] gs = reduce(ws, slices, a, from, end);
                    for (int j = from; j < end; j++) {
                        float g = gs[j];
                        if (g == 0f) {
                            continue;
                        }
                        gs[j] = 0f;
                        float nOld = ns[j];
                        float nNew = nOld + g * g;
                        float sigma = ((float) Math.sqrt(nNew) - (float) Math.sqrt(nOld)) / alpha;
                        float z = zs[j] + g - sigma * w[j];
                        zs[j] = z;
                        ns[j] = nNew;
                        w[j] = Math.abs(z) <= l1 ? 0f
                                : -(z - Math.signum(z) * l1) / ((beta + (float) Math.sqrt(nNew)) / alpha + l2);
                    }
                }
            });
        }
        model.syncTransposed();
    }

    /**
     * Adds the gradients of slices 1.. into slice 0's over {@code [from, end)} of one array (in slice order),
     * zeroes theirs, and returns slice 0's gradient array, which the caller zeroes after use.
     */
    private static float[] reduce(Workspace[] ws, int slices, int array, int from, int end) {
        float[] g0 = ws[0].grads[array];
        for (int c = 1; c < slices; c++) {
            float[] gc = ws[c].grads[array];
            for (int j = from; j < end; j++) {
                g0[j] += gc[j];
            }
            java.util.Arrays.fill(gc, from, end, 0f);
        }
        return g0;
    }

    /** Builds a {@link CtrTrainer}: the setters only record, {@link #build()} checks. Not thread-safe. */
    public static final class Builder {
        private final ModelSpec spec;
        private Optimizer optimizer = DEFAULT_OPTIMIZER;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int maxEpochs = DEFAULT_MAX_EPOCHS;
        private int patience = DEFAULT_PATIENCE;
        private int threads = DEFAULT_THREADS;
        private long seed = DEFAULT_SEED;
        private double l2 = DEFAULT_L2;
        private double miniBatchL2 = DEFAULT_MINI_BATCH_L2;
        private double l1 = DEFAULT_L1;
        private double ftrlBeta = DEFAULT_FTRL_BETA;
        private TrainingListener listener;

        private Builder(ModelSpec spec) {
            this.spec = spec;
        }

        /** Sets the update rule (default {@link CtrTrainer#DEFAULT_OPTIMIZER}, Adam). */
        public Builder withOptimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** Sets Adam's step size, or FTRL's α, &gt; 0 and finite (default {@value CtrTrainer#DEFAULT_LEARNING_RATE}). */
        public Builder withLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** Sets the samples per step, at least 1 (default {@value CtrTrainer#DEFAULT_BATCH_SIZE}). */
        public Builder withBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Sets the largest number of passes over the training rows, at least 1 (default {@value CtrTrainer#DEFAULT_MAX_EPOCHS}). */
        public Builder withMaxEpochs(int maxEpochs) {
            this.maxEpochs = maxEpochs;
            return this;
        }

        /**
         * Sets the epochs without a better validation log-loss before stopping, at least 1 (default
         * {@value CtrTrainer#DEFAULT_PATIENCE}).
         */
        public Builder withPatience(int patience) {
            this.patience = patience;
            return this;
        }

        /**
         * Sets the data-parallel workers per step, at least 1 (default {@value CtrTrainer#DEFAULT_THREADS}). The
         * result depends on the thread count (the gradient is summed per thread slice), never on the scheduling.
         */
        public Builder withThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Sets the seed of the initialisation and the per-epoch shuffles (default {@value CtrTrainer#DEFAULT_SEED}). */
        public Builder withSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sets the L2 penalty, at least 0 (Adam: added to the gradient as {@code l2·w}; default {@value CtrTrainer#DEFAULT_L2}). */
        public Builder withL2(double l2) {
            this.l2 = l2;
            return this;
        }

        /**
         * Sets the weight λ of the mini-batch aware L2 regularisation of DIN's paper (Zhou et al. 2018, §4.3.1), at
         * least 0 (default {@value CtrTrainer#DEFAULT_MINI_BATCH_L2}: none): on every batch each per-id parameter row
         * {@code w_j} the batch reads (an embedding, an FM factor, a first-order or wide weight) gets
         * {@code λ / n_j · w_j} added to its gradient once, {@code n_j} being how often the training rows read it
         * (at least 1: DIEN's auxiliary loss also reads sampled negative items, which are pulled the same way);
         * rows the batch does not read are left alone. A rare id is pulled to zero much harder than a frequent one.
         * Adam only; the training rows are read once more to count.
         */
        public Builder withMiniBatchL2(double lambda) {
            this.miniBatchL2 = lambda;
            return this;
        }

        /** Sets FTRL's L1 penalty, at least 0 (default {@value CtrTrainer#DEFAULT_L1}). */
        public Builder withL1(double l1) {
            this.l1 = l1;
            return this;
        }

        /** Sets FTRL's β, &gt; 0 (default {@value CtrTrainer#DEFAULT_FTRL_BETA}). */
        public Builder withFtrlBeta(double beta) {
            this.ftrlBeta = beta;
            return this;
        }

        /** Sets the listener told each epoch's report, on the training thread; null (the default) means none. */
        public Builder withListener(TrainingListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Returns the trainer.
         *
         * @throws NullPointerException     if the spec or the optimizer is null
         * @throws IllegalArgumentException naming the first setting out of range
         */
        public CtrTrainer build() {
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(optimizer, "optimizer");
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learningRate: " + learningRate + ", must be > 0 and finite");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize: " + batchSize + ", must be >= 1");
            }
            if (maxEpochs < 1) {
                throw new IllegalArgumentException("maxEpochs: " + maxEpochs + ", must be >= 1");
            }
            if (patience < 1) {
                throw new IllegalArgumentException("patience: " + patience + ", must be >= 1");
            }
            Parallel.checkThreads(threads);
            if (!(l2 >= 0) || Double.isInfinite(l2)) {
                throw new IllegalArgumentException("l2: " + l2 + ", must be >= 0 and finite");
            }
            if (!(miniBatchL2 >= 0) || Double.isInfinite(miniBatchL2)) {
                throw new IllegalArgumentException("miniBatchL2: " + miniBatchL2 + ", must be >= 0 and finite");
            }
            if (miniBatchL2 > 0 && optimizer != Optimizer.ADAM) {
                throw new IllegalArgumentException("miniBatchL2: " + miniBatchL2 + " needs the optimizer ADAM, not " + optimizer);
            }
            if (!(l1 >= 0) || Double.isInfinite(l1)) {
                throw new IllegalArgumentException("l1: " + l1 + ", must be >= 0 and finite");
            }
            if (!(ftrlBeta > 0) || Double.isInfinite(ftrlBeta)) {
                throw new IllegalArgumentException("ftrlBeta: " + ftrlBeta + ", must be > 0 and finite");
            }
            return new CtrTrainer(this);
        }
    }
}
