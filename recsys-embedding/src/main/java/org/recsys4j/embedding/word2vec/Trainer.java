package org.recsys4j.embedding.word2vec;

import org.recsys4j.core.util.Parallel;
import org.recsys4j.core.vector.Vectors;
import org.recsys4j.embedding.seq.SequenceCorpus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One training run of {@link Word2Vec}: the shared matrices, tables and progress counters, and the
 * per-thread {@link Worker}s with the hot loop. Matrices are flat row-major {@code float[]}s indexed by
 * vocabulary index ({@code syn0}, {@code syn1neg}) or Huffman inner node ({@code syn1}).
 */
final class Trainer {
    static final int MAX_EXP = 6;
    static final int EXP_TABLE_SIZE = 1000;
    private static final float EXP_SCALE = EXP_TABLE_SIZE / (2f * MAX_EXP);
    /** sigmoid(x) at x = (2i / EXP_TABLE_SIZE − 1) · MAX_EXP, as word2vec.c's expTable. */
    private static final float[] SIGMOID = new float[EXP_TABLE_SIZE];
    /** −log sigmoid(x) and −log(1 − sigmoid(x)) at the same points: the loss of a positive / negative label. */
    private static final float[] LOSS_POS = new float[EXP_TABLE_SIZE];
    private static final float[] LOSS_NEG = new float[EXP_TABLE_SIZE];
    /** Sequences longer than this are trained in pieces (as gensim's MAX_WORDS_IN_BATCH). */
    static final int MAX_SEQUENCE = 10_000;
    /** Tokens between updates of the shared progress counter and the learning rate. */
    private static final int SYNC_TOKENS = 10_000;

    static {
        for (int i = 0; i < EXP_TABLE_SIZE; i++) {
            double x = (i / (double) EXP_TABLE_SIZE * 2 - 1) * MAX_EXP;
            SIGMOID[i] = (float) (1 / (1 + StrictMath.exp(-x)));
            LOSS_POS[i] = (float) StrictMath.log1p(StrictMath.exp(-x));
            LOSS_NEG[i] = (float) StrictMath.log1p(StrictMath.exp(x));
        }
    }

    /**
     * Returns true if a negative-sampling prediction with score {@code f} is already saturated on the right
     * side (a positive with f ≥ MAX_EXP, a negative with f ≤ −MAX_EXP): word2vec.c skips it, no loss, no update.
     */
    private static boolean saturatedRight(float f, boolean positive) {
        return positive ? f >= MAX_EXP : f <= -MAX_EXP;
    }

    /** Returns the SGD step of a (not right-saturated) negative-sampling prediction: (label − σ(f)) · lr. */
    private static float nsStep(float f, boolean positive, float lr) {
        if (f >= MAX_EXP) {
            return -lr;
        }
        if (f <= -MAX_EXP) {
            return lr;
        }
        int idx = Math.min(EXP_TABLE_SIZE - 1, (int) ((f + MAX_EXP) * EXP_SCALE));
        return positive ? (1 - SIGMOID[idx]) * lr : -SIGMOID[idx] * lr;
    }

    /** Returns the loss term of a (not right-saturated) negative-sampling prediction; beyond the table, |f|. */
    private static double nsLoss(float f, boolean positive) {
        if (f >= MAX_EXP) {
            return f;
        }
        if (f <= -MAX_EXP) {
            return -f;
        }
        int idx = Math.min(EXP_TABLE_SIZE - 1, (int) ((f + MAX_EXP) * EXP_SCALE));
        return positive ? LOSS_POS[idx] : LOSS_NEG[idx];
    }

    private final Word2Vec cfg;
    private final SequenceCorpus corpus;
    private final int dim;
    private final int[] tokens;
    private final int[] counts;
    private final boolean[] active;
    private final long[] keep;          // keep a token if 32 random bits are below this; null = keep all
    private final float[] syn0;
    private final float[] syn1;
    private final float[] syn1neg;
    private final UnigramSampler sampler;
    private final byte[] codes;
    private final int[] points;
    private final int[] codeOffsets;
    private final int maxCodeLength;
    private final long total;
    private final long perEpoch;
    private final float startAlpha;
    private final float endAlpha;
    private final boolean shared;

    private final AtomicLong done = new AtomicLong();
    private final LongAdder trained = new LongAdder();
    private final DoubleAdder lossSum = new DoubleAdder();
    private final LongAdder lossPairs = new LongAdder();
    /** Per epoch: the loss and pair counts the workers added, and how many workers finished it (under epochLock). */
    private final double[] epochLossSum;
    private final long[] epochPairs;
    private final int[] workersDone;
    private final Object epochLock = new Object();
    /** The mean loss of each completed epoch, in order; appended under epochLock, read by reports. */
    private final List<Double> epochLosses = new CopyOnWriteArrayList<>();
    private final ReentrantLock reportLock = new ReentrantLock();
    private volatile long lastReportNanos;
    private double reportedLossSum;
    private long reportedLossPairs;
    private long startNanos;

    Trainer(Word2Vec cfg, SequenceCorpus corpus) {
        this.cfg = cfg;
        this.corpus = corpus;
        this.dim = cfg.dim();
        this.tokens = corpus.tokensView();
        this.counts = corpus.tokenCounts();
        int v = counts.length;
        this.active = new boolean[v];
        long retained = 0;
        int maxCount = 0;
        for (int i = 0; i < v; i++) {
            maxCount = Math.max(maxCount, counts[i]);
            if (counts[i] >= cfg.minCount()) {
                active[i] = true;
                retained += counts[i];
            }
        }
        if (corpus.numTokens() == 0) {
            throw new IllegalArgumentException("corpus: empty (" + corpus.numSequences() + " sequences, no token): "
                    + "nothing to train on; check what built it (ItemSequences fails naming what it dropped)");
        }
        if (retained == 0) {
            throw new IllegalArgumentException("minCount: " + cfg.minCount() + ", no token occurs that often (the "
                    + "most frequent occurs " + maxCount + " times in " + corpus.numTokens() + " tokens)");
        }
        if (cfg.sample() > 0) {
            keep = new long[v];
            for (int i = 0; i < v; i++) {
                if (active[i]) {
                    double p = keepProbability(counts[i], retained, cfg.sample()); // sqrt is exact: same bits everywhere
                    keep[i] = p >= 1 ? 1L << 32 : (long) (p * 4294967296.0);
                }
            }
        } else {
            keep = null;
        }
        if ((long) v * dim > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("dim: " + dim + " × vocabulary " + v + " exceeds one Java array");
        }
        syn0 = new float[v * dim];
        long rng = cfg.seed();
        for (int i = 0; i < v; i++) {
            if (active[i]) {
                for (int j = 0, o = i * dim; j < dim; j++) {
                    rng += GOLDEN;
                    syn0[o + j] = (unitFloat(mix(rng)) - 0.5f) / dim;
                }
            }
        }
        syn1neg = cfg.negative() > 0 ? new float[v * dim] : null;
        sampler = cfg.negative() > 0 ? UnigramSampler.create(cfg.negativeSampler(), counts, active, cfg.nsExponent())
                : null;
        if (cfg.hierarchicalSoftmax()) {
            HuffmanTree tree = HuffmanTree.build(counts, active);
            syn1 = new float[tree.innerNodes() * dim];
            codes = tree.codes();
            points = tree.points();
            codeOffsets = tree.offsets();
            int m = 0;
            for (int i = 0; i < v; i++) {
                m = Math.max(m, tree.codeLength(i));
            }
            maxCodeLength = m;
        } else {
            maxCodeLength = 0;
            syn1 = null;
            codes = null;
            points = null;
            codeOffsets = null;
        }
        perEpoch = corpus.numTokens();
        total = perEpoch * cfg.epochs();
        epochLossSum = new double[cfg.epochs()];
        epochPairs = new long[cfg.epochs()];
        workersDone = new int[cfg.epochs()];
        startAlpha = (float) cfg.alpha();
        endAlpha = (float) cfg.minAlpha();
        // skip-gram on per-center scratch rows: exact for hierarchical softmax alone, shared negatives otherwise
        shared = !cfg.cbow() && (cfg.negative() == 0 || cfg.sharedNegatives());
    }

    /**
     * Returns word2vec.c's / gensim's probability of keeping one occurrence of a token seen {@code count} times
     * among {@code totalTokens}: {@code (sqrt(f/t) + 1) · t/f} with {@code f = count/totalTokens}, capped at 1.
     */
    static double keepProbability(long count, long totalTokens, double sample) {
        if (sample <= 0 || count <= 0) {
            return 1;
        }
        double threshold = sample * totalTokens;
        return Math.min(1.0, (Math.sqrt(count / threshold) + 1) * threshold / count);
    }

    Word2VecModel train() {
        int threads = cfg.threads();
        int[] shards = shards(threads);
        Worker[] workers = new Worker[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Worker(t, shards[t], shards[t + 1]);
        }
        startNanos = System.nanoTime();
        lastReportNanos = startNanos;
        Parallel.forRange(threads, threads, 1, (from, to) -> {
            for (int t = from; t < to; t++) {
                workers[t].run();
            }
        });
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        if (cfg.listenerOrNull() != null) {
            reportLock.lock();
            try {
                report(System.nanoTime());
            } finally {
                reportLock.unlock();
            }
        }
        List<Double> losses = List.copyOf(epochLosses);
        TrainingStats stats = new TrainingStats(total, trained.sum(), seconds, total / seconds,
                losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1), losses);
        return new Word2VecModel(corpus.vocabulary(), dim, syn0, active, stats);
    }

    /** Splits the sequences into {@code threads} contiguous shards of about equal token counts. */
    private int[] shards(int threads) {
        int n = corpus.numSequences();
        int[] bounds = new int[threads + 1];
        int s = 0;
        for (int t = 1; t < threads; t++) {
            long target = perEpoch * t / threads;
            while (s < n && corpus.end(s) <= target) {
                s++;
            }
            bounds[t] = s;
        }
        bounds[threads] = n;
        return bounds;
    }

    private float learningRate(long doneTokens) {
        float a = startAlpha - (startAlpha - endAlpha) * (float) ((double) doneTokens / total);
        return Math.max(endAlpha, a);
    }

    private void maybeReport() {
        long now = System.nanoTime();
        long every = cfg.reportNanos();
        if (now - lastReportNanos < every || !reportLock.tryLock()) {
            return;
        }
        try {
            if (now - lastReportNanos >= every) {
                report(now);
            }
        } finally {
            reportLock.unlock();
        }
    }

    /** Calls the listener; the caller holds {@link #reportLock}. */
    private void report(long now) {
        lastReportNanos = now;
        long d = done.get();
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        double tps = d / seconds;
        double ls = lossSum.sum();
        long lp = lossPairs.sum();
        double loss = lp > reportedLossPairs ? (ls - reportedLossSum) / (lp - reportedLossPairs) : Double.NaN;
        reportedLossSum = ls;
        reportedLossPairs = lp;
        int epoch = (int) Math.min(cfg.epochs(), perEpoch == 0 ? cfg.epochs() : 1 + d / perEpoch);
        double eta = tps > 0 ? (total - d) / tps : Double.NaN;
        cfg.listenerOrNull().onProgress(new TrainingListener.Progress(epoch, cfg.epochs(), d, total, tps, loss,
                learningRate(d), eta, List.copyOf(epochLosses)));
    }

    /**
     * Adds one worker's loss and pairs of epoch {@code e}; the last worker to finish the epoch records its mean
     * loss (NaN if it trained no pair) and reports it to the listener at once.
     */
    private void epochDone(int e, double loss, long pairs) {
        boolean complete;
        synchronized (epochLock) {
            epochLossSum[e] += loss;
            epochPairs[e] += pairs;
            complete = ++workersDone[e] == cfg.threads();
            if (complete) {
                epochLosses.add(epochPairs[e] == 0 ? Double.NaN : epochLossSum[e] / epochPairs[e]);
            }
        }
        if (complete && cfg.listenerOrNull() != null && e < cfg.epochs() - 1) {   // the last epoch: the final report
            reportLock.lock();
            try {
                report(System.nanoTime());
            } finally {
                reportLock.unlock();
            }
        }
    }

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** SplitMix64's output function. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static float unitFloat(long r) {
        return (r >>> 40) * 0x1.0p-24f;
    }

    /** One training thread: its shard of sequences, its generator and buffers, and the hot loop. */
    private final class Worker {
        private final int fromSeq;
        private final int toSeq;
        private final int[] sen;
        private final float[] neu1;
        private final float[] neu1e;
        private final float[] in;      // scratch copy of the input row (skip-gram) — see Vectors.dotPrefix
        private final float[] row;     // scratch copy of the output row being trained
        // shared-negative skip-gram: scratch rows of the window's contexts and of the center + its negatives
        private final float[][] ctxRows;
        private final float[][] outRows;
        private final float[][] hsRows;  // the center's Huffman path rows of syn1
        private final int[] ctxIds;    // vocabulary index per scratch context row
        private final int[] ctxSlot;   // scratch row of each context position in window order
        private final int[] outIds;
        private final int[] outSlot;
        private long rng;
        private double loss;
        private long pairs;
        private float lr;

        Worker(int thread, int fromSeq, int toSeq) {
            this.fromSeq = fromSeq;
            this.toSeq = toSeq;
            int longest = 0;
            for (int s = fromSeq; s < toSeq; s++) {
                longest = Math.max(longest, corpus.length(s));
            }
            this.sen = new int[Math.min(MAX_SEQUENCE, longest)];
            this.neu1 = new float[dim];
            this.neu1e = new float[dim];
            this.in = new float[dim];
            this.row = new float[dim];
            int w2 = 2 * cfg.window();
            int o = cfg.negative() + 1;
            this.ctxRows = new float[w2][dim];
            this.outRows = new float[o][dim];
            this.hsRows = new float[maxCodeLength][dim];
            this.ctxIds = new int[w2];
            this.ctxSlot = new int[w2];
            this.outIds = new int[o];
            this.outSlot = new int[o];
            this.rng = mix(cfg.seed() + 0x632BE59BD9B4E019L * (thread + 1));
        }

        private long next() {
            long z = (rng += GOLDEN);
            return mix(z);
        }

        void run() {
            long pending = 0;
            long trainedHere = 0;
            double lossReported = 0;
            long pairsReported = 0;
            lr = learningRate(done.get());
            int epochs = cfg.epochs();
            for (int epoch = 0; epoch < epochs; epoch++) {
                double epochLoss0 = loss;
                long epochPairs0 = pairs;
                for (int s = fromSeq; s < toSeq; s++) {
                    int end = corpus.end(s);
                    for (int from = corpus.start(s); from < end; from += MAX_SEQUENCE) {
                        int to = Math.min(end, from + MAX_SEQUENCE);
                        int len = 0;
                        for (int p = from; p < to; p++) {
                            int t = tokens[p];
                            if (!active[t] || (keep != null && (next() >>> 32) >= keep[t])) {
                                continue;
                            }
                            sen[len++] = t;
                        }
                        if (len > 1) {
                            if (cfg.cbow()) {
                                cbow(len);
                            } else if (shared) {
                                skipGramShared(len);
                            } else {
                                skipGram(len);
                            }
                        }
                        trainedHere += len;
                        pending += to - from;
                        if (pending >= SYNC_TOKENS) {
                            lossSum.add(loss - lossReported);
                            lossPairs.add(pairs - pairsReported);
                            lossReported = loss;
                            pairsReported = pairs;
                            lr = learningRate(done.addAndGet(pending));
                            pending = 0;
                            if (cfg.listenerOrNull() != null) {
                                maybeReport();
                            }
                        }
                    }
                }
                epochDone(epoch, loss - epochLoss0, pairs - epochPairs0);
            }
            lossSum.add(loss - lossReported);
            lossPairs.add(pairs - pairsReported);
            done.addAndGet(pending);
            trained.add(trainedHere);
        }

        private int reducedWindow() {
            return cfg.window() - (int) (((next() >>> 32) * cfg.window()) >>> 32);
        }

        private void skipGram(int len) {
            int[] sen = this.sen;
            for (int i = 0; i < len; i++) {
                int word = sen[i];
                int b = reducedWindow();
                int lo = Math.max(0, i - b);
                int hi = Math.min(len - 1, i + b);
                for (int c = lo; c <= hi; c++) {
                    if (c != i) {
                        int l1 = sen[c] * dim;
                        System.arraycopy(syn0, l1, in, 0, dim);
                        trainPair(in, word);
                        Vectors.axpy(1f, neu1e, in, dim);
                        System.arraycopy(in, 0, syn0, l1, dim);
                    }
                }
            }
        }

        /**
         * Skip-gram trained per center on scratch rows: the window's context rows and the center's output rows
         * (its Huffman path in {@code syn1}, then the center and its negatives in {@code syn1neg}) are loaded once,
         * trained exactly in word2vec.c's order there (for each context: the Huffman nodes, then the positive,
         * then the negatives; the context's own update after its predictions) and written back. So each center
         * costs {@code 2·b + codeLength + negative + 1} row loads instead of {@code 2·b·(codeLength + negative +
         * 2)}. Hierarchical softmax alone is therefore exactly word2vec.c's algorithm; with negatives, they are
         * drawn once per center and shared among its context positions (as Intel's pWord2Vec). A row that
         * occurs twice (a repeated context, a negative drawn twice) shares one scratch row, so the updates stay
         * the sequential ones.
         */
        private void skipGramShared(int len) {
            final int[] sen = this.sen;
            final int dim = Trainer.this.dim;
            final float[] syn0 = Trainer.this.syn0;
            final float[] syn1neg = Trainer.this.syn1neg;
            final float[] syn1 = Trainer.this.syn1;
            final float[] neu1e = this.neu1e;
            final int negative = syn1neg == null ? 0 : cfg.negative();
            for (int i = 0; i < len; i++) {
                int word = sen[i];
                int b = reducedWindow();
                int lo = Math.max(0, i - b);
                int hi = Math.min(len - 1, i + b);
                int nc = 0;
                int rows = 0;
                for (int c = lo; c <= hi; c++) {
                    if (c != i) {
                        int t = sen[c];
                        int slot = 0;
                        while (slot < rows && ctxIds[slot] != t) {
                            slot++;
                        }
                        if (slot == rows) {
                            ctxIds[rows++] = t;
                            System.arraycopy(syn0, t * dim, ctxRows[slot], 0, dim);
                        }
                        ctxSlot[nc++] = slot;
                    }
                }
                if (nc == 0) {
                    continue;
                }
                int hsFrom = 0;
                int nh = 0;
                if (syn1 != null) {
                    hsFrom = codeOffsets[word];
                    nh = codeOffsets[word + 1] - hsFrom;
                    for (int h = 0; h < nh; h++) {
                        System.arraycopy(syn1, points[hsFrom + h] * dim, hsRows[h], 0, dim);
                    }
                }
                int no = 0;
                int outs = 0;
                if (syn1neg != null) {
                    no = 1;
                    outs = 1;
                    outIds[0] = word;
                    outSlot[0] = 0;
                    System.arraycopy(syn1neg, word * dim, outRows[0], 0, dim);
                    for (int d = 0; d < negative; d++) {
                        int t = sampler.sample(next());
                        if (t == word) {
                            continue;
                        }
                        int slot = 1;
                        while (slot < outs && outIds[slot] != t) {
                            slot++;
                        }
                        if (slot == outs) {
                            outIds[outs++] = t;
                            System.arraycopy(syn1neg, t * dim, outRows[slot], 0, dim);
                        }
                        outSlot[no++] = slot;
                    }
                }
                final float lr = this.lr;
                double l = 0;
                for (int k = 0; k < nc; k++) {
                    float[] in = ctxRows[ctxSlot[k]];
                    java.util.Arrays.fill(neu1e, 0f);
                    for (int h = 0; h < nh; h++) {
                        float[] out = hsRows[h];
                        float f = Vectors.dotPrefix(in, out, dim);
                        int code = codes[hsFrom + h];
                        if (f <= -MAX_EXP) {
                            l += code == 0 ? -f : 0;
                            continue;
                        }
                        if (f >= MAX_EXP) {
                            l += code == 0 ? 0 : f;
                            continue;
                        }
                        int idx = Math.min(EXP_TABLE_SIZE - 1, (int) ((f + MAX_EXP) * EXP_SCALE));
                        float g = (1 - code - SIGMOID[idx]) * lr;
                        l += code == 0 ? LOSS_POS[idx] : LOSS_NEG[idx];
                        Vectors.axpyPair(g, in, out, neu1e, dim);
                    }
                    for (int d = 0; d < no; d++) {
                        float[] out = outRows[outSlot[d]];
                        float f = Vectors.dotPrefix(in, out, dim);
                        if (saturatedRight(f, d == 0)) {
                            continue;
                        }
                        l += nsLoss(f, d == 0);
                        Vectors.axpyPair(nsStep(f, d == 0, lr), in, out, neu1e, dim);
                    }
                    Vectors.axpy(1f, neu1e, in, dim);
                }
                loss += l;
                pairs += nc;
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(ctxRows[r], 0, syn0, ctxIds[r] * dim, dim);
                }
                for (int h = 0; h < nh; h++) {
                    System.arraycopy(hsRows[h], 0, syn1, points[hsFrom + h] * dim, dim);
                }
                for (int r = 0; r < outs; r++) {
                    System.arraycopy(outRows[r], 0, syn1neg, outIds[r] * dim, dim);
                }
            }
        }

        private void cbow(int len) {
            int[] sen = this.sen;
            float[] neu1 = this.neu1;
            for (int i = 0; i < len; i++) {
                int word = sen[i];
                int b = reducedWindow();
                int lo = Math.max(0, i - b);
                int hi = Math.min(len - 1, i + b);
                java.util.Arrays.fill(neu1, 0f);
                int cw = 0;
                for (int c = lo; c <= hi; c++) {
                    if (c != i) {
                        Vectors.axpy(1f, syn0, sen[c] * dim, neu1, 0, dim);
                        cw++;
                    }
                }
                if (cw == 0) {
                    continue;
                }
                Vectors.scale(1f / cw, neu1, 0, dim);
                trainPair(neu1, word);
                for (int c = lo; c <= hi; c++) {
                    if (c != i) {
                        Vectors.axpy(1f, neu1e, 0, syn0, sen[c] * dim, dim);
                    }
                }
            }
        }

        /**
         * Trains the prediction of {@code word} from the input vector {@code in[0 .. dim)} (a scratch copy, not
         * modified): updates {@code syn1neg} / {@code syn1} and leaves the input's gradient in {@link #neu1e}.
         * Each output row is copied into {@link #row}, updated there with the offset-free kernels and copied
         * back, which is about twice as fast on JDK 17 as the slice kernels (see {@link Vectors#dotPrefix}).
         */
        private void trainPair(float[] in, int word) {
            final int dim = Trainer.this.dim;
            final float lr = this.lr;
            final float[] neu1e = this.neu1e;
            final float[] row = this.row;
            java.util.Arrays.fill(neu1e, 0f);
            double l = 0;
            if (syn1 != null) {
                float[] syn1 = Trainer.this.syn1;
                for (int p = codeOffsets[word], e = codeOffsets[word + 1]; p < e; p++) {
                    int l2 = points[p] * dim;
                    System.arraycopy(syn1, l2, row, 0, dim);
                    float f = Vectors.dotPrefix(in, row, dim);
                    int code = codes[p];
                    if (f <= -MAX_EXP) {
                        l += code == 0 ? -f : 0;
                        continue;
                    }
                    if (f >= MAX_EXP) {
                        l += code == 0 ? 0 : f;
                        continue;
                    }
                    int idx = Math.min(EXP_TABLE_SIZE - 1, (int) ((f + MAX_EXP) * EXP_SCALE));
                    float g = (1 - code - SIGMOID[idx]) * lr;
                    l += code == 0 ? LOSS_POS[idx] : LOSS_NEG[idx];
                    Vectors.axpyPair(g, in, row, neu1e, dim);
                    System.arraycopy(row, 0, syn1, l2, dim);
                }
            }
            if (syn1neg != null) {
                float[] syn1neg = Trainer.this.syn1neg;
                int negative = cfg.negative();
                for (int d = 0; d <= negative; d++) {
                    int target;
                    if (d == 0) {
                        target = word;
                    } else {
                        target = sampler.sample(next());
                        if (target == word) {
                            continue;
                        }
                    }
                    int l2 = target * dim;
                    System.arraycopy(syn1neg, l2, row, 0, dim);
                    float f = Vectors.dotPrefix(in, row, dim);
                    if (saturatedRight(f, d == 0)) {
                        continue; // g = 0
                    }
                    l += nsLoss(f, d == 0);
                    Vectors.axpyPair(nsStep(f, d == 0, lr), in, row, neu1e, dim);
                    System.arraycopy(row, 0, syn1neg, l2, dim);
                }
            }
            loss += l;
            pairs++;
        }
    }
}
