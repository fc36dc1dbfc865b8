package org.recsys4j.rank.ctr;

import org.recsys4j.core.eval.Metrics;
import org.recsys4j.core.util.Parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Trains a {@link CtrModel} on labelled {@link CtrData} with mini-batch Adam (or FTRL-Proximal for
 * logistic regression) on the log-loss, with early stopping on validation rows.
 *
 * <p><b>Epochs.</b> The training rows are shuffled each epoch by a generator seeded with
 * {@link TrainerConfig#seed()}; each step takes the next {@link TrainerConfig#batchSize()} rows. After
 * each epoch the validation log-loss and AUC are computed; training stops when the log-loss has not
 * improved for {@link TrainerConfig#patience()} epochs or after {@link TrainerConfig#maxEpochs()}, and
 * the model is left with the best epoch's weights. Without validation rows all epochs run and the last
 * weights are kept (a refit for a known epoch count).
 *
 * <p><b>Data-parallel steps.</b> A batch is cut into {@code threads} consecutive slices; each slice's
 * rows are forwarded and back-propagated into that slice's own gradient array, then one pass over the
 * parameters (itself split over the threads) sums the slice gradients in slice order and applies the
 * update. The result depends on the thread count but never on the thread scheduling; with one thread
 * and a seed two runs give bit-identical weights. The inner loops allocate nothing.
 *
 * <pre>{@code
 * CtrTrainer trainer = new CtrTrainer(TrainerConfig.defaults().withLearningRate(1e-3).withThreads(2),
 *         r -> System.out.println(r));
 * TrainingResult res = trainer.train(ModelSpec.deepFm(fields, numerics, 10, 128, 128), fit, validation);
 * double p = res.model().predict(test, 0);
 * }</pre>
 */
public final class CtrTrainer {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;
    private static final int UNIT = 8192;

    private final TrainerConfig config;
    private final TrainingListener listener;

    /**
     * Creates a trainer.
     *
     * @param config   the settings
     * @param listener receives each epoch's report; {@link TrainingListener#NONE} for none
     */
    public CtrTrainer(TrainerConfig config, TrainingListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Returns the settings. */
    public TrainerConfig config() {
        return config;
    }

    /**
     * Trains a fresh model of {@code spec} (initialised with the config's seed).
     *
     * @param spec       the architecture
     * @param train      labelled training rows
     * @param validation labelled validation rows for early stopping, or null to run every epoch
     * @return the model with the best epoch's weights, and the history
     * @throws IllegalArgumentException if rows lack labels, schemas differ, or FTRL is asked for a model other than LR
     */
    public TrainingResult train(ModelSpec spec, CtrData train, CtrData validation) {
        return train(CtrModel.create(spec, train.schema(), config.seed()), train, validation);
    }

    /**
     * Trains {@code model} in place (continuing from its current weights; the optimizer state starts fresh).
     *
     * @see #train(ModelSpec, CtrData, CtrData)
     */
    public TrainingResult train(CtrModel model, CtrData train, CtrData validation) {
        Objects.requireNonNull(model, "model");
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
        }
        if (config.optimizer() == Optimizer.FTRL && model.spec().type() != ModelType.LOGISTIC_REGRESSION) {
            throw new IllegalArgumentException("optimizer FTRL: only for logistic regression, not " + model.spec().type().label());
        }
        int threads = config.threads();
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
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + 17);
        boolean[] valLabels = validation == null ? null : validation.labelArray();
        double[] valScores = validation == null ? null : new double[validation.size()];
        List<EpochReport> history = new ArrayList<>();
        float[] best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        long step = 0;
        double stepNanos = 0;
        long start = System.nanoTime();
        int batch = config.batchSize();
        int updateChunk = Math.max(1, units.length / (threads * 4));
        try (Parallel.Team team = Parallel.team(threads)) {
            for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
                for (int i = n - 1; i > 0; i--) {
                    int j = rnd.nextInt(i + 1);
                    int tmp = perm[i];
                    perm[i] = perm[j];
                    perm[j] = tmp;
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
                            int a = base + c * sliceLen;
                            int b = Math.min(base + size, a + sliceLen);
                            double loss = 0;
                            for (int k = a; k < b; k++) {
                                int row = perm[k];
                                float z = model.forward(train, row, w);
                                float y = train.label(row);
                                loss += Math.max(z, 0f) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
                                model.backward(train, row, w, (float) ((CtrModel.sigmoid(z) - y) * scale));
                            }
                            w.loss = loss;
                        }
                    });
                    for (int c = 0; c < slices; c++) {
                        lossSum += ws[c].loss;
                    }
                    step++;
                    update(model, units, ws, slices, s1, s2, step, team, updateChunk);
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
                if (validation != null && epoch - bestEpoch >= config.patience()) {
                    break;
                }
            }
        }
        if (best != null) {
            model.setParameters(best);
        }
        double total = (System.nanoTime() - start) / 1e9;
        double stepSeconds = stepNanos / 1e9;
        return new TrainingResult(model, bestEpoch, history, total, stepSeconds,
                (double) n * history.size() / stepSeconds);
    }

    private void update(CtrModel model, int[][] units, Workspace[] ws, int slices, float[][] s1, float[][] s2,
                        long step, Parallel.Team team, int chunk) {
        float l2 = (float) config.l2();
        float[][] arrays = model.arrays;
        if (config.optimizer() == Optimizer.ADAM) {
            float lr = (float) config.learningRate();
            double c1 = 1 - Math.pow(BETA1, step);
            double c2 = 1 - Math.pow(BETA2, step);
            float stepSize = (float) (lr / c1);
            float invSqrtC2 = (float) (1 / Math.sqrt(c2));
            team.forRange(units.length, chunk, (u0, u1) -> {
                for (int u = u0; u < u1; u++) {
                    int a = units[u][0];
                    float[] w = arrays[a];
                    float[] m1 = s1[a];
                    float[] m2 = s2[a];
                    int from = units[u][1];
                    int end = units[u][2];
                    if (slices == 2) {
                        adam2(w, m1, m2, ws[0].grads[a], ws[1].grads[a], from, end, l2, stepSize, invSqrtC2);
                    } else {
                        adam1(w, m1, m2, reduce(ws, slices, a, from, end), from, end, l2, stepSize, invSqrtC2);
                    }
                }
            });
        } else {
            float alpha = (float) config.learningRate();
            float beta = (float) config.ftrlBeta();
            float l1 = (float) config.l1();
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

    /** Adam over {@code [from, end)} with gradient {@code g} (zeroed); element-wise, so C2 vectorises it. */
    private static void adam1(float[] w, float[] m1, float[] m2, float[] g, int from, int end, float l2, float stepSize,
                              float invSqrtC2) {
        for (int j = from; j < end; j++) {
            float gj = g[j] + l2 * w[j];
            float m = BETA1 * m1[j] + (1 - BETA1) * gj;
            float v = BETA2 * m2[j] + (1 - BETA2) * gj * gj;
            m1[j] = m;
            m2[j] = v;
            w[j] -= stepSize * m / ((float) Math.sqrt(v) * invSqrtC2 + EPS);
            g[j] = 0f;
        }
    }

    /** {@link #adam1} with the gradient summed from two slices (slice 0 first), both zeroed, in one pass. */
    private static void adam2(float[] w, float[] m1, float[] m2, float[] g0, float[] g1, int from, int end, float l2,
                              float stepSize, float invSqrtC2) {
        for (int j = from; j < end; j++) {
            float gj = (g0[j] + g1[j]) + l2 * w[j];
            float m = BETA1 * m1[j] + (1 - BETA1) * gj;
            float v = BETA2 * m2[j] + (1 - BETA2) * gj * gj;
            m1[j] = m;
            m2[j] = v;
            w[j] -= stepSize * m / ((float) Math.sqrt(v) * invSqrtC2 + EPS);
            g0[j] = 0f;
            g1[j] = 0f;
        }
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
}
