package org.recsys4j.rank.seq;

import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.Fingerprints;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.model.HistoryEncoder;
import org.recsys4j.core.model.HistoryScorer;
import org.recsys4j.core.model.UserItemScorer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fitted sequential recommender ({@link SasRec} or {@link Gru4Rec}): reads a user's items in the order they
 * were consumed and scores every item of its catalogue as the next one. Immutable and thread-safe (each thread
 * gets its own buffers).
 *
 * <p><b>Online state.</b> Nothing about a user is stored: {@link #stateOfIndices(int[])} runs the network over
 * the history (its last {@link #maxLength()} items) and returns the query vector whose inner products with the
 * rows of {@link #itemEmbeddings()} are the scores, so a user's state after new feedback is one call, without
 * retraining, and the pair serves as a recall channel through any vector index (maximum inner product): the model
 * is a {@link HistoryEncoder} (an {@code EmbeddingChannel}'s query source) and a {@link HistoryScorer} (a
 * {@code ScorerRanker}'s model; see "In the pipeline" in docs/sequence-models.md). For a
 * model with an output bias (GRU4Rec) the bias is folded in: the query ends in a 1 and each item vector in its
 * bias, so {@link #dim()} is the network width plus one.
 *
 * <p><b>One state per request.</b> A served pipeline asks the model twice about the same history: its recall
 * channel for the query ({@link #encode}) and its ranker for the scores ({@link #scoreHistory}). The model remembers
 * the states of the 64 most recent histories it ran (a lock-free table keyed by the history's last
 * {@link #maxLength()} items, checked item by item), so the second call reuses the state of the first instead of
 * running the network again; a state depends on nothing but those items, so the answers are the same either way.
 * {@link #statesComputed()} counts the network runs.
 *
 * <p><b>Indices and ids.</b> Methods named {@code ...Indices} take dense item indices of {@link #items()};
 * methods named {@code ...Ids} take external ids and skip ids the model does not know (items added to the
 * catalogue after training have no embedding). Scores exclude nothing: a caller removes the items it does not
 * want to show (e.g. the history).
 *
 * <pre>{@code
 * SequenceModel m = SasRec.builder().withMaxEpochs(50).build().fit(train);
 * float[] scores = m.scoresOfIds(new long[]{1L, 50L, 181L});   // every item, as the next one
 * float[] query = m.stateOfIds(new long[]{1L, 50L, 181L});     // for a VectorIndex over m.itemEmbeddings()
 * m.save(Path.of("sasrec.r4js"));
 * }</pre>
 */
public final class SequenceModel implements HistoryScorer, HistoryEncoder {
    /** The file format version {@link #save} writes (and the newest {@link #load} reads). */
    public static final int FORMAT_VERSION = 1;
    /** The number of recent histories whose states the model remembers. */
    static final int MEMO_SLOTS = 64;

    final SeqNet net;
    private final IdIndex items;
    private final ArtifactInfo provenance;
    private final SequenceFit fit;
    private final ThreadLocal<SeqNet.Work> work;
    private volatile EmbeddingTable table;
    /** The remembered states, or null (the trainer's probe). */
    private final AtomicReferenceArray<Memo> memo;
    private final LongAdder statesComputed = new LongAdder();

    /** A remembered state: the items read (the history's last {@code maxLength}) and the hidden state after them. */
    private record Memo(int[] items, float[] hidden) {
    }

    SequenceModel(SeqNet net, IdIndex items, ArtifactInfo provenance, SequenceFit fit) {
        this(net, items, provenance, fit, true);
    }

    /**
     * @param remember whether states are remembered; false for the trainer's probe, whose network changes under it
     */
    SequenceModel(SeqNet net, IdIndex items, ArtifactInfo provenance, SequenceFit fit, boolean remember) {
        if (items.size() != net.numItems) {
            throw new IllegalArgumentException("items: " + items.size() + " ids for a network of " + net.numItems + " items");
        }
        this.net = net;
        this.items = items;
        this.provenance = provenance;
        this.fit = fit;
        this.work = ThreadLocal.withInitial(() -> net.newWork(0));
        this.memo = remember ? new AtomicReferenceArray<>(MEMO_SLOTS) : null;
    }

    /** Returns the architecture: {@code sasrec} or {@code gru4rec}. */
    public String architecture() {
        return net.architecture();
    }

    /** Returns the item ids; item index {@code i} is {@code items().id(i)}. */
    public IdIndex items() {
        return items;
    }

    @Override
    public int numItems() {
        return net.numItems;
    }

    /** Returns the longest history the network reads; older items of a longer history are ignored. */
    public int maxLength() {
        return net.maxLength;
    }

    /** Returns the width of the query vectors and item embeddings (the network width, plus one with an output bias). */
    @Override
    public int dim() {
        return net.exportDim();
    }

    /** Returns the provenance: producer, settings (architecture and training options), data fingerprint. */
    public ArtifactInfo info() {
        return provenance;
    }

    /** Returns how this model was fitted; empty for a model read from a file. */
    public Optional<SequenceFit> fit() {
        return Optional.ofNullable(fit);
    }

    /**
     * Returns the query vector after the history: {@link #dim()} values whose inner product with row {@code i} of
     * {@link #itemEmbeddings()} is the score of item index {@code i}.
     *
     * @param history item indices in consumption order, oldest first; at least one
     * @throws IllegalArgumentException if the history is empty or holds an index outside {@code [0, numItems())}
     */
    public float[] stateOfIndices(int[] history) {
        Objects.requireNonNull(history, "history");
        check(history);
        float[] out = new float[dim()];
        state(history, out);
        return out;
    }

    /**
     * {@link HistoryEncoder}: the state after the history, {@link #stateOfIndices(int[])}; indices are those of
     * {@link #items()} (= the rows of {@link #itemEmbeddings()}).
     */
    @Override
    public float[] encode(int[] history) {
        return stateOfIndices(history);
    }

    /**
     * Returns the query vector after a history of item ids ({@link #stateOfIndices(int[])}); ids the model does
     * not know are skipped.
     *
     * @throws IllegalArgumentException if no id of the history is known
     */
    public float[] stateOfIds(long... history) {
        return stateOfIndices(indicesOf(history));
    }

    /** {@link #stateOfIds(long...)} for a catalogue with string ids. */
    public float[] stateOfIds(String... history) {
        return stateOfIndices(indicesOf(history));
    }

    /**
     * Returns the score of every item index as the next item after the history (higher is better); nothing is
     * excluded.
     *
     * @param history item indices in consumption order, oldest first; at least one
     * @throws IllegalArgumentException if the history is empty or holds an index outside {@code [0, numItems())}
     */
    public float[] scoresOfIndices(int[] history) {
        Objects.requireNonNull(history, "history");
        check(history);
        float[] scores = new float[net.numItems];
        scoreInto(history, scores);
        return scores;
    }

    /** {@link #scoresOfIndices(int[])} for a history of item ids; unknown ids are skipped. */
    public float[] scoresOfIds(long... history) {
        return scoresOfIndices(indicesOf(history));
    }

    /** {@link #scoresOfIndices(int[])} for a history of string item ids; unknown ids are skipped. */
    public float[] scoresOfIds(String... history) {
        return scoresOfIndices(indicesOf(history));
    }

    /**
     * {@link HistoryScorer}: the history is read in order, oldest first, repeats included (a sequence model
     * reads the order, unlike the set-based scorers). An empty history scores every item 0.
     */
    @Override
    public void scoreHistory(int[] history, double[] scores) {
        Objects.requireNonNull(history, "history");
        if (scores.length != net.numItems) {
            throw new IllegalArgumentException("scores: length " + scores.length + ", the model scores " + net.numItems + " items");
        }
        if (history.length == 0) {
            java.util.Arrays.fill(scores, 0);
            return;
        }
        check(history);
        float[] s = new float[net.numItems];
        scoreInto(history, s);
        for (int i = 0; i < s.length; i++) {
            scores[i] = s[i];
        }
    }

    /**
     * Returns a scorer of known users for the top-N evaluator ({@code RankingEvaluator.topN}): each user's history
     * is their items of {@code train} in (timestamp, item) order; a user without items scores 0 everywhere.
     *
     * @param train interactions over this model's items (same item index)
     */
    public UserItemScorer userScorer(Interactions train) {
        if (train.numItems() != net.numItems) {
            throw new IllegalArgumentException("train: " + train.numItems() + " items, the model has " + net.numItems);
        }
        return userScorer(SeqTrainer.sequences(train));
    }

    UserItemScorer userScorer(int[][] seqs) {
        return (users, rows) -> {
            float[] s = new float[net.numItems];
            for (int b = 0; b < users.length; b++) {
                int[] h = seqs[users[b]];
                double[] row = rows[b];
                if (h.length == 0) {
                    java.util.Arrays.fill(row, 0);
                    continue;
                }
                scoreInto(h, s);
                for (int i = 0; i < s.length; i++) {
                    row[i] = s[i];
                }
            }
        };
    }

    /**
     * Returns the item embeddings as a table over {@link #items()}: row {@code i} is the output vector of item
     * index {@code i} (with its bias appended when the model has one), so that {@code state · row} is the score.
     * Its provenance names the architecture and records the model's content fingerprint as input {@code model}.
     */
    @Override
    public EmbeddingTable itemEmbeddings() {
        EmbeddingTable t = table;
        if (t == null) {
            int dim = dim();
            OutputLayer out = net.output();
            float[] values = new float[net.numItems * dim];
            for (int i = 0; i < net.numItems; i++) {
                System.arraycopy(out.emb.row(i), 0, values, i * dim, net.d);
                if (out.bias != null) {
                    values[i * dim + net.d] = out.bias.row(0)[i];
                }
            }
            t = EmbeddingTable.of(items, dim, values).withInfo(ArtifactInfo.builder(ArtifactInfo.EMBEDDING_TABLE)
                    .withName(net.architecture() + "-items").withProducer(SequenceModel.class.getName())
                    .withSetting("architecture", net.architecture())
                    .withInput("model", Fingerprints.bytes(SeqModelFile.payload(this))).build());
            table = t;
        }
        return t;
    }

    /**
     * Writes the model to {@code file} atomically (a temporary file, then a move), as a self-describing
     * artifact: {@link ArtifactInfo#read(Path)} tells what it is without loading it.
     *
     * @throws IOException if the file cannot be written
     */
    public void save(Path file) throws IOException {
        SeqModelFile.save(this, file);
    }

    /**
     * Reads a model written by {@link #save(Path)}.
     *
     * @throws org.recsys4j.core.data.DataFileException naming the file and the part (magic, version, checksum,
     *                                                  settings, ids, parameters) if it is not a valid model
     * @throws IOException if it cannot be read
     */
    public static SequenceModel load(Path file) throws IOException {
        return SeqModelFile.load(file);
    }

    /**
     * Returns how many times the network has run over a history since this model was made: calls answered from
     * the memo of recent states (see "One state per request") do not count. For monitoring and tests.
     */
    public long statesComputed() {
        return statesComputed.sum();
    }

    /**
     * The hidden state ({@code d} values) after the history's last {@code maxLength} items, from the memo or
     * computed (and remembered). The array is shared: callers only read it.
     */
    private float[] hidden(int[] history) {
        int n = Math.min(history.length, net.maxLength);
        int from = history.length - n;
        int hash = 1;
        for (int k = from; k < history.length; k++) {
            hash = 31 * hash + history[k];
        }
        int slot = Math.floorMod(hash ^ (hash >>> 16), MEMO_SLOTS);
        Memo m = memo == null ? null : memo.get(slot);
        if (m != null && Arrays.equals(m.items, 0, m.items.length, history, from, history.length)) {
            return m.hidden;
        }
        SeqNet.Work w = work.get();
        net.state(w, history, from, n, w.scratch);
        statesComputed.increment();
        float[] hidden = Arrays.copyOf(w.scratch, net.d);
        if (memo != null) {
            memo.set(slot, new Memo(Arrays.copyOfRange(history, from, history.length), hidden));
        }
        return hidden;
    }

    private void state(int[] history, float[] out) {
        System.arraycopy(hidden(history), 0, out, 0, net.d);
        if (out.length > net.d) {
            out[net.d] = 1f;
        }
    }

    private void scoreInto(int[] history, float[] scores) {
        net.output().scores(hidden(history), scores);
    }

    private void check(int[] history) {
        if (history.length == 0) {
            throw new IllegalArgumentException("history: empty, a sequence model needs at least one item");
        }
        for (int k = 0; k < history.length; k++) {
            if (history[k] < 0 || history[k] >= net.numItems) {
                throw new IllegalArgumentException("history[" + k + "]: item index " + history[k]
                        + ", must be in [0, " + net.numItems + ")");
            }
        }
    }

    private int[] indicesOf(long[] ids) {
        Objects.requireNonNull(ids, "history");
        int[] idx = new int[ids.length];
        int n = 0;
        for (long id : ids) {
            int i = items.isNumeric() ? items.indexOf(id) : items.indexOf(Long.toString(id));
            if (i >= 0) {
                idx[n++] = i;
            }
        }
        return known(idx, n, ids.length);
    }

    private int[] indicesOf(String[] ids) {
        Objects.requireNonNull(ids, "history");
        int[] idx = new int[ids.length];
        int n = 0;
        for (String id : ids) {
            int i = items.indexOf(Objects.requireNonNull(id, "history id"));
            if (i >= 0) {
                idx[n++] = i;
            }
        }
        return known(idx, n, ids.length);
    }

    private static int[] known(int[] idx, int n, int asked) {
        if (n == 0) {
            throw new IllegalArgumentException("history: none of its " + asked + " ids is an item of the model");
        }
        return n == idx.length ? idx : java.util.Arrays.copyOf(idx, n);
    }

    @Override
    public String toString() {
        return "SequenceModel[" + net.architecture() + ", " + net.numItems + " items, dim " + net.d + ", "
                + net.settings() + "]";
    }
}
