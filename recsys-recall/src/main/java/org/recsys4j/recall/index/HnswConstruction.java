package org.recsys4j.recall.index;

import org.recsys4j.core.util.Parallel;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Builds an {@link HnswGraph}: draws the levels, inserts the rows (in parallel), selects and shrinks neighbour
 * lists by the paper's heuristic, and finally repairs reachability. One instance per build; the graph it
 * returns is not changed afterwards.
 *
 * <p><b>Levels.</b> Each row gets a level {@code ⌊−ln(U)·mL⌋} with {@code mL = 1/ln(M)}, drawn from the seed
 * before insertion starts (so they do not depend on the thread count).
 *
 * <p><b>Inserts.</b> Rows are inserted in parallel with one lock per row guarding the writes to its neighbour
 * lists, as hnswlib does (reads take no lock: see {@link HnswGraph#neighbours}); a row's own lists are written
 * on every layer before any row links to it. On one thread the graph is deterministic for a seed; on several it
 * depends on the interleaving.
 *
 * <p><b>Neighbour selection</b> (Malkov &amp; Yashunin, algorithm 4): a candidate is kept only if it is closer
 * to the base row than to every neighbour already kept; with {@code keepPruned}, the pruned candidates then fill
 * the remaining slots. A full list that gains a link is shrunk by the same heuristic.
 */
final class HnswConstruction {
    private final HnswGraph g;
    private final int efConstruction;
    private final boolean keepPruned;
    /** One lock per row guarding list writes while building on several threads; null on one thread. */
    private Object[] locks;

    private HnswConstruction(HnswGraph g, int efConstruction, boolean keepPruned) {
        this.g = g;
        this.efConstruction = efConstruction;
        this.keepPruned = keepPruned;
    }

    /**
     * Returns the graph over {@code data} ({@code n} rows of {@code dim}, already normalised for COSINE), built
     * on up to {@code threads} threads and made reachable ({@link #repairReachability}).
     */
    static HnswGraph build(Metric metric, int dim, int n, float[] data, int m, int efConstruction, boolean keepPruned,
                           int threads, long seed) {
        HnswGraph g = new HnswGraph(metric, dim, n, m, data);
        double mL = 1 / Math.log(m);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int r = 0; r < n; r++) {
            g.setLevel(r, (int) Math.min(100, Math.floor(-Math.log(1 - rnd.nextDouble()) * mL)));
        }
        if (n > 0) {
            g.entry = 0;
            g.maxLevel = g.levels[0];
            HnswConstruction c = new HnswConstruction(g, efConstruction, keepPruned);
            int t = Parallel.effectiveThreads(threads, n, 64);
            if (t > 1) {
                c.locks = new Object[n];
                for (int r = 0; r < n; r++) {
                    c.locks[r] = new Object();
                }
            }
            Object global = new Object();
            Parallel.forRange(n - 1, t, 64, () -> new HnswGraph.Scratch(n, g.m0, efConstruction, dim),
                    (s, from, to) -> {
                        for (int i = from; i < to; i++) {
                            c.insert(i + 1, global, s);
                        }
                    });
            c.locks = null;
            c.repairReachability();
        }
        return g;
    }

    /**
     * The neighbour-selection heuristic over {@code count} candidates sorted best first (packed scores to
     * the base row): keeps a candidate only if it is closer to the base than to every kept one; writes up to
     * {@code max} rows to {@code out} and returns their number.
     */
    private int select(long[] sorted, int count, int max, int[] out, HnswGraph.Scratch s) {
        if (count <= max) {
            for (int i = 0; i < count; i++) {
                out[i] = LongHeap.row(sorted[i]);
            }
            return count;
        }
        int kept = 0;
        int prunedCount = 0;
        for (int i = 0; i < count && kept < max; i++) {
            int r = LongHeap.row(sorted[i]);
            float toBase = LongHeap.score(sorted[i]);
            boolean good = true;
            for (int j = 0; j < kept; j++) {
                if (g.score(r, out[j]) > toBase) {
                    good = false;
                    break;
                }
            }
            if (good) {
                out[kept++] = r;
            } else if (keepPruned) {
                s.pruned[prunedCount++] = sorted[i];
            }
        }
        for (int i = 0; i < prunedCount && kept < max; i++) {
            out[kept++] = LongHeap.row(s.pruned[i]);
        }
        return kept;
    }

    /** Inserts row {@code row} (its level already drawn) into the graph. */
    private void insert(int row, Object globalLock, HnswGraph.Scratch s) {
        int level = g.levels[row];
        float[] q = s.query;
        System.arraycopy(g.data, row * g.dim, q, 0, g.dim);
        int ep;
        int top;
        synchronized (globalLock) {
            ep = g.entry;
            top = g.maxLevel;
        }
        linkLayers(row, level, ep, top, 0, s);
        // layers 0..done are linked; a row above the top becomes the entry point of its upper layers, unless
        // another thread raised the top meanwhile: then the layers between are linked from the new entry
        // first (otherwise the row would sit on them with an empty list, a dead end no search could leave)
        int done = top;
        while (level > done) {
            synchronized (globalLock) {
                if (g.maxLevel <= done) {
                    g.maxLevel = level;
                    g.entry = row;
                    return;
                }
                ep = g.entry;
                top = g.maxLevel;
            }
            linkLayers(row, level, ep, top, done + 1, s);
            done = Math.min(level, top);
        }
    }

    /**
     * Descends greedily from {@code ep} on layers {@code top} down to the row's level, then links the row on
     * layers {@code min(level, top)} down to {@code lowest}.
     */
    private void linkLayers(int row, int level, int ep, int top, int lowest, HnswGraph.Scratch s) {
        float[] q = s.query;
        int cur = ep;
        float curScore = g.score(q, row, cur);
        for (int layer = top; layer > level; layer--) {
            long best = g.greedy(q, row, cur, curScore, layer, s);
            cur = LongHeap.row(best);
            curScore = LongHeap.score(best);
        }
        int[] sel = s.selected;
        // the row's own lists are written on every layer before any row links to it: until then no other
        // inserting thread can reach it, so none can descend into a layer of it not written yet, link to it
        // there and have that link overwritten (on one thread the order makes no difference: each layer's
        // links are independent of the others')
        int highest = Math.min(level, top);
        int[][] chosenOn = new int[highest + 1][];
        for (int layer = highest; layer >= lowest; layer--) {
            LongHeap res = g.searchLayer(q, row, cur, curScore, efConstruction, layer, null, s, null);
            int count = res.size();
            if (s.sorted.length < count + 1) {
                s.sorted = new long[count + 1];
            }
            long[] sorted = s.sorted;
            for (int i = count - 1; i >= 0; i--) {
                sorted[i] = res.pop();
            }
            cur = LongHeap.row(sorted[0]);
            curScore = LongHeap.score(sorted[0]);
            int kept = select(sorted, count, g.m, sel, s);
            // the selection is copied because connecting may reuse the scratch buffers
            int[] chosen = Arrays.copyOf(sel, kept);
            setNeighbours(row, layer, chosen, kept);
            chosenOn[layer] = chosen;
        }
        for (int layer = highest; layer >= lowest; layer--) {
            for (int r : chosenOn[layer]) {
                connect(r, row, layer, s);
            }
        }
    }

    private void setNeighbours(int row, int layer, int[] rows, int count) {
        Object[] l = locks;
        if (l != null) {
            synchronized (l[row]) {
                writeNeighbours(row, layer, rows, count);
            }
        } else {
            writeNeighbours(row, layer, rows, count);
        }
    }

    private void writeNeighbours(int row, int layer, int[] rows, int count) {
        int[] a = g.lists(row, layer);
        int o = g.offset(row, layer);
        System.arraycopy(rows, 0, a, o + 1, count);
        a[o] = count;
    }

    /** Adds {@code added} to the neighbours of {@code row} on {@code layer}, shrinking by the heuristic when full. */
    private void connect(int row, int added, int layer, HnswGraph.Scratch s) {
        Object[] l = locks;
        if (l != null) {
            synchronized (l[row]) {
                connectLocked(row, added, layer, s);
            }
        } else {
            connectLocked(row, added, layer, s);
        }
    }

    private void connectLocked(int row, int added, int layer, HnswGraph.Scratch s) {
        int[] a = g.lists(row, layer);
        int o = g.offset(row, layer);
        int max = g.capacity(layer);
        int c = a[o];
        for (int j = 1; j <= c; j++) {
            if (a[o + j] == added) {
                return;
            }
        }
        if (c < max) {
            a[o + 1 + c] = added;
            a[o] = c + 1;
            return;
        }
        long[] sorted = s.sorted;
        for (int j = 0; j < c; j++) {
            int r = a[o + 1 + j];
            sorted[j] = LongHeap.encode(g.score(row, r), r);
        }
        sorted[c] = LongHeap.encode(g.score(row, added), added);
        Arrays.sort(sorted, 0, c + 1);
        for (int i = 0, j = c; i < j; i++, j--) {
            long t = sorted[i];
            sorted[i] = sorted[j];
            sorted[j] = t;
        }
        int kept = select(sorted, c + 1, max, s.selected, s);
        System.arraycopy(s.selected, 0, a, o + 1, kept);
        a[o] = kept;
    }

    /**
     * Makes every row reachable from the entry point on every layer it is on, and returns the number of links
     * added. The neighbour heuristic can drop a row from every list that held it (more often when rows are
     * inserted in parallel: two close rows inserted at once do not see each other, and the one dropped from a
     * shared neighbour's list has no link from the other; and whenever many rows are identical, e.g. the zero
     * vectors of items an ALS model never saw); such a row could never be returned by a search.
     *
     * <p>A breadth-first search from the entry point numbers the rows it reaches in the order it finds them.
     * Each unreachable row (lowest first) then gets a link from a reachable row of its own list (the first with a
     * free slot or a safe slot, else the entry point): a free slot, or else a <em>safe</em> one — a link to a row
     * that another row found before it also links to, so that row stays reachable (that other row's path from
     * the entry point only passes rows found earlier still). The search then continues from the newly linked row.
     * So the repair costs about one search of each layer and never makes another row unreachable; in the rare
     * case where no safe slot exists the farthest link is replaced and the layer is searched again (at most 8
     * times). Deterministic; a graph with no unreachable row is left unchanged.
     */
    private int repairReachability() {
        int n = g.n;
        if (n < 2) {
            return 0;
        }
        int added = 0;
        int[] order = new int[n];      // the rank in which the search found a row, -1 if unreached
        int[] earlyIn = new int[n];    // links to a row from rows found before it
        int[] queue = new int[n];
        int[] nb = new int[g.m0];
        for (int layer = g.maxLevel; layer >= 0; layer--) {
            int onLayer = 0;
            for (int r = 0; r < n; r++) {
                onLayer += g.levels[r] >= layer ? 1 : 0;
            }
            for (int pass = 0; pass < 8; pass++) {
                Arrays.fill(order, -1);
                Arrays.fill(earlyIn, 0);
                int found = spread(g.entry, 0, layer, order, earlyIn, queue, nb);
                if (found == onLayer) {
                    break;
                }
                for (int lost = 0; lost < n; lost++) {
                    if (g.levels[lost] < layer || order[lost] >= 0) {
                        continue;
                    }
                    int target = -1;
                    int slot = -1;
                    int c = g.neighbours(lost, layer, nb);
                    for (int j = 0; j < c && slot < 0; j++) {
                        if (order[nb[j]] >= 0) {
                            slot = slotFor(nb[j], layer, order, earlyIn);
                            target = nb[j];
                        }
                    }
                    if (slot < 0) {
                        target = g.entry;
                        slot = slotFor(g.entry, layer, order, earlyIn);
                    }
                    if (slot < 0) {
                        // the nearest reachable row with a free slot (a scan of the layer; rare)
                        float best = Float.NEGATIVE_INFINITY;
                        for (int r = 0; r < n; r++) {
                            if (order[r] >= 0 && listSize(r, layer) < g.capacity(layer)) {
                                float sc = g.score(lost, r);
                                if (slot < 0 || sc > best) {
                                    best = sc;
                                    target = r;
                                    slot = listSize(r, layer);
                                }
                            }
                        }
                    }
                    if (slot < 0) {
                        slot = farthestSlot(target, layer);
                    }
                    int[] a = g.lists(target, layer);
                    int o = g.offset(target, layer);
                    if (slot < a[o]) {
                        int replaced = a[o + 1 + slot];
                        if (order[replaced] > order[target]) {
                            earlyIn[replaced]--;
                        }
                    } else {
                        a[o] = slot + 1;
                    }
                    a[o + 1 + slot] = lost;
                    earlyIn[lost]++;
                    added++;
                    found = spread(lost, found, layer, order, earlyIn, queue, nb);
                }
            }
        }
        return added;
    }

    /**
     * Returns a slot of {@code target}'s list on {@code layer} a new link can take without making a row
     * unreachable: a free one, else the farthest link to a row that a row found before it also links to; -1 if
     * none.
     */
    private int slotFor(int target, int layer, int[] order, int[] earlyIn) {
        int[] a = g.lists(target, layer);
        int o = g.offset(target, layer);
        int count = a[o];
        if (count < g.capacity(layer)) {
            return count;
        }
        int slot = -1;
        float worst = Float.POSITIVE_INFINITY;
        for (int j = 0; j < count; j++) {
            int y = a[o + 1 + j];
            // earlyIn[y] counts target's own link when target was found first: another early link is needed
            int others = earlyIn[y] - (order[target] < order[y] ? 1 : 0);
            float sc = g.score(target, y);
            if (others >= 1 && (slot < 0 || sc < worst)) {
                worst = sc;
                slot = j;
            }
        }
        return slot;
    }

    private int listSize(int row, int layer) {
        return g.lists(row, layer)[g.offset(row, layer)];
    }

    /** Returns the slot of the link of {@code target} on {@code layer} farthest from it (its list is full). */
    private int farthestSlot(int target, int layer) {
        int[] a = g.lists(target, layer);
        int o = g.offset(target, layer);
        int slot = 0;
        float worst = Float.POSITIVE_INFINITY;
        for (int j = 0; j < a[o]; j++) {
            float sc = g.score(target, a[o + 1 + j]);
            if (sc < worst) {
                worst = sc;
                slot = j;
            }
        }
        return slot;
    }

    /**
     * Breadth-first from {@code start} (not yet found) on {@code layer}: numbers the rows it finds from
     * {@code found} on, counts in {@code earlyIn} each link from a row found before the row it points to, and
     * returns the number of rows found so far.
     */
    private int spread(int start, int found, int layer, int[] order, int[] earlyIn, int[] queue, int[] nb) {
        int head = 0;
        int tail = 0;
        order[start] = found++;
        queue[tail++] = start;
        while (head < tail) {
            int r = queue[head++];
            int c = g.neighbours(r, layer, nb);
            for (int j = 0; j < c; j++) {
                int x = nb[j];
                if (order[x] < 0) {
                    order[x] = found++;
                    queue[tail++] = x;
                }
                if (order[r] < order[x]) {
                    earlyIn[x]++;
                }
            }
        }
        return found;
    }
}
