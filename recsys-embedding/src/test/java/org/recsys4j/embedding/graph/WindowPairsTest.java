package org.recsys4j.embedding.graph;

import it.unimi.dsi.fastutil.longs.Long2DoubleMap;
import it.unimi.dsi.fastutil.longs.Long2DoubleMaps;
import it.unimi.dsi.fastutil.longs.Long2DoubleOpenHashMap;
import org.junit.jupiter.api.Test;
import org.recsys4j.embedding.seq.SequenceCorpus;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ItemGraph#sequenceBuilder}'s row-by-row pair counting ({@link WindowPairs}) gives exactly the graph of the
 * map of all pairs it replaced (kept here as {@link #reference}): same nodes, edges, float weights bit for bit and
 * frequencies, for every option combination and thread count, on generated corpora with planted clusters, hubs,
 * repeats within a window, sequences shorter than the window, one-item sequences and items under the support.
 */
class WindowPairsTest {
    private static final int[] WINDOWS = {1, 2, 3, 5, 40};
    private static final int[] SUPPORTS = {1, 2, 5, 60};

    @Test
    void sameGraphAsTheMapOfAllPairsForEveryOptionAndThreadCount() {
        int checked = 0;
        long edges = 0;
        for (int corpusCase = 0; corpusCase < 4; corpusCase++) {
            SequenceCorpus c = corpusCase == 3 ? edgeCases() : planted(corpusCase == 0 ? 30 : 1_500, 400, 11L + corpusCase,
                    corpusCase == 2);
            for (int window : WINDOWS) {
                for (boolean both : new boolean[] {false, true}) {
                    for (EdgeWeighting weighting : EdgeWeighting.values()) {
                        for (int support : SUPPORTS) {
                            ItemGraph expected = reference(c, window, both, weighting, support);
                            for (int threads : new int[] {1, 2, 3}) {
                                ItemGraph actual = ItemGraph.sequenceBuilder(c).withWindow(window).withBothDirections(both)
                                        .withWeighting(weighting).withMinSupport(support).withThreads(threads).build();
                                String what = "corpus " + corpusCase + ", window " + window + ", both " + both + ", "
                                        + weighting + ", support " + support + ", threads " + threads;
                                assertSame(expected, actual, what);
                                checked++;
                            }
                            edges += expected.numEdges();
                        }
                    }
                }
            }
        }
        assertEquals(4 * WINDOWS.length * 2 * 2 * SUPPORTS.length * 3, checked);
        assertTrue(edges > 100_000, "the corpora give graphs with edges to compare: " + edges);
    }

    @Test
    void aHubRowReadDenselyAndAShortRowSortedGiveTheSameAscendingTargets() {
        // item 0 co-occurs with every other item (a dense row, read in order), the rest with a few (sorted rows)
        int n = 3_000;
        SequenceCorpus.Builder b = SequenceCorpus.builder(GraphFixtures.vocab(n));
        Random r = new Random(3);
        for (int s = 0; s < 2_000; s++) {
            int[] seq = new int[6];
            for (int i = 0; i < seq.length; i++) {
                seq[i] = i == 2 ? 0 : 1 + r.nextInt(n - 1);
            }
            b.add(seq);
        }
        SequenceCorpus c = b.build();
        for (EdgeWeighting w : EdgeWeighting.values()) {
            ItemGraph expected = reference(c, 5, true, w, 1);
            ItemGraph actual = ItemGraph.sequenceBuilder(c).withWindow(5).withBothDirections(true).withWeighting(w)
                    .withThreads(2).build();
            assertTrue(expected.outDegree(0) * 16 >= n, "item 0 is a hub: " + expected.outDegree(0));
            assertSame(expected, actual, w.toString());
        }
    }

    /** Clusters of items liked together, a few blockbusters in every cluster, a long tail seen once or twice. */
    static SequenceCorpus planted(int n, int users, long seed, boolean repeats) {
        Random r = new Random(seed);
        int clusters = Math.max(2, n / 100);
        int hubs = Math.max(2, n / 200);
        SequenceCorpus.Builder b = SequenceCorpus.builder(GraphFixtures.vocab(n));
        for (int u = 0; u < users; u++) {
            int cluster = r.nextInt(clusters);
            int len = r.nextInt(10) == 0 ? 1 + r.nextInt(3) : 3 + r.nextInt(40);
            int[] seq = new int[len];
            for (int i = 0; i < len; i++) {
                double x = r.nextDouble();
                int item;
                if (x < 0.15) {
                    item = r.nextInt(hubs);
                } else if (x < 0.85) {
                    int size = (n - hubs) / clusters;
                    item = hubs + cluster * size + r.nextInt(Math.max(1, size / 4));
                } else {
                    item = hubs + r.nextInt(n - hubs);
                }
                seq[i] = repeats && i > 0 && r.nextInt(4) == 0 ? seq[i - 1 - r.nextInt(Math.min(i, 3))] : item;
            }
            b.add(seq);
        }
        return b.build();
    }

    /** Repeats within a window, sequences shorter than the window, one-item sequences, items below the support. */
    static SequenceCorpus edgeCases() {
        SequenceCorpus.Builder b = SequenceCorpus.builder(GraphFixtures.vocab(12));
        b.add(new int[] {0, 1, 0, 1, 0, 1, 0});
        b.add(new int[] {2, 2, 2, 2});
        b.add(new int[] {3});
        b.add(new int[] {4});
        b.add(new int[] {5, 6});
        b.add(new int[] {6, 5, 7, 5, 6, 0, 1, 2});
        b.add(new int[] {11, 0, 11, 1, 11});
        b.add(new int[] {});
        b.add(new int[] {8, 9, 10, 9, 8, 0, 0, 1, 1, 2, 2, 3});
        for (int i = 0; i < 6; i++) {
            b.add(new int[] {0, 1, 2, 3, 4, 5});
            b.add(new int[] {1});
        }
        return b.build();
    }

    static void assertSame(ItemGraph expected, ItemGraph actual, String what) {
        assertEquals(expected.numNodes(), actual.numNodes(), what);
        assertEquals(expected.numEdges(), actual.numEdges(), what);
        for (int u = 0; u < expected.numNodes(); u++) {
            assertArrayEquals(expected.neighbors(u), actual.neighbors(u), what + ", node " + u);
            assertArrayEquals(expected.neighborWeights(u), actual.neighborWeights(u), what + ", node " + u);
            assertEquals(Double.doubleToLongBits(expected.frequency(u)), Double.doubleToLongBits(actual.frequency(u)),
                    what + ", frequency of " + u);
        }
    }

    /** The algorithm {@link WindowPairs} replaced: every window pair counted in one map of all pairs. */
    static ItemGraph reference(SequenceCorpus corpus, int window, boolean both, EdgeWeighting weighting, int minSupport) {
        int n = corpus.vocabulary().size();
        int[] tokens = corpus.tokensView();
        int[] counts = corpus.tokenCounts();
        Long2DoubleOpenHashMap pairs = new Long2DoubleOpenHashMap();
        int[] kept = new int[16];
        for (int s = 0; s < corpus.numSequences(); s++) {
            int len = 0;
            for (int i = corpus.start(s); i < corpus.end(s); i++) {
                if (counts[tokens[i]] >= minSupport) {
                    if (len == kept.length) {
                        kept = Arrays.copyOf(kept, 2 * len);
                    }
                    kept[len++] = tokens[i];
                }
            }
            for (int i = 0; i < len; i++) {
                int a = kept[i];
                for (int j = i + 1, to = Math.min(len - 1, i + window); j <= to; j++) {
                    int b = kept[j];
                    if (a != b) {
                        pairs.addTo(key(a, b), 1);
                        if (both) {
                            pairs.addTo(key(b, a), 1);
                        }
                    }
                }
            }
        }
        if (weighting == EdgeWeighting.PPMI) {
            double[] out = new double[n];
            double[] in = new double[n];
            double total = 0;
            for (Long2DoubleMap.Entry e : Long2DoubleMaps.fastIterable(pairs)) {
                out[(int) (e.getLongKey() >>> 32)] += e.getDoubleValue();
                in[(int) e.getLongKey()] += e.getDoubleValue();
                total += e.getDoubleValue();
            }
            double smoothed = 0;
            for (int b = 0; b < n; b++) {
                in[b] = Math.pow(in[b], 0.75);
                smoothed += in[b];
            }
            var it = Long2DoubleMaps.fastIterator(pairs);
            while (it.hasNext()) {
                Long2DoubleMap.Entry e = it.next();
                int a = (int) (e.getLongKey() >>> 32);
                int b = (int) e.getLongKey();
                double pmi = Math.log(e.getDoubleValue() / total / ((out[a] / total) * (in[b] / smoothed)));
                if (pmi > 1e-6) {
                    e.setValue(pmi);
                } else {
                    it.remove();
                }
            }
        }
        long[] keys = pairs.keySet().toLongArray();
        Arrays.sort(keys);
        ItemGraph.Builder g = ItemGraph.builder(corpus.vocabulary());
        for (long k : keys) {
            // the map's double, rounded to float as the old graph stored it: the builder sums one value per edge
            g.addEdge((int) (k >>> 32), (int) k, (float) pairs.get(k));
        }
        for (int i = 0; i < n; i++) {
            g.withFrequency(i, counts[i] >= minSupport ? counts[i] : 0);
        }
        return g.build();
    }

    private static long key(int u, int v) {
        return ((long) u << 32) | v;
    }
}
