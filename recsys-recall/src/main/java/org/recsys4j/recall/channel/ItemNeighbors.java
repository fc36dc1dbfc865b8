package org.recsys4j.recall.channel;

import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.Fingerprints;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.IdMapping;
import org.recsys4j.core.data.IdMatch;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.util.IntDoubleTopK;
import org.recsys4j.core.util.Parallel;
import org.recsys4j.recall.index.IndexFile;
import org.recsys4j.recall.index.Neighbors;
import org.recsys4j.recall.index.VectorIndex;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A precomputed table of each item's top-{@code M} neighbours with their weights (best first, ties to
 * the lower item index), the input of the item-to-item channels ({@link NeighborChannel}). Immutable
 * and thread-safe.
 *
 * <p>Built from co-occurrence ({@link #builder(Interactions)}): two items co-occur once for every user who
 * interacted with both (each user counted once per pair, whatever their number of interactions with
 * them); {@link Similarity#COUNT} weighs a neighbour by that count {@code c(i, j)},
 * {@link Similarity#COSINE} by {@code c(i, j) / sqrt(n_i · n_j)} where {@code n_i} is the number of
 * distinct users of item {@code i} (with a per-user cap, the users whose kept items include it). Or from a
 * {@link VectorIndex} ({@link #builder(VectorIndex, EmbeddingTable, IdIndex)}): each item's nearest items in
 * embedding space, weighted by the index score.
 *
 * <pre>{@code
 * ItemNeighbors cf = ItemNeighbors.builder(liked).withNeighbors(50).withSimilarity(ItemNeighbors.Similarity.COSINE)
 *         .build();
 * int[] similar = cf.neighbors(item);
 * ItemNeighbors near = ItemNeighbors.builder(index, vectors, catalog.items()).withNeighbors(20).build();
 * }</pre>
 *
 * <p>A table knows the item ids of its lists ({@link #items()}) and its {@link ArtifactInfo} (how it was
 * built, from which data or vectors, and its fingerprints), and saves both. Neighbours are dense indices of
 * those ids, so a saved table is read back against the items a program uses now with
 * {@link #read(Path, IdIndex, IdMatch)}: fitted by id (an item added since gets an empty list, counted by
 * {@link #missingItems()}) or refused with both ids fingerprints, never read as the lists of other items.
 */
public final class ItemNeighbors {
    /** How co-occurrence counts become neighbour weights. */
    public enum Similarity {
        /** The number of users who interacted with both items. */
        COUNT,
        /** The count divided by the geometric mean of the two items' user counts. */
        COSINE
    }

    /** The default number of neighbours kept per item. */
    public static final int DEFAULT_NEIGHBORS = 50;
    /** The default similarity of co-occurring items. */
    public static final Similarity DEFAULT_SIMILARITY = Similarity.COSINE;
    /** The default number of most recent distinct items counted per user: all of them. */
    public static final int DEFAULT_MAX_ITEMS_PER_USER = Integer.MAX_VALUE;
    /**
     * The default number of threads of a build: all available processors, since the table does not depend on
     * the thread count (each item's list is computed on its own).
     */
    public static final int DEFAULT_THREADS = Parallel.availableThreads();

    private final int[] offsets;
    private final int[] items;
    private final float[] weights;
    private final IdIndex itemIds;          // null: read from a version-1 file, which records no ids
    private final ArtifactInfo provenance;
    private final int missingItems;
    private final int droppedNeighbors;
    private volatile ArtifactInfo info;

    private ItemNeighbors(int[] offsets, int[] items, float[] weights, IdIndex itemIds, ArtifactInfo provenance,
                          ArtifactInfo info, int missingItems, int droppedNeighbors) {
        this.offsets = offsets;
        this.items = items;
        this.weights = weights;
        this.itemIds = itemIds;
        this.provenance = provenance;
        this.info = info;
        this.missingItems = missingItems;
        this.droppedNeighbors = droppedNeighbors;
    }

    /**
     * Returns a builder of the co-occurrence table of an interaction log; the options start at the
     * {@code DEFAULT_*} values. The log is checked by {@link CoOccurrenceBuilder#build()}.
     *
     * @param log the interactions (filter them first to keep only positive ones, e.g. ratings of at least 4);
     *            values and timestamps are ignored
     * @return the builder
     */
    public static CoOccurrenceBuilder builder(Interactions log) {
        return new CoOccurrenceBuilder(log);
    }

    /**
     * Returns a builder of the table of each item's nearest items in an index, by the index's score (higher is
     * better). Index rows are matched to items by external id ({@code items.indexOf(index.ids().id(row))});
     * items without a vector have no neighbours. The arguments are checked by {@link IndexBuilder#build()}.
     *
     * @param index   the index, built over {@code vectors}
     * @param vectors the vectors the index was built from (one row per index row)
     * @param items   the item ids the pipeline uses (e.g. the catalogue's)
     * @return the builder
     */
    public static IndexBuilder builder(VectorIndex index, EmbeddingTable vectors, IdIndex items) {
        return new IndexBuilder(index, vectors, items);
    }

    private static ItemNeighbors coOccurrence(Interactions log, int m, Similarity similarity, int maxItemsPerUser,
                                              int threads) {
        int numItems = log.numItems();
        int[][] itemsOf = recentDistinct(log.byUser(), log.numUsers(), maxItemsPerUser);
        int[][] usersOf = invert(itemsOf, numItems);
        int[][] nbItems = new int[numItems][];
        float[][] nbWeights = new float[numItems][];
        Parallel.forRange(numItems, threads, 64, () -> new int[][] {new int[numItems], new int[numItems]},
                (scratch, from, to) -> {
            int[] count = scratch[0];
            int[] touched = scratch[1];
            IntDoubleTopK top = new IntDoubleTopK(m);
            for (int i = from; i < to; i++) {
                int nt = 0;
                for (int u : usersOf[i]) {
                    for (int j : itemsOf[u]) {
                        if (j != i && count[j]++ == 0) {
                            touched[nt++] = j;
                        }
                    }
                }
                for (int t = 0; t < nt; t++) {
                    int j = touched[t];
                    double w = similarity == Similarity.COUNT ? count[j]
                            : count[j] / Math.sqrt((double) usersOf[i].length * usersOf[j].length);
                    top.offer(j, w);
                    count[j] = 0;
                }
                int n = top.size();
                int[] ids = new int[n];
                double[] s = new double[n];
                top.drain(ids, s);
                nbItems[i] = ids;
                nbWeights[i] = toFloats(s);
            }
        });
        ArtifactInfo provenance = ArtifactInfo.builder(ArtifactInfo.ITEM_NEIGHBORS).withProducer(
                        ItemNeighbors.class.getName()).withSetting("source", "co-occurrence").withSetting("neighbors", m)
                .withSetting("similarity", similarity).withSetting("maxItemsPerUser", maxItemsPerUser)
                .withInput("data", Fingerprints.interactions(log)).build();
        return pack(nbItems, nbWeights, log.items(), provenance);
    }

    private static ItemNeighbors fromIndex(VectorIndex index, EmbeddingTable vectors, IdIndex items, int m,
                                           int threads) {
        if (vectors.size() != index.size() || vectors.dim() != index.dim() || !vectors.ids().equals(index.ids())) {
            throw new IllegalArgumentException("vectors: " + vectors.size() + " × " + vectors.dim()
                    + " with other ids than the index's " + index.size() + " × " + index.dim());
        }
        String built = index.info().input("vectors").orElse(null);
        String given = vectors.info().contentFingerprint().orElseThrow();
        if (built != null && !built.equals(given)) {
            throw new IllegalArgumentException("vectors: content fingerprint " + Fingerprints.abbreviate(given)
                    + ", but the index was built from vectors " + Fingerprints.abbreviate(built)
                    + ": pass the table the index was built from, or rebuild the index");
        }
        IdMapping map = IdMapping.of(index.ids(), items);
        int numItems = items.size();
        int[][] nbItems = new int[numItems][];
        float[][] nbWeights = new float[numItems][];
        Parallel.forRange(index.size(), threads, 16, () -> new float[index.dim()], (q, from, to) -> {
            for (int r = from; r < to; r++) {
                int item = map.targetAt(r);
                if (item < 0) {
                    continue;
                }
                vectors.row(r, q);
                int self = r;
                Neighbors nb = index.search(q, Math.min(m, Math.max(1, index.size() - 1)),
                        row -> row != self && map.targetAt(row) >= 0);
                int[] ids = new int[nb.size()];
                for (int p = 0; p < ids.length; p++) {
                    ids[p] = map.targetAt(nb.rows()[p]);
                }
                nbItems[item] = ids;
                nbWeights[item] = nb.scores().clone();
            }
        });
        ArtifactInfo.Builder b = ArtifactInfo.builder(ArtifactInfo.ITEM_NEIGHBORS).withProducer(
                ItemNeighbors.class.getName()).withSetting("source", "index").withSetting("neighbors", m)
                .withSetting("index", index.info().kind()).withInput("vectors", given);
        index.info().contentFingerprint().ifPresent(fp -> b.withInput("index", fp));
        return pack(nbItems, nbWeights, items, b.build());
    }

    /** Returns each row's distinct others, at most {@code cap} of them, the latest first kept; sorted. */
    private static int[][] recentDistinct(Interactions.Csr csr, int rows, int cap) {
        int[][] out = new int[rows][];
        it.unimi.dsi.fastutil.ints.IntOpenHashSet seen = new it.unimi.dsi.fastutil.ints.IntOpenHashSet();
        for (int r = 0; r < rows; r++) {
            seen.clear();
            int[] o = new int[Math.min(cap, csr.degree(r))];
            int n = 0;
            for (int p = csr.end(r) - 1; p >= csr.start(r) && n < o.length; p--) {
                if (seen.add(csr.other(p))) {
                    o[n++] = csr.other(p);
                }
            }
            int[] row = n == o.length ? o : Arrays.copyOf(o, n);
            Arrays.sort(row);
            out[r] = row;
        }
        return out;
    }

    /** Returns, for each item, the sorted users whose rows hold it. */
    private static int[][] invert(int[][] itemsOf, int numItems) {
        int[] count = new int[numItems];
        for (int[] row : itemsOf) {
            for (int i : row) {
                count[i]++;
            }
        }
        int[][] out = new int[numItems][];
        for (int i = 0; i < numItems; i++) {
            out[i] = new int[count[i]];
            count[i] = 0;
        }
        for (int u = 0; u < itemsOf.length; u++) {
            for (int i : itemsOf[u]) {
                out[i][count[i]++] = u;
            }
        }
        return out;
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private static ItemNeighbors pack(int[][] nbItems, float[][] nbWeights, IdIndex itemIds, ArtifactInfo provenance) {
        int n = nbItems.length;
        int[] offsets = new int[n + 1];
        for (int i = 0; i < n; i++) {
            offsets[i + 1] = offsets[i] + (nbItems[i] == null ? 0 : nbItems[i].length);
        }
        int[] items = new int[offsets[n]];
        float[] weights = new float[offsets[n]];
        for (int i = 0; i < n; i++) {
            if (nbItems[i] != null) {
                System.arraycopy(nbItems[i], 0, items, offsets[i], nbItems[i].length);
                System.arraycopy(nbWeights[i], 0, weights, offsets[i], nbWeights[i].length);
            }
        }
        return new ItemNeighbors(offsets, items, weights, itemIds, provenance, null, 0, 0);
    }

    /** The kind name of saved neighbour tables in the {@link IndexFile} container ({@link ArtifactInfo#ITEM_NEIGHBORS}). */
    public static final String KIND = ArtifactInfo.ITEM_NEIGHBORS;
    private static final int VERSION = 2;

    /**
     * Returns the item ids of the lists: list {@code i} is the neighbours of {@code items().get().id(i)}, and
     * neighbours are dense indices of the same ids. Empty for a table read from a version-1 file, which
     * records no ids (read it with {@link #read(Path, IdIndex, IdMatch)} to check it against the items at hand).
     *
     * @return the item ids, or empty
     */
    public Optional<IdIndex> items() {
        return Optional.ofNullable(itemIds);
    }

    /**
     * Returns the table's info: how it was built (co-occurrence settings and the fingerprint of the interactions,
     * or the index and the fingerprint of its vectors) and its identity (rows, ids and content fingerprints).
     *
     * @return the info
     */
    public ArtifactInfo info() {
        ArtifactInfo i = info;
        if (i == null) {
            i = itemIds == null ? provenance : IndexFile.identify(provenance, itemIds, this::writeBody);
            info = i;
        }
        return i;
    }

    /**
     * Returns this table (sharing its arrays) with another provenance, e.g. a name or a pinned creation time.
     *
     * @param provenance the provenance, of kind {@value #KIND}
     * @return the table
     * @throws IllegalArgumentException if the kind is another
     */
    public ItemNeighbors withInfo(ArtifactInfo provenance) {
        Objects.requireNonNull(provenance, "provenance");
        if (!KIND.equals(provenance.kind())) {
            throw new IllegalArgumentException("provenance: kind " + provenance.kind() + ", must be " + KIND);
        }
        return new ItemNeighbors(offsets, items, weights, itemIds, provenance.toBuilder().build(), null, missingItems,
                droppedNeighbors);
    }

    /**
     * Returns the number of items that have no list because the saved table did not know them (items added to
     * the catalogue since it was built); 0 unless the table was fitted by id ({@link IdMatch#BY_ID}).
     *
     * @return the number of items without a saved list
     */
    public int missingItems() {
        return missingItems;
    }

    /**
     * Returns the number of saved neighbours dropped because their item is not among the items at hand; 0 unless
     * the table was fitted by id ({@link IdMatch#BY_ID}).
     *
     * @return the number of neighbours dropped
     */
    public int droppedNeighbors() {
        return droppedNeighbors;
    }

    /**
     * Saves the table atomically in the checksummed {@link IndexFile} container (kind {@value #KIND}, version 2):
     * its info block, then the item ids (numeric flag, count, ids as longs or UTF strings), the number of items,
     * the number of neighbours, the offsets, the neighbours and the weights.
     *
     * @param file the destination; replaced if it exists, unchanged if writing fails
     * @throws IOException           if writing fails
     * @throws IllegalStateException if the table was read from a version-1 file and has no ids (read it with
     *                               {@link #read(Path, IdIndex, IdMatch)} first)
     */
    public void save(Path file) throws IOException {
        if (itemIds == null) {
            throw new IllegalStateException("this table was read from a version-1 file and has no item ids;"
                    + " read it with read(file, items, IdMatch.EXACT) to give it the items' ids, then save it");
        }
        info = IndexFile.write(file, VERSION, provenance, itemIds, this::writeBody);
    }

    private void writeBody(DataOutputStream out) throws IOException {
        out.writeBoolean(itemIds.isNumeric());
        out.writeInt(itemIds.size());
        for (int i = 0; i < itemIds.size(); i++) {
            if (itemIds.isNumeric()) {
                out.writeLong(itemIds.longId(i));
            } else {
                out.writeUTF(itemIds.id(i));
            }
        }
        out.writeInt(numItems());
        out.writeInt(items.length);
        for (int o : offsets) {
            out.writeInt(o);
        }
        for (int j : items) {
            out.writeInt(j);
        }
        for (float w : weights) {
            out.writeFloat(w);
        }
    }

    /**
     * Reads a table written by {@link #save(Path)}, as saved: with its item ids (version 2), or without ids
     * (version 1, which then can only be used with the same item index it was built on; prefer
     * {@link #read(Path, IdIndex, IdMatch)}).
     *
     * @param file the file
     * @throws DataFileException naming the file if it is not a neighbour table (naming what it is), or is of an
     *                           unknown version, corrupt, truncated or inconsistent
     * @throws IOException       if it cannot be read
     */
    public static ItemNeighbors read(Path file) throws IOException {
        IndexFile.Opened opened = IndexFile.open(file);
        String name = String.valueOf(file.getFileName());
        if (!KIND.equals(opened.kind())) {
            throw new DataFileException(name, 0, "kind", opened.kind(), "not an item-neighbour table (expected " + KIND
                    + "), found: " + opened.info().describe());
        }
        if (opened.version() < 1 || opened.version() > VERSION) {
            throw new DataFileException(name, 0, "version", Integer.toString(opened.version()),
                    "unsupported item-neighbour format version (this build reads 1 to " + VERSION + ")");
        }
        DataInputStream in = opened.body();
        try {
            IdIndex ids = opened.version() >= 2 ? readIds(in, name) : null;
            int n = in.readInt();
            int total = in.readInt();
            if (n < 0 || total < 0) {
                throw new DataFileException(name, 0, "size", n + "/" + total, "negative size");
            }
            if (ids != null && ids.size() != n) {
                throw new DataFileException(name, 0, "size", Integer.toString(n), "the table has " + n + " lists but "
                        + ids.size() + " item ids (inconsistent sizes)");
            }
            IndexFile.requireRemaining(in, name, "offsets", n + 1L, 4);
            int[] offsets = new int[n + 1];
            for (int i = 0; i <= n; i++) {
                offsets[i] = in.readInt();
                if (i > 0 && offsets[i] < offsets[i - 1] || offsets[i] < 0 || offsets[i] > total) {
                    throw new DataFileException(name, 0, "offsets", Integer.toString(i), "not increasing within [0, " + total + "]");
                }
            }
            if (offsets[0] != 0 || offsets[n] != total) {
                throw new DataFileException(name, 0, "offsets", offsets[0] + ".." + offsets[n], "do not span the " + total + " entries");
            }
            IndexFile.requireRemaining(in, name, "neighbours", total, 8);   // an item and a weight each
            int[] items = new int[total];
            for (int k = 0; k < total; k++) {
                items[k] = in.readInt();
                if (items[k] < 0 || items[k] >= n) {
                    throw new DataFileException(name, 0, "neighbor", Integer.toString(items[k]), "out of [0, " + n + ")");
                }
            }
            float[] weights = new float[total];
            for (int k = 0; k < total; k++) {
                weights[k] = in.readFloat();
            }
            IndexFile.requireEnd(in, name, "item-neighbour table");
            if (ids == null) {
                ArtifactInfo unrecorded = ArtifactInfo.unrecorded(KIND, n);
                return new ItemNeighbors(offsets, items, weights, null, unrecorded, unrecorded, 0, 0);
            }
            IndexFile.requireRecordedIds(opened, ids, name);
            return new ItemNeighbors(offsets, items, weights, ids, opened.info(), opened.info(), 0, 0);
        } catch (EOFException e) {
            throw new DataFileException(name, 0, "body", "EOF", "ends before the table does (inconsistent sizes)", e);
        }
    }

    private static IdIndex readIds(DataInputStream in, String name) throws IOException {
        boolean numeric = in.readBoolean();
        int n = in.readInt();
        IndexFile.requireRemaining(in, name, "ids", n, numeric ? 8 : 2);
        try {
            if (numeric) {
                long[] ids = new long[n];
                for (int i = 0; i < n; i++) {
                    ids[i] = in.readLong();
                }
                return IdIndex.ofLongs(ids);
            }
            String[] ids = new String[n];
            for (int i = 0; i < n; i++) {
                ids[i] = in.readUTF();
            }
            return IdIndex.ofStrings(ids);
        } catch (IllegalArgumentException e) {
            throw new DataFileException(name, 0, "ids", "", e.getMessage(), e);
        } catch (java.io.UTFDataFormatException e) {
            throw new DataFileException(name, 0, "ids", "", "an id is not valid modified UTF-8", e);
        }
    }

    /**
     * Reads a saved table against the items a program uses now (e.g. {@code catalog.items()}), so that list
     * {@code i} of the result is the neighbours of {@code items.id(i)} and every neighbour is an index of
     * {@code items}.
     * <ul>
     *   <li>{@link IdMatch#EXACT}: the saved ids must be {@code items}, in order; otherwise a
     *       {@link DataFileException} names both ids fingerprints and how many ids differ. A version-1 file
     *       (no ids) passes when it has as many lists as there are items: sizes are all that can be compared.</li>
     *   <li>{@link IdMatch#BY_ID}: lists are found by id; an item the saved table does not know gets an empty list
     *       ({@link #missingItems()} counts them), a saved neighbour that is not an item is dropped
     *       ({@link #droppedNeighbors()}). A version-1 file cannot be fitted by id: a {@link DataFileException}.</li>
     * </ul>
     *
     * @param file  the file
     * @param items the items at hand
     * @param match how the saved ids are fitted to them
     * @return the table over {@code items}
     * @throws DataFileException naming the file as {@link #read(Path)} does, or if the ids do not fit as said
     * @throws IOException       if it cannot be read
     */
    public static ItemNeighbors read(Path file, IdIndex items, IdMatch match) throws IOException {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(match, "match");
        ItemNeighbors saved = read(file);
        String name = String.valueOf(file.getFileName());
        if (saved.itemIds == null) {
            IdMapping.requireSizeOnly(saved.numItems(), items, match, name);
            return new ItemNeighbors(saved.offsets, saved.items, saved.weights, items, saved.provenance, null, 0, 0);
        }
        IdMapping m = IdMapping.of(saved.itemIds, items);
        if (m.isIdentity()) {
            return new ItemNeighbors(saved.offsets, saved.items, saved.weights, items, saved.provenance, saved.info, 0, 0);
        }
        if (match == IdMatch.EXACT) {
            m.requireIdentity(name);
        }
        return saved.fitted(m, items);
    }

    /** Returns the lists of this table moved to the targets of {@code m}, dropping what does not map. */
    private ItemNeighbors fitted(IdMapping m, IdIndex targets) {
        int n = targets.size();
        int[] off = new int[n + 1];
        int[] nb = new int[items.length];
        float[] w = new float[items.length];
        int k = 0;
        int dropped = 0;
        for (int t = 0; t < n; t++) {
            int r = m.rowAt(t);
            if (r >= 0) {
                for (int p = offsets[r]; p < offsets[r + 1]; p++) {
                    int j = m.targetAt(items[p]);
                    if (j >= 0) {
                        nb[k] = j;
                        w[k++] = weights[p];
                    } else {
                        dropped++;
                    }
                }
            }
            off[t + 1] = k;
        }
        ArtifactInfo p = provenance.toBuilder().withSetting("fittedFrom", info().idsFingerprint().orElse("")).build();
        return new ItemNeighbors(off, Arrays.copyOf(nb, k), Arrays.copyOf(w, k), targets, p, null, m.missing(), dropped);
    }

    /** Returns the number of items (neighbour lists). */
    public int numItems() {
        return offsets.length - 1;
    }

    /**
     * Returns the neighbours of an item, best first (a copy; empty for an item out of range).
     *
     * @param item a dense item index (as the tables' neighbours are)
     * @return the neighbours' dense item indices
     */
    public int[] neighbors(int item) {
        if (item < 0 || item >= numItems()) {
            return new int[0];
        }
        return Arrays.copyOfRange(items, offsets[item], offsets[item + 1]);
    }

    /** Returns the weights of an item's neighbours, in {@link #neighbors(int)} order (a copy). */
    public float[] weights(int item) {
        if (item < 0 || item >= numItems()) {
            return new float[0];
        }
        return Arrays.copyOfRange(weights, offsets[item], offsets[item + 1]);
    }

    /** Returns the start of an item's neighbours in the packed arrays. */
    int start(int item) {
        return offsets[item];
    }

    /** Returns the end (exclusive) of an item's neighbours in the packed arrays. */
    int end(int item) {
        return offsets[item + 1];
    }

    /** Returns the neighbour at a packed position. */
    int neighborAt(int p) {
        return items[p];
    }

    /** Returns the weight at a packed position. */
    float weightAt(int p) {
        return weights[p];
    }

    @Override
    public String toString() {
        return "ItemNeighbors[" + numItems() + " items, " + items.length + " pairs]";
    }

    /**
     * Configures a co-occurrence {@link ItemNeighbors} table ({@link ItemNeighbors#builder(Interactions)}). Setters
     * only store; {@link #build()} checks every value and names the one out of range. Not thread-safe.
     */
    public static final class CoOccurrenceBuilder {
        private final Interactions log;
        private int neighbors = DEFAULT_NEIGHBORS;
        private Similarity similarity = DEFAULT_SIMILARITY;
        private int maxItemsPerUser = DEFAULT_MAX_ITEMS_PER_USER;
        private int threads = DEFAULT_THREADS;

        private CoOccurrenceBuilder(Interactions log) {
            this.log = log;
        }

        /**
         * Sets the number of neighbours kept per item, at least 1 (default {@value ItemNeighbors#DEFAULT_NEIGHBORS}).
         *
         * @param m the number of neighbours
         * @return this builder
         */
        public CoOccurrenceBuilder withNeighbors(int m) {
            this.neighbors = m;
            return this;
        }

        /**
         * Sets how counts become weights (default {@link ItemNeighbors#DEFAULT_SIMILARITY}, cosine).
         *
         * @param similarity the similarity
         * @return this builder
         */
        public CoOccurrenceBuilder withSimilarity(Similarity similarity) {
            this.similarity = similarity;
            return this;
        }

        /**
         * Counts only each user's {@code n} most recent distinct items, at least 2 (default
         * {@value ItemNeighbors#DEFAULT_MAX_ITEMS_PER_USER}: all): the build costs the sum over users of their
         * number of items squared, so capping the few very heavy users bounds it (and keeps their old tastes
         * from dominating the counts).
         *
         * @param n the most recent distinct items kept per user
         * @return this builder
         */
        public CoOccurrenceBuilder withMaxItemsPerUser(int n) {
            this.maxItemsPerUser = n;
            return this;
        }

        /**
         * Sets the number of threads of the build, at least 1 (default {@link ItemNeighbors#DEFAULT_THREADS}: all
         * available processors); the table does not depend on it.
         *
         * @param threads the number of threads
         * @return this builder
         */
        public CoOccurrenceBuilder withThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Returns each item's top co-occurring items.
         *
         * @return the table
         * @throws NullPointerException     naming {@code log} or {@code similarity} if it is null
         * @throws IllegalArgumentException naming the option out of range
         */
        public ItemNeighbors build() {
            Objects.requireNonNull(log, "log");
            Objects.requireNonNull(similarity, "similarity");
            Channels.checkAtLeast("neighbors", neighbors, 1);
            Channels.checkAtLeast("maxItemsPerUser", maxItemsPerUser, 2);
            Parallel.checkThreads(threads);
            return coOccurrence(log, neighbors, similarity, maxItemsPerUser, threads);
        }
    }

    /**
     * Configures an {@link ItemNeighbors} table of nearest items in a vector index
     * ({@link ItemNeighbors#builder(VectorIndex, EmbeddingTable, IdIndex)}). Setters only store; {@link #build()}
     * checks every value and names the one out of range. Not thread-safe.
     */
    public static final class IndexBuilder {
        private final VectorIndex index;
        private final EmbeddingTable vectors;
        private final IdIndex items;
        private int neighbors = DEFAULT_NEIGHBORS;
        private int threads = DEFAULT_THREADS;

        private IndexBuilder(VectorIndex index, EmbeddingTable vectors, IdIndex items) {
            this.index = index;
            this.vectors = vectors;
            this.items = items;
        }

        /**
         * Sets the number of neighbours kept per item, at least 1 (default {@value ItemNeighbors#DEFAULT_NEIGHBORS}).
         *
         * @param m the number of neighbours
         * @return this builder
         */
        public IndexBuilder withNeighbors(int m) {
            this.neighbors = m;
            return this;
        }

        /**
         * Sets the number of threads searching the index, at least 1 (default {@link ItemNeighbors#DEFAULT_THREADS}:
         * all available processors); the table does not depend on it.
         *
         * @param threads the number of threads
         * @return this builder
         */
        public IndexBuilder withThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Returns each item's nearest items in the index.
         *
         * @return the table
         * @throws NullPointerException     naming {@code index}, {@code vectors} or {@code items} if it is null
         * @throws IllegalArgumentException naming the option out of range, or {@code vectors} if the table does
         *                                  not match the index (size, dimension or ids)
         */
        public ItemNeighbors build() {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(vectors, "vectors");
            Objects.requireNonNull(items, "items");
            Channels.checkAtLeast("neighbors", neighbors, 1);
            Parallel.checkThreads(threads);
            return fromIndex(index, vectors, items, neighbors, threads);
        }
    }
}
