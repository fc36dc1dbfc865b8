package org.recsys4j.recall.index;

import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.vector.Vectors;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * The HNSW graph and its vectors, and how it is walked: the storage of the layers, the scores between rows and
 * queries, lock-free reads of neighbour lists, and the two layer searches (a greedy walk and the beam search)
 * that both queries ({@link HnswIndex}) and inserts ({@link HnswConstruction}) use. Building the graph belongs
 * to {@link HnswConstruction}, its file to {@link HnswFormat}.
 *
 * <p><b>Storage.</b> Vectors live in one row-major {@code float[]} (normalised for {@link Metric#COSINE});
 * layer-0 neighbour lists in one {@code int[]} of {@code n × (2M + 1)} (a count, then the rows); the lists of
 * the few upper-layer rows in one small {@code int[]} per row ({@code level × (M + 1)}: layer {@code l} at
 * {@code (l − 1)(M + 1)}). Mutable only while it is being built, then published through the final field of
 * an {@link HnswIndex}.
 */
final class HnswGraph {
    /** Node expansions of a layer search between two deadline checks (a power of two). */
    static final int CHECK_EVERY = 256;

    final Metric metric;
    final int dim;
    final int n;
    final int m;
    final int m0;
    final float[] data;
    final byte[] levels;
    final int[] links0;
    final int[][] upper;
    /**
     * For INNER_PRODUCT, {@code sqrt(max‖x‖² − ‖x‖²)} per row: the extra coordinate of the MIPS-to-L2
     * reduction (Bachrach et al., 2014), so the graph is built on a true metric; null otherwise.
     */
    final float[] extra;
    final boolean l2;
    int entry = -1;
    int maxLevel = -1;

    HnswGraph(Metric metric, int dim, int n, int m, float[] data) {
        this.metric = metric;
        this.dim = dim;
        this.n = n;
        this.m = m;
        this.m0 = 2 * m;
        this.data = data;
        this.levels = new byte[n];
        this.links0 = new int[n * (m0 + 1)];
        this.upper = new int[n][];
        this.l2 = metric == Metric.L2;
        if (metric == Metric.INNER_PRODUCT) {
            extra = new float[n];
            float max = 0;
            for (int r = 0; r < n; r++) {
                extra[r] = Vectors.dot(data, r * dim, data, r * dim, dim);
                max = Math.max(max, extra[r]);
            }
            for (int r = 0; r < n; r++) {
                extra[r] = (float) Math.sqrt(Math.max(0, max - extra[r]));
            }
        } else {
            extra = null;
        }
    }

    /** Gives row {@code row} its level and room for its upper-layer lists. */
    void setLevel(int row, int level) {
        levels[row] = (byte) level;
        if (level > 0) {
            upper[row] = new int[level * (m + 1)];
        }
    }

    /**
     * Returns the score of row {@code row} for {@code q}: a query ({@code self < 0}) or the vector of row
     * {@code self} being inserted (then, for INNER_PRODUCT, the product of the augmented vectors).
     */
    float score(float[] q, int self, int row) {
        if (l2) {
            return -Vectors.squaredDistance(q, 0, data, row * dim, dim);
        }
        float d = Vectors.dot(q, 0, data, row * dim, dim);
        return self >= 0 && extra != null ? d + extra[self] * extra[row] : d;
    }

    /** Returns the score between two rows (augmented for INNER_PRODUCT). */
    float score(int a, int b) {
        if (metric == Metric.L2) {
            return -Vectors.squaredDistance(data, a * dim, data, b * dim, dim);
        }
        float d = Vectors.dot(data, a * dim, data, b * dim, dim);
        return extra != null ? d + extra[a] * extra[b] : d;
    }

    /** Returns the array holding the list of {@code row} on {@code layer} (see {@link #offset}). */
    int[] lists(int row, int layer) {
        return layer == 0 ? links0 : upper[row];
    }

    /** Returns the position of the count of {@code row}'s list on {@code layer} in {@link #lists}. */
    int offset(int row, int layer) {
        return layer == 0 ? row * (m0 + 1) : (layer - 1) * (m + 1);
    }

    /** Returns the capacity of a list on {@code layer}: 2M on layer 0, M above. */
    int capacity(int layer) {
        return layer == 0 ? m0 : m;
    }

    /**
     * Copies the neighbours of {@code row} on {@code layer} into {@code out} and returns their number.
     * Reads take no lock, even during a parallel build: a list being rewritten by another thread may be read
     * half old, half new, or see a new count before the new row (a slot still 0): every slot holds a valid row
     * and the count is clamped to the capacity, and the searches skip a row whose level is below the layer,
     * so a racy read only costs a slightly different path (hnswlib locks here; the reads were the bottleneck).
     */
    int neighbours(int row, int layer, int[] out) {
        int[] a;
        int o;
        if (layer == 0) {
            a = links0;
            o = row * (m0 + 1);
        } else {
            a = upper[row];
            o = (layer - 1) * (m + 1);
        }
        int c = Math.min(a[o], out.length);
        System.arraycopy(a, o + 1, out, 0, c);
        return c;
    }

    /** Greedy walk on one layer from {@code start}; returns the packed (score, row) of the local best. */
    long greedy(float[] q, int self, int start, float startScore, int layer, Scratch s) {
        int cur = start;
        float curScore = startScore;
        boolean changed = true;
        while (changed) {
            changed = false;
            int c = neighbours(cur, layer, s.nbrs);
            for (int j = 0; j < c; j++) {
                int r = s.nbrs[j];
                if (levels[r] < layer) {
                    continue; // only possible for a racy read during a parallel build (see neighbours())
                }
                float sc = score(q, self, r);
                if (sc > curScore) {
                    curScore = sc;
                    cur = r;
                    changed = true;
                }
            }
        }
        return LongHeap.encode(curScore, cur);
    }

    /**
     * The beam search of one layer: returns the results heap (worst on top) of at most {@code ef} rows
     * that {@code ok} accepts (all if null); checks {@code deadline} (unless null, as in a build) every
     * {@link #CHECK_EVERY} expansions.
     */
    LongHeap searchLayer(float[] q, int self, int start, float startScore, int ef, int layer, IntPredicate ok, Scratch s,
                         Deadline deadline) {
        s.newVisit();
        int[] visited = s.visited;
        int gen = s.generation;
        LongHeap cand = s.candidates;
        LongHeap res = s.results;
        cand.clear();
        res.clear();
        visited[start] = gen;
        long startCode = LongHeap.encode(startScore, start);
        cand.push(~startCode);
        float bound = Float.NEGATIVE_INFINITY;
        if (ok == null || ok.test(start)) {
            res.push(startCode);
            bound = startScore;
        }
        int expanded = 0;
        while (!cand.isEmpty()) {
            long c = ~cand.pop();
            if (LongHeap.score(c) < bound && res.size() >= ef) {
                break;
            }
            if (deadline != null && (++expanded & (CHECK_EVERY - 1)) == 0) {
                deadline.check("hnsw search");
            }
            // read in place, without a lock (see neighbours(): racy reads during a parallel build are benign)
            int node = LongHeap.row(c);
            int[] a = layer == 0 ? links0 : upper[node];
            int o = layer == 0 ? node * (m0 + 1) : (layer - 1) * (m + 1);
            int end = o + 1 + Math.min(a[o], layer == 0 ? m0 : m);
            for (int j = o + 1; j < end; j++) {
                int r = a[j];
                if (visited[r] == gen || layer > 0 && levels[r] < layer) {
                    continue;
                }
                visited[r] = gen;
                float sc = score(q, self, r);
                if (res.size() < ef || sc > bound) {
                    long code = LongHeap.encode(sc, r);
                    cand.push(~code);
                    if (ok == null || ok.test(r)) {
                        res.push(code);
                        if (res.size() > ef) {
                            res.pop();
                        }
                        bound = LongHeap.score(res.peek());
                    }
                }
            }
        }
        return res;
    }

    /**
     * Per-thread search and insert state: visited stamps, the two heaps and small buffers, so a search allocates
     * only its result.
     */
    static final class Scratch {
        final int[] visited;
        int generation;
        final LongHeap candidates;
        final LongHeap results;
        final int[] nbrs;
        final float[] query;
        long[] sorted;
        final int[] selected;
        final long[] pruned;

        Scratch(int n, int m0, int ef, int dim) {
            visited = new int[n];
            candidates = new LongHeap(Math.max(64, ef * 2));
            results = new LongHeap(ef + 1);
            nbrs = new int[m0 + 1];
            query = new float[dim];
            sorted = new long[Math.max(ef, m0) + 1];
            selected = new int[m0 + 1];
            pruned = new long[Math.max(ef, m0) + 1];
        }

        void newVisit() {
            if (++generation == 0) {
                Arrays.fill(visited, 0);
                generation = 1;
            }
        }
    }
}
