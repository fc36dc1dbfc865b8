package org.recsys4j.rank.seq;

import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;
import org.recsys4j.core.eval.RankingReport;
import org.recsys4j.core.util.Parallel;
import org.recsys4j.rank.nn.Grads;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/**
 * The training loop both sequential recommenders share.
 *
 * <p><b>Data.</b> Per user the training items in (timestamp, item) order. With validation, each user's last
 * training item is carved out as the validation target (never the test item) and the model trains on the
 * rest; validation NDCG@10 (full ranking over the catalogue minus the user's remaining training items, ties
 * against the model, {@link RankingEvaluator}) is measured after each epoch. Training rows: per user the most
 * recent {@code maxLength} next-item transitions (input = the previous items); with windows, the older
 * transitions too, in windows of {@code maxLength}.
 *
 * <p><b>Steps.</b> Rows are shuffled each epoch; a step takes {@code batchSize} rows, cut into a fixed number
 * of slices ({@value #SLICES}, whatever the thread count); each slice's rows are forwarded and
 * back-propagated into the slice's gradient, then one Adam step sums the slices in order. Each row's dropout
 * masks and negatives come from a generator seeded by (seed, epoch, row): the result is bit-identical for
 * any number of threads.
 */
final class SeqTrainer {
    static final int SLICES = 8;

    record Settings(SequenceLoss loss, int negatives, double calibration, double learningRate, double beta2,
                    int batchSize, int maxEpochs, int patience, double maxSeconds, long seed, int threads, boolean windows,
                    boolean validation, SequenceListener listener) {
    }

    private SeqTrainer() {
    }

    /** Per-user item sequences in (timestamp, item) order. */
    static int[][] sequences(Interactions log) {
        Interactions.Csr byUser = log.byUser();
        int[][] seqs = new int[byUser.rows()][];
        for (int u = 0; u < seqs.length; u++) {
            seqs[u] = byUser.othersOf(u);
        }
        return seqs;
    }

    /** Training rows: {user, start, n}: inputs {@code seq[start, start+n)}, targets shifted by one. */
    static int[][] rows(int[][] seqs, int maxLength, boolean windows) {
        List<int[]> rows = new ArrayList<>();
        for (int u = 0; u < seqs.length; u++) {
            int end = seqs[u].length - 1;   // transitions seq[j] -> seq[j+1], j < end
            while (end > 0) {
                int start = Math.max(0, end - maxLength);
                rows.add(new int[]{u, start, end - start});
                if (!windows) {
                    break;
                }
                end = start;
            }
        }
        return rows.toArray(new int[0][]);
    }

    /** Occurrences of each item in the sequences. */
    static long[] itemCounts(int[][] seqs, int numItems) {
        long[] counts = new long[numItems];
        for (int[] seq : seqs) {
            for (int it : seq) {
                counts[it]++;
            }
        }
        return counts;
    }

    static SequenceModel fit(Interactions train, SeqNet net, Settings s, LongFunction<org.recsys4j.core.data.ArtifactInfo> info) {
        long t0 = System.nanoTime();
        LeaveLastOutTask val = null;
        Interactions trainOn = train;
        if (s.validation()) {
            val = LeaveLastOutTask.of(train);
            if (val.numCases() == 0) {
                throw new IllegalArgumentException("train: no user has two or more interactions, so no validation item "
                        + "can be carved out (" + train.size() + " interactions); fit without validation");
            }
            trainOn = val.train();
        }
        int[][] seqs = sequences(trainOn);
        int[][] rows = rows(seqs, net.maxLength, s.windows());
        if (rows.length == 0) {
            throw new IllegalArgumentException("train: no user has a next-item transition to learn from ("
                    + train.size() + " interactions by " + train.activeUsers() + " users)");
        }
        long positions = 0;
        for (int[] r : rows) {
            positions += r[2];
        }
        SeqNet.Work[] work = new SeqNet.Work[SLICES];
        Grads[] grads = new Grads[SLICES];
        double[] sliceLoss = new double[SLICES];
        OutputLayer.Sampler sampler = s.loss() == SequenceLoss.LOGQ_SAMPLED_SOFTMAX
                ? new OutputLayer.Sampler(itemCounts(seqs, net.numItems), s.negatives()) : null;
        for (int k = 0; k < SLICES; k++) {
            work[k] = net.newWork(s.negatives());
            work[k].out.sampler = sampler;
            if (s.loss() == SequenceLoss.GBCE) {
                work[k].out.positiveWeight = OutputLayer.gbceBeta(s.negatives(), net.numItems, s.calibration());
            }
            grads[k] = net.params.newGrads();
        }
        SequenceModel probe = new SequenceModel(net, train.items(), info.apply(0), null, false);
        RankingEvaluator evaluator = RankingEvaluator.builder().withThreads(s.threads()).withCutoffs(10).build();
        SplittableRandom shuffle = new SplittableRandom(s.seed());
        int[] order = new int[rows.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        List<SequenceEpoch> history = new ArrayList<>();
        float[] best = null;
        double bestNdcg = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        int bad = 0;
        long step = 0;
        double stepSeconds = 0;
        String stop = "maxEpochs";
        final int[][] seqsF = seqs;
        try (Parallel.Team team = Parallel.team(s.threads())) {
            for (int epoch = 1; epoch <= s.maxEpochs(); epoch++) {
                long te = System.nanoTime();
                for (int k = order.length - 1; k > 0; k--) {
                    int j = shuffle.nextInt(k + 1);
                    int t = order[k];
                    order[k] = order[j];
                    order[j] = t;
                }
                double lossSum = 0;
                long epochSeed = mix(s.seed(), epoch);
                for (int b0 = 0; b0 < order.length; b0 += s.batchSize()) {
                    int b1 = Math.min(order.length, b0 + s.batchSize());
                    long n = 0;
                    for (int k = b0; k < b1; k++) {
                        n += rows[order[k]][2];
                    }
                    float norm = (float) (1.0 / n);
                    int from = b0;
                    int size = b1 - b0;
                    team.forRange(SLICES, 1, (sf, st) -> {
                        for (int sl = sf; sl < st; sl++) {
                            int lo = from + (int) ((long) size * sl / SLICES);
                            int hi = from + (int) ((long) size * (sl + 1) / SLICES);
                            double l = 0;
                            for (int k = lo; k < hi; k++) {
                                int[] r = rows[order[k]];
                                int[] seq = seqsF[r[0]];
                                SplittableRandom rnd = new SplittableRandom(mix(epochSeed, order[k]));
                                if (s.loss() == SequenceLoss.BCE) {
                                    work[sl].out.markSeen(seq);
                                }
                                l += net.train(work[sl], seq, r[1], r[2], s.loss(), s.negatives(), norm, rnd, grads[sl]);
                            }
                            net.flush(work[sl], grads[sl]);
                            sliceLoss[sl] = l;
                        }
                    });
                    for (int sl = 0; sl < SLICES; sl++) {
                        lossSum += sliceLoss[sl];
                    }
                    net.params.adamStep(grads, s.learningRate(), s.beta2(), ++step, team);
                    net.refresh();
                    if (!Double.isFinite(lossSum)) {
                        throw new IllegalStateException("the training loss is not finite (" + lossSum + ") at epoch "
                                + epoch + ": lower the learning rate (" + s.learningRate() + ")");
                    }
                }
                double es = (System.nanoTime() - te) / 1e9;
                stepSeconds += es;
                double hr = Double.NaN;
                double ndcg = Double.NaN;
                boolean improved = false;
                if (val != null) {
                    RankingReport rep = evaluator.topN(val, probe.userScorer(seqs));
                    hr = rep.hitRate(10);
                    ndcg = rep.ndcg(10);
                    if (ndcg > bestNdcg) {
                        bestNdcg = ndcg;
                        bestEpoch = epoch;
                        best = net.params.flatten();
                        improved = true;
                        bad = 0;
                    } else {
                        bad++;
                    }
                } else {
                    bestEpoch = epoch;
                }
                SequenceEpoch e = new SequenceEpoch(epoch, lossSum / positions, hr, ndcg, rows.length / es, improved);
                history.add(e);
                s.listener().onEpoch(e);
                if (val != null && bad >= s.patience()) {
                    stop = "patience";
                    break;
                }
                if (s.maxSeconds() > 0 && (System.nanoTime() - t0) / 1e9 > s.maxSeconds() && epoch < s.maxEpochs()) {
                    stop = "maxSeconds";
                    break;
                }
            }
        }
        if (best != null) {
            net.params.load(best);
            net.refresh();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        SequenceFit fit = new SequenceFit(bestEpoch, history, stop, rows.length, positions, seconds, stepSeconds,
                rows.length * (double) history.size() / stepSeconds);
        return new SequenceModel(net, train.items(), info.apply(bestEpoch), fit);
    }

    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
