package org.recsys4j.embedding.graph;

import org.recsys4j.core.util.Parallel;
import org.recsys4j.embedding.seq.SequenceCorpus;

import java.util.Arrays;

/**
 * Counts the window pairs of {@link ItemGraph.SequenceBuilder} source item by source item, holding only the graph:
 * the corpus's kept tokens (items under the minimum support removed) are laid out once with a separator between
 * sequences, an index lists each item's positions (CSR over the items), and each source's row is counted in a dense
 * scratch row over the windows of its occurrences (only the touched targets are read back and reset), weighted and
 * written as one CSR row. No map of all pairs is built: besides the graph it holds two {@code int}s per kept token.
 *
 * <p>Sources are split into blocks of {@value #BLOCK} consecutive items, counted on up to {@code threads} threads;
 * each block's row only depends on the corpus and the PPMI marginals (exact integer sums computed in one sequential
 * pass), and blocks are joined in source order, so the graph is the same for every thread count.
 */
final class WindowPairs {
    /** Source items per block of work. */
    static final int BLOCK = 256;
    private static final int SEPARATOR = -1;

    /** The CSR arrays of the built graph. */
    static final class Csr {
        final int[] offsets;
        final int[] targets;
        final float[] weights;

        Csr(int[] offsets, int[] targets, float[] weights) {
            this.offsets = offsets;
            this.targets = targets;
            this.weights = weights;
        }
    }

    private WindowPairs() {
    }

    /**
     * Returns the graph's CSR: an edge {@code a -> b} for every {@code b != a} at most {@code window} kept positions
     * after {@code a} in a sequence (and before it, if {@code both}), weighted by the count or its PPMI.
     */
    static Csr count(SequenceCorpus corpus, int window, boolean both, EdgeWeighting weighting, int minSupport,
            int threads) {
        int n = corpus.vocabulary().size();
        int[] tokens = corpus.tokensView();
        int[] counts = corpus.tokenCounts();
        int sequences = corpus.numSequences();
        long keptTokens = 0;
        for (int t = 0; t < n; t++) {
            if (counts[t] >= minSupport) {
                keptTokens += counts[t];
            }
        }
        long size = keptTokens + sequences + 1L;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("corpus: " + keptTokens + " kept tokens in " + sequences
                    + " sequences exceed what a pair count holds");
        }
        // the kept tokens, each sequence followed by a separator, one separator in front: windows stop at them
        int[] seq = new int[(int) size];
        int[] occStart = new int[n + 1];
        int p = 0;
        seq[p++] = SEPARATOR;
        for (int s = 0; s < sequences; s++) {
            for (int i = corpus.start(s), end = corpus.end(s); i < end; i++) {
                int t = tokens[i];
                if (counts[t] >= minSupport) {
                    seq[p++] = t;
                    occStart[t + 1]++;
                }
            }
            seq[p++] = SEPARATOR;
        }
        for (int t = 0; t < n; t++) {
            occStart[t + 1] += occStart[t];
        }
        int[] occ = new int[(int) keptTokens];
        int[] next = Arrays.copyOf(occStart, n);
        for (int i = 0; i < seq.length; i++) {
            if (seq[i] >= 0) {
                occ[next[seq[i]]++] = i;
            }
        }
        next = null;

        boolean ppmi = weighting == EdgeWeighting.PPMI;
        double[] out = null;
        double[] in = null;
        double total = 0;
        double smoothed = 0;
        if (ppmi) {
            // the marginals of the pair counts: exact integers, so the same whatever order they are summed in
            long[] outCount = new long[n];
            long[] inCount = new long[n];
            long pairs = 0;
            for (int i = 1; i < seq.length; i++) {
                int a = seq[i];
                if (a < 0) {
                    continue;
                }
                for (int j = i + 1; j - i <= window && seq[j] >= 0; j++) {
                    int b = seq[j];
                    if (a != b) {
                        outCount[a]++;
                        inCount[b]++;
                        pairs++;
                        if (both) {
                            outCount[b]++;
                            inCount[a]++;
                            pairs++;
                        }
                    }
                }
            }
            out = new double[n];
            in = new double[n];
            for (int t = 0; t < n; t++) {
                out[t] = outCount[t];
                in[t] = Math.pow(inCount[t], 0.75);
                smoothed += in[t];
            }
            total = pairs;
        }
        final double[] outW = out;
        final double[] inW = in;
        final double t = total;
        final double z = smoothed;

        int[] offsets = new int[n + 1];
        int blocks = (n + BLOCK - 1) / BLOCK;
        int[][] blockTargets = new int[blocks][];
        float[][] blockWeights = new float[blocks][];
        // one block per chunk (a worker alone runs every block in one call)
        Parallel.forRange(blocks, threads, 1, () -> new Scratch(n), (sc, fromBlock, toBlock) -> {
            for (int block = fromBlock; block < toBlock; block++) {
                countBlock(sc, block, n, occStart, occ, seq, window, both, ppmi, outW, inW, t, z, offsets,
                        blockTargets, blockWeights);
            }
        });
        long edges = 0;
        for (int[] b : blockTargets) {
            edges += b.length;
        }
        if (edges > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("corpus: its " + edges + " edges exceed what a graph holds");
        }
        for (int u = 0; u < n; u++) {
            offsets[u + 1] += offsets[u];
        }
        int[] targets = new int[(int) edges];
        float[] weights = new float[(int) edges];
        int pos = 0;
        for (int b = 0; b < blocks; b++) {
            int len = blockTargets[b].length;
            System.arraycopy(blockTargets[b], 0, targets, pos, len);
            System.arraycopy(blockWeights[b], 0, weights, pos, len);
            blockTargets[b] = null;
            blockWeights[b] = null;
            pos += len;
        }
        return new Csr(offsets, targets, weights);
    }

    /** Counts, weights and writes the rows of the sources of block {@code block}. */
    private static void countBlock(Scratch sc, int block, int n, int[] occStart, int[] occ, int[] seq, int window,
            boolean both, boolean ppmi, double[] outW, double[] inW, double t, double z, int[] offsets,
            int[][] blockTargets, float[][] blockWeights) {
        int from = block * BLOCK;
        int to = Math.min(n, from + BLOCK);
        int e = 0;
        for (int a = from; a < to; a++) {
            int k = 0;
            int[] cnt = sc.count;
            int[] touched = sc.touched;
            for (int o = occStart[a]; o < occStart[a + 1]; o++) {
                int at = occ[o];
                for (int j = at + 1; j - at <= window && seq[j] >= 0; j++) {
                    int b = seq[j];
                    if (b != a && cnt[b]++ == 0) {
                        touched[k++] = b;
                    }
                }
                if (both) {
                    for (int j = at - 1; at - j <= window && seq[j] >= 0; j--) {
                        int b = seq[j];
                        if (b != a && cnt[b]++ == 0) {
                            touched[k++] = b;
                        }
                    }
                }
            }
            if (k == 0) {
                continue;
            }
            sc.ensure(e + k);
            int before = e;
            if ((long) k * 16 < n) {
                Arrays.sort(touched, 0, k);
                for (int i = 0; i < k; i++) {
                    e = emit(sc, e, a, touched[i], ppmi, outW, inW, t, z);
                }
            } else {
                // a hub: reading the dense row in order is cheaper than sorting its targets
                for (int b = 0; b < n && k > 0; b++) {
                    if (cnt[b] > 0) {
                        e = emit(sc, e, a, b, ppmi, outW, inW, t, z);
                        k--;
                    }
                }
            }
            offsets[a + 1] = e - before;
        }
        blockTargets[block] = Arrays.copyOf(sc.targets, e);
        blockWeights[block] = Arrays.copyOf(sc.weights, e);
    }

    /** Writes the edge {@code a -> b} of count {@code cnt[b]} (resetting it) if its weight is kept; returns the end. */
    private static int emit(Scratch sc, int e, int a, int b, boolean ppmi, double[] out, double[] in, double t,
            double z) {
        int c = sc.count[b];
        sc.count[b] = 0;
        if (!ppmi) {
            sc.targets[e] = b;
            sc.weights[e] = c;
            return e + 1;
        }
        // log(P(a, b) / (P(a) · P_0.75(b))) with P(a, b) = c / t, P(a) = out(a) / t, P_0.75(b) = in(b)^0.75 / z
        double pmi = Math.log(c / t / ((out[a] / t) * (in[b] / z)));
        if (pmi > 1e-6) {
            sc.targets[e] = b;
            sc.weights[e] = (float) pmi;
            return e + 1;
        }
        return e;
    }

    /** One worker's dense row, its touched list and its block's output, grown on demand. */
    private static final class Scratch {
        final int[] count;
        final int[] touched;
        int[] targets = new int[1024];
        float[] weights = new float[1024];

        Scratch(int n) {
            count = new int[n];
            touched = new int[n];
        }

        void ensure(int edges) {
            if (targets.length < edges) {
                int c = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(edges, 2L * targets.length));
                targets = Arrays.copyOf(targets, c);
                weights = Arrays.copyOf(weights, c);
            }
        }
    }
}
