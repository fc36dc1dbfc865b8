package org.recsys4j.embedding.word2vec;

import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.model.ItemSimilarity;
import org.recsys4j.core.util.IntDoubleTopK;
import org.recsys4j.core.vector.Vectors;
import org.recsys4j.embedding.projection.Pca;
import org.recsys4j.embedding.projection.PcaModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link Word2Vec#fit}: one vector (the input weights, {@code syn0}) per vocabulary token that
 * occurred at least {@code minCount} times, indexed by the corpus vocabulary's dense indices. Immutable and
 * thread-safe.
 *
 * <p>Lookups by external id ({@link #vector(long)}, {@link #mostSimilar(long, int)}) and by dense vocabulary
 * index ({@link #vectorAt(int)}, {@link #hasVectorAt(int)}, {@link #mostSimilarToIndex(int, int)}) have
 * different names, so an {@code int} id is never taken for an index.
 *
 * <pre>{@code
 * Word2VecModel m = Word2Vec.builder().withDim(64).withSeed(7).build().fit(corpus);
 * for (Neighbor n : m.mostSimilar(1234L, 10)) System.out.println(n.id() + " " + n.similarity());
 * EmbeddingTable t = m.table();          // for an index or a store
 * ItemSimilarity s = m.similarity();     // for protocol S
 * Word2VecModel spread = m.postProcessed(true, 1);   // centred, top direction removed (all-but-the-top)
 * }</pre>
 *
 * <p><b>Geometry.</b> Skip-gram vectors share a large common component (Mimno and Thompson 2017): on
 * ml-latest-small the mean cosine of two random items' item2vec vectors is 0.97, so every cosine sits in a
 * narrow band near 1 and scores say little. {@link #postProcessed} centres the vectors and removes their top
 * principal directions ("all-but-the-top", Mu and Viswanath 2018), which spreads the cosines around 0 without
 * retraining; {@link Word2Vec.Builder#withCentring} applies it in {@link Word2Vec#fit}.
 */
public final class Word2VecModel {
    private final IdIndex vocabulary;
    private final int dim;
    private final float[] vectors;      // vocabulary.size() × dim; zero rows for tokens without a vector
    private final float[] normalized;   // the same, rows scaled to unit length
    private final boolean[] hasVector;
    private final int covered;
    private final TrainingStats stats;
    private volatile ArtifactInfo provenance;   // set by Word2Vec.fit

    Word2VecModel(IdIndex vocabulary, int dim, float[] vectors, boolean[] hasVector, TrainingStats stats) {
        this.vocabulary = vocabulary;
        this.dim = dim;
        this.vectors = vectors;
        this.hasVector = hasVector;
        this.stats = stats;
        for (int i = 0; i < hasVector.length; i++) {
            if (!hasVector[i]) {
                Arrays.fill(vectors, i * dim, (i + 1) * dim, 0f);
            }
        }
        this.normalized = Vectors.normalizeRows(vectors.clone(), dim);
        int c = 0;
        for (boolean h : hasVector) {
            if (h) {
                c++;
            }
        }
        this.covered = c;
    }

    /** Returns the corpus vocabulary; vectors are indexed by its dense indices. */
    public IdIndex vocabulary() {
        return vocabulary;
    }

    /** Returns the vector dimension. */
    public int dim() {
        return dim;
    }

    /**
     * Returns true if vocabulary index {@code index} has a vector (it occurred at least {@code minCount} times).
     *
     * @param index a dense index of {@link #vocabulary()}
     * @return whether it has a vector
     * @throws IllegalArgumentException if the index is out of range
     */
    public boolean hasVectorAt(int index) {
        checkIndex(index);
        return hasVector[index];
    }

    /** Returns the number of vocabulary entries with a vector. */
    public int numVectors() {
        return covered;
    }

    /** Returns the share of the vocabulary with a vector, in {@code [0, 1]}. */
    public double coverage() {
        return hasVector.length == 0 ? 0 : covered / (double) hasVector.length;
    }

    /**
     * Returns a copy of the vector of vocabulary index {@code index}.
     *
     * @param index a dense index of {@link #vocabulary()}
     * @return the vector
     * @throws IllegalArgumentException if the index is out of range or has no vector
     */
    public float[] vectorAt(int index) {
        checkIndex(index);
        if (!hasVector[index]) {
            throw new IllegalArgumentException("index: " + index + " (id '" + vocabulary.id(index)
                    + "') has no vector: it occurred fewer than minCount times");
        }
        return Arrays.copyOfRange(vectors, index * dim, (index + 1) * dim);
    }

    /**
     * Returns a copy of the vector of the token with numeric id {@code id}, or empty if the id is not in the
     * vocabulary or occurred fewer than {@code minCount} times.
     *
     * @param id an external id
     * @return the vector, or empty
     */
    public Optional<float[]> vector(long id) {
        return vectorOf(indexOf(id));
    }

    /**
     * Returns a copy of the vector of the token with id {@code id} (numeric vocabularies accept the decimal
     * text), or empty if the id is not in the vocabulary or occurred fewer than {@code minCount} times.
     *
     * @param id an external id
     * @return the vector, or empty
     */
    public Optional<float[]> vector(String id) {
        return vectorOf(indexOf(Objects.requireNonNull(id, "id")));
    }

    private Optional<float[]> vectorOf(int index) {
        return index >= 0 && hasVector[index] ? Optional.of(vectorAt(index)) : Optional.empty();
    }

    private int indexOf(long id) {
        return vocabulary.isNumeric() ? vocabulary.indexOf(id) : vocabulary.indexOf(Long.toString(id));
    }

    private int indexOf(String id) {
        if (vocabulary.isNumeric()) {
            try {
                return vocabulary.indexOf(Long.parseLong(id.trim()));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return vocabulary.indexOf(id);
    }

    /**
     * Returns the vectors as a table: one row per token with a vector, in vocabulary order, with the same
     * external ids (numeric if the vocabulary is numeric). Its {@link EmbeddingTable#info()} records the trainer
     * ({@code Word2Vec} and its settings) and the fingerprint of the corpus as input {@code data}.
     */
    public EmbeddingTable table() {
        EmbeddingTable.Builder b = EmbeddingTable.builder(dim);
        boolean numeric = vocabulary.isNumeric();
        for (int i = 0; i < hasVector.length; i++) {
            if (hasVector[i]) {
                float[] v = Arrays.copyOfRange(vectors, i * dim, (i + 1) * dim);
                if (numeric) {
                    b.add(vocabulary.longId(i), v);
                } else {
                    b.add(vocabulary.id(i), v);
                }
            }
        }
        EmbeddingTable t = b.build();
        ArtifactInfo p = provenance;
        return p == null ? t : t.withInfo(p);
    }

    /**
     * Returns this model with post-processed vectors: with {@code centre}, every vector minus the mean of all
     * vectors; then, if {@code topDirections > 0}, minus its projection on the {@code topDirections} principal
     * axes of the centred vectors ({@link Pca}), the "all-but-the-top" post-processing of Mu and Viswanath
     * (2018). Cosine neighbours then reflect what distinguishes items rather than the direction they all share.
     * Tokens without a vector keep none; {@code postProcessed(false, 0)} returns this model.
     *
     * @param centre        whether to subtract the mean vector
     * @param topDirections how many principal directions to remove, in {@code [0, dim)}; more than 0 needs
     *                      {@code centre}
     * @return the post-processed model (same vocabulary, coverage and training stats)
     * @throws IllegalArgumentException naming {@code topDirections} if it is out of range or given without
     *                                  centring
     */
    public Word2VecModel postProcessed(boolean centre, int topDirections) {
        if (topDirections < 0 || topDirections >= dim) {
            throw new IllegalArgumentException("topDirections: " + topDirections + ", must be in [0, dim=" + dim + ")");
        }
        if (topDirections > 0 && !centre) {
            throw new IllegalArgumentException("topDirections: " + topDirections
                    + " needs centring (principal directions are taken about the mean)");
        }
        if (!centre || covered == 0) {
            return this;
        }
        float[] v = vectors.clone();
        double[] mean = new double[dim];
        int[] rows = new int[covered];
        int r = 0;
        for (int i = 0; i < hasVector.length; i++) {
            if (hasVector[i]) {
                rows[r++] = i;
                for (int j = 0; j < dim; j++) {
                    mean[j] += v[i * dim + j];
                }
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= covered;
        }
        for (int i : rows) {
            for (int j = 0; j < dim; j++) {
                v[i * dim + j] = (float) (v[i * dim + j] - mean[j]);
            }
        }
        if (topDirections > 0 && covered > 1) {
            PcaModel pca = Pca.builder().withComponents(Math.min(topDirections, dim)).build()
                    .fit(EmbeddingTable.of(vocabulary, dim, v), rows);
            for (int c = 0; c < pca.components(); c++) {
                double[] axis = pca.axis(c);
                for (int i : rows) {
                    double p = 0;
                    for (int j = 0; j < dim; j++) {
                        p += v[i * dim + j] * axis[j];
                    }
                    for (int j = 0; j < dim; j++) {
                        v[i * dim + j] = (float) (v[i * dim + j] - p * axis[j]);
                    }
                }
            }
        }
        Word2VecModel out = new Word2VecModel(vocabulary, dim, v, hasVector, stats);
        ArtifactInfo p = provenance;
        if (p != null) {
            out.provenance(p.toBuilder().withSetting("postProcessing", "centre=" + centre + ", topDirections="
                    + topDirections).build());
        }
        return out;
    }

    /** Records the trainer, its settings and the corpus fingerprint, for {@link #table()}'s info. */
    void provenance(ArtifactInfo provenance) {
        this.provenance = provenance;
    }

    /**
     * Returns the {@code k} tokens with a vector most cosine-similar to the token with numeric id {@code id},
     * most similar first (ties by lower index), excluding the token itself (as Spark's {@code findSynonyms}).
     *
     * @throws IllegalArgumentException if the id is unknown, has no vector, or {@code k} is negative
     */
    public List<Neighbor> mostSimilar(long id, int k) {
        int index = indexOf(id);
        if (index < 0) {
            throw new IllegalArgumentException("id: " + id + " is not in the vocabulary");
        }
        return mostSimilarIndex(index, k, "id: " + id);
    }

    /**
     * Returns the {@code k} tokens with a vector most cosine-similar to the token with id {@code id} (numeric
     * vocabularies accept the decimal text), most similar first, excluding the token itself.
     *
     * @throws IllegalArgumentException if the id is unknown, has no vector, or {@code k} is negative
     */
    public List<Neighbor> mostSimilar(String id, int k) {
        Objects.requireNonNull(id, "id");
        int index = indexOf(id);
        if (index < 0) {
            throw new IllegalArgumentException("id: '" + id + "' is not in the vocabulary");
        }
        return mostSimilarIndex(index, k, "id: '" + id + "'");
    }

    /**
     * Returns the {@code k} tokens most cosine-similar to vocabulary index {@code index}, excluding it. (Not an
     * overload of {@link #mostSimilar(long, int)}, so that an {@code int} id is never taken for an index.)
     *
     * @throws IllegalArgumentException if the index is out of range, has no vector, or {@code k} is negative
     */
    public List<Neighbor> mostSimilarToIndex(int index, int k) {
        checkIndex(index);
        return mostSimilarIndex(index, k, "index: " + index);
    }

    private List<Neighbor> mostSimilarIndex(int index, int k, String what) {
        if (k < 0) {
            throw new IllegalArgumentException("k: " + k + ", must be >= 0");
        }
        if (!hasVector[index]) {
            throw new IllegalArgumentException(what + " has no vector: it occurred fewer than minCount times");
        }
        int n = hasVector.length;
        float[] scores = new float[n];
        Vectors.dotRows(normalized, dim, normalized, index * dim, scores);
        IntDoubleTopK top = new IntDoubleTopK(Math.min(k, Math.max(0, covered - 1)));
        for (int i = 0; i < n; i++) {
            if (hasVector[i] && i != index) {
                top.offer(i, scores[i]);
            }
        }
        int[] ids = new int[top.size()];
        double[] sims = new double[top.size()];
        int m = top.drain(ids, sims);
        List<Neighbor> out = new ArrayList<>(m);
        for (int j = 0; j < m; j++) {
            out.add(new Neighbor(ids[j], vocabulary.id(ids[j]), sims[j]));
        }
        return out;
    }

    /**
     * Returns cosine similarity over vocabulary indices: {@code out[b][i]} is the cosine of index {@code i} and
     * {@code queries[b]}; {@link Double#NEGATIVE_INFINITY} where either has no vector, and
     * {@link ItemSimilarity#covers} is {@link #hasVectorAt}.
     */
    public ItemSimilarity similarity() {
        return new Cosine();
    }

    /** Returns what the training did: tokens, time, throughput and final loss. */
    public TrainingStats stats() {
        return stats;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= hasVector.length) {
            throw new IllegalArgumentException("index: " + index + ", must be in [0, " + hasVector.length + ")");
        }
    }

    @Override
    public String toString() {
        return "Word2VecModel[dim=" + dim + ", " + covered + " of " + hasVector.length + " tokens with a vector, "
                + stats + "]";
    }

    /** Cosine over the normalised rows, one {@link Vectors#dotRows} per query. */
    private final class Cosine implements ItemSimilarity {
        @Override
        public int numItems() {
            return hasVector.length;
        }

        @Override
        public void similarities(int[] queries, double[][] out) {
            int n = hasVector.length;
            float[] scores = new float[n];
            for (int b = 0; b < queries.length; b++) {
                int q = queries[b];
                checkIndex(q);
                double[] row = out[b];
                if (!hasVector[q]) {
                    Arrays.fill(row, 0, n, Double.NEGATIVE_INFINITY);
                    continue;
                }
                Vectors.dotRows(normalized, dim, normalized, q * dim, scores);
                for (int i = 0; i < n; i++) {
                    row[i] = hasVector[i] ? scores[i] : Double.NEGATIVE_INFINITY;
                }
            }
        }

        @Override
        public boolean covers(int item) {
            return item >= 0 && item < hasVector.length && hasVector[item];
        }
    }
}
