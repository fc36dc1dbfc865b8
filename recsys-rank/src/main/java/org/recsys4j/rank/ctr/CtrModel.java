package org.recsys4j.rank.ctr;

import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.Fingerprints;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.pipeline.Deadline;
import org.recsys4j.core.util.Parallel;
import org.recsys4j.core.vector.Vectors;
import org.recsys4j.rank.serving.BatchScorer;
import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.TensorSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A trained (or freshly initialised) CTR model: one of the architectures of {@link ModelType} over the
 * fields of a {@link CtrSchema}, with all its parameters in one float array. Made by
 * {@link #create(ModelSpec, CtrSchema, long)} and trained by {@link CtrTrainer}; scores rows of a
 * {@link CtrData} with {@link #logit(CtrData, int)} / {@link #predict(CtrData, int)} offline.
 *
 * <p><b>Online it is a {@link BatchScorer}</b>, so it ranks under the one model ranker,
 * {@link org.recsys4j.rank.serving.ModelRanker}, like an ONNX or a remote model (and {@code ModelServer}
 * serves it): its {@link #inputs()} are the schema's ({@link CtrSchema#inputs()}: one int64 id per
 * single-valued field, a bag of ids per multi-hot field, one float per numeric, each named as in the
 * schema), a {@link org.recsys4j.rank.serving.FeatureRowProvider} such as {@link ProtocolCFeatureProvider}
 * fills them, and {@link #score(InputBatch, double[], int, Deadline)} writes the predicted probabilities,
 * exactly {@link #predict(CtrData, int)} of the same rows.
 *
 * <p><b>Inputs.</b> A single-valued field contributes its id's embedding (or weight); a multi-hot field
 * contributes the <em>mean</em> of its ids' embeddings in the embedding models (zero vector when empty)
 * and the <em>sum</em> of its ids' weights in the first-order and FM parts; numerics enter as they are.
 * The OOV bucket 0 is an ordinary row that starts at zero, so an id never seen in training scores like
 * "unknown" rather than failing. {@link CtrData} already maps ids out of range to 0 and NaN numerics to 0.
 *
 * <p><b>Initialisation</b> (as the PyTorch twins in {@code anchors/ctr/train.py}): embeddings
 * N(0, 0.01²) with row 0 set to zero, first-order and wide weights and the biases of those parts zero,
 * dense layers U(−1/√fan_in, 1/√fan_in) like {@code nn.Linear}.
 *
 * <p><b>File format</b> ({@link #save}/{@link #load}): magic {@code R4JC}, format version
 * {@value #FORMAT_VERSION}, the model's {@link ArtifactInfo} (version 2 on: its trainer and settings, library
 * version, creation time and content fingerprint), the spec, the schema, the parameters, and a CRC-32 of
 * everything before it (version 1 files, without the info, are still read);
 * written atomically (the format itself is {@code CtrModelFile}'s). A file of another version, or whose
 * checksum does not match, is refused with a {@link DataFileException} naming the file, the part and the
 * problem.
 *
 * <p>Scoring is thread-safe (per-thread scratch space); training mutates the parameters and is done by
 * one {@link CtrTrainer} at a time.
 */
public final class CtrModel implements BatchScorer {
    /** The current file format version. */
    public static final int FORMAT_VERSION = 2;
    static final float INIT_STD = 0.01f;

    private final ModelSpec spec;
    private final CtrSchema schema;
    private volatile ArtifactInfo provenance = ArtifactInfo.builder(ArtifactInfo.CTR_MODEL)
            .withProducer(CtrModel.class.getName()).build();
    final float[] w;
    /** All parameter arrays: {@code w} first, then the MLP weight rows. */
    final float[][] arrays;
    private final List<Block> blocks = new ArrayList<>();

    final int bias;
    // first-order part
    final int[] linFields;
    final int[] linOff;
    final int[] numIdx;
    final int linNumOff;
    // FM part (own vectors per id and per numeric)
    final int[] fmOff;
    final int fmNumOff;
    // deep part (field embeddings -> MLP); the user tower for the two-tower model
    final int[] deepFields;
    final int[] embOff;
    final Mlp mlp;
    final boolean deepFmPairs;
    // wide part
    final int wideField;
    final int wideOff;
    // item tower
    final int[] itemFields;
    final int[] itemEmbOff;
    final int[] itemNumIdx;
    final Mlp itemMlp;

    private final ThreadLocal<Workspace> scoring;
    /** Turns a scored batch's tensors into rows, reusing a buffer per thread. */
    private final BatchRows batchRows;

    /** A named slice of the parameter array and how it is initialised. */
    private record Block(String name, int offset, int length, char init, int rowDim) {
    }

    /** Returns a model with all parameters zero (see {@link #create} for the initialised one). */
    CtrModel(ModelSpec spec, CtrSchema schema) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.schema = Objects.requireNonNull(schema, "schema");
        ModelType t = spec.type();
        int d = spec.dim();
        int[] at = {0};
        List<float[]> extra = new ArrayList<>();
        extra.add(null); // w
        bias = block("bias", 1, 'z', 1, at);
        int[] fields = resolveFields(spec.fields());
        numIdx = resolveNumerics(spec.numerics());
        boolean linear = t == ModelType.LOGISTIC_REGRESSION || t == ModelType.FM || t == ModelType.DEEP_FM;
        if (linear) {
            linFields = fields;
            linOff = new int[fields.length];
            for (int p = 0; p < fields.length; p++) {
                linOff[p] = block("linear." + schema.fieldName(fields[p]), schema.cardinality(fields[p]), 'z', 1, at);
            }
            linNumOff = block("linear.numerics", numIdx.length, 'z', 1, at);
        } else {
            linFields = null;
            linOff = null;
            linNumOff = -1;
        }
        if (t == ModelType.FM) {
            fmOff = new int[fields.length];
            for (int p = 0; p < fields.length; p++) {
                fmOff[p] = block("fm." + schema.fieldName(fields[p]), schema.cardinality(fields[p]) * d, 'e', d, at);
            }
            fmNumOff = block("fm.numerics", numIdx.length * d, 'n', d, at);
        } else {
            fmOff = null;
            fmNumOff = -1;
        }
        if (t == ModelType.EMBEDDING_MLP || t == ModelType.WIDE_DEEP || t == ModelType.DEEP_FM
                || t == ModelType.NEURAL_CF || t == ModelType.TWO_TOWER) {
            if (spec.hidden().length == 0 && t != ModelType.TWO_TOWER) {
                throw new IllegalArgumentException(t.label() + ": hidden layers: none, need at least one");
            }
            deepFields = fields;
            embOff = new int[fields.length];
            for (int p = 0; p < fields.length; p++) {
                embOff[p] = block("emb." + schema.fieldName(fields[p]), schema.cardinality(fields[p]) * d, 'e', d, at);
            }
            int[] sizes = layerSizes(fields.length * d + numIdx.length, spec.hidden(),
                    t == ModelType.TWO_TOWER ? spec.outDim() : 1);
            mlp = new Mlp(sizes, at[0], extra);
            block("mlp.bias", mlp.biasCount(), 'm', 1, at);
        } else {
            deepFields = null;
            embOff = null;
            mlp = null;
        }
        deepFmPairs = t == ModelType.DEEP_FM;
        if (t == ModelType.WIDE_DEEP) {
            wideField = schema.field(spec.wideField());
            wideOff = block("wide." + spec.wideField(), schema.cardinality(wideField), 'z', 1, at);
        } else {
            wideField = -1;
            wideOff = -1;
        }
        if (t == ModelType.TWO_TOWER) {
            itemFields = resolveFields(spec.itemFields());
            itemNumIdx = resolveNumerics(spec.itemNumerics());
            itemEmbOff = new int[itemFields.length];
            for (int p = 0; p < itemFields.length; p++) {
                itemEmbOff[p] = block("item.emb." + schema.fieldName(itemFields[p]),
                        schema.cardinality(itemFields[p]) * d, 'e', d, at);
            }
            itemMlp = new Mlp(layerSizes(itemFields.length * d + itemNumIdx.length, spec.hidden(), spec.outDim()), at[0],
                    extra);
            block("item.mlp.bias", itemMlp.biasCount(), 'i', 1, at);
        } else {
            itemFields = null;
            itemEmbOff = null;
            itemNumIdx = null;
            itemMlp = null;
        }
        w = new float[at[0]];
        extra.set(0, w);
        arrays = extra.toArray(new float[0][]);
        scoring = ThreadLocal.withInitial(() -> new Workspace(this, false));
        batchRows = new BatchRows(schema);
    }

    private static int[] layerSizes(int in, int[] hidden, int out) {
        int[] s = new int[hidden.length + 2];
        s[0] = in;
        System.arraycopy(hidden, 0, s, 1, hidden.length);
        s[s.length - 1] = out;
        return s;
    }

    private int block(String name, int length, char init, int rowDim, int[] at) {
        int off = at[0];
        blocks.add(new Block(name, off, length, init, rowDim));
        at[0] = Math.addExact(at[0], length);
        return off;
    }

    private int[] resolveFields(List<String> names) {
        int[] f = new int[names.size()];
        for (int p = 0; p < f.length; p++) {
            f[p] = schema.field(names.get(p));
        }
        return f;
    }

    private int[] resolveNumerics(List<String> names) {
        int[] f = new int[names.size()];
        for (int p = 0; p < f.length; p++) {
            f[p] = schema.numeric(names.get(p));
        }
        return f;
    }

    /**
     * Returns a freshly initialised model.
     *
     * @param spec   the architecture
     * @param schema the inputs; every field and numeric the spec names must be in it
     * @param seed   seeds the initialisation
     * @throws IllegalArgumentException naming an unknown field or numeric
     */
    public static CtrModel create(ModelSpec spec, CtrSchema schema, long seed) {
        CtrModel m = new CtrModel(spec, schema);
        Random r = new Random(seed);
        for (Block b : m.blocks) {
            switch (b.init) {
                case 'e', 'n' -> {
                    for (int k = 0; k < b.length; k++) {
                        m.w[b.offset + k] = (float) (r.nextGaussian() * INIT_STD);
                    }
                    if (b.init == 'e') {
                        Arrays.fill(m.w, b.offset, b.offset + b.rowDim, 0f); // OOV row
                    }
                }
                case 'm' -> m.mlp.init(m.w, r);
                case 'i' -> m.itemMlp.init(m.w, r);
                default -> {
                }
            }
        }
        return m;
    }

    /** Returns the architecture. */
    public ModelSpec spec() {
        return spec;
    }

    /** Returns the input schema. */
    public CtrSchema schema() {
        return schema;
    }

    /** Returns the number of parameters. */
    public int paramCount() {
        int n = 0;
        for (float[] a : arrays) {
            n += a.length;
        }
        return n;
    }

    /** Returns a copy of all parameters, in the order of the file format. */
    public float[] parameters() {
        float[] out = new float[paramCount()];
        int at = 0;
        for (float[] a : arrays) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }

    void setParameters(float[] values) {
        if (values.length != paramCount()) {
            throw new IllegalArgumentException("values: " + values.length + " parameters, the model has " + paramCount());
        }
        int at = 0;
        for (float[] a : arrays) {
            System.arraycopy(values, at, a, 0, a.length);
            at += a.length;
        }
        syncTransposed();
    }

    /** Refreshes the derived copies of the weights (after the parameters changed). */
    void syncTransposed() {
        if (mlp != null) {
            mlp.syncTransposed();
        }
        if (itemMlp != null) {
            itemMlp.syncTransposed();
        }
    }

    /**
     * Returns the logit of row {@code i}. Allocation-free after the calling thread's first call.
     *
     * @throws IllegalArgumentException if the rows have another schema
     */
    public double logit(CtrData data, int i) {
        checkSchema(data);
        return forward(data, i, scoring.get());
    }

    /** Returns the predicted probability of row {@code i}: the sigmoid of {@link #logit}. */
    public double predict(CtrData data, int i) {
        return sigmoid(logit(data, i));
    }

    /**
     * Writes the predicted probability of every row into {@code out}, on up to {@code threads} threads.
     *
     * @param data    the rows
     * @param out     at least {@code data.size()} long
     * @param threads at least 1
     */
    public void predict(CtrData data, double[] out, int threads) {
        checkSchema(data);
        Parallel.checkThreads(threads);
        if (out.length < data.size()) {
            throw new IllegalArgumentException("out: length " + out.length + " < " + data.size() + " rows");
        }
        Parallel.forRange(data.size(), threads, 512, (from, to) -> {
            Workspace ws = scoring.get();
            for (int i = from; i < to; i++) {
                out[i] = sigmoid(forward(data, i, ws));
            }
        });
    }

    /** Rows scored between two deadline checks of {@link #score(InputBatch, double[], int, Deadline)}. */
    static final int CHECK_EVERY = 64;

    /**
     * Scores the first {@code n} rows into {@code out[offset..offset+n)} on the calling thread, without
     * allocating, checking the deadline (and interruption) every {@value #CHECK_EVERY} rows; the scores do
     * not depend on it.
     */
    void predictRows(CtrData data, double[] out, int offset, int n, Deadline deadline) {
        checkSchema(data);
        Workspace ws = scoring.get();
        for (int i = 0; i < n; i++) {
            if ((i & (CHECK_EVERY - 1)) == CHECK_EVERY - 1) {
                deadline.check("ctr model " + spec.type());
            }
            out[offset + i] = sigmoid(forward(data, i, ws));
        }
    }

    /** Returns the model's inputs: the schema's, {@link CtrSchema#inputs()}. */
    @Override
    public List<TensorSpec> inputs() {
        return schema.inputs();
    }

    /**
     * Writes the predicted probability of each row of {@code batch} into {@code out[offset + r]}: the same
     * value {@link #predict(CtrData, int)} gives for the same ids and numerics. The batch's tensors are
     * found by name ({@link #inputs()}; extra tensors are ignored) and repaired as {@link CtrData} repairs
     * rows: an id outside {@code [0, cardinality)} is the OOV bucket 0, a NaN or infinite numeric 0. Runs
     * on the calling thread, reusing its buffers; checks the deadline every {@value #CHECK_EVERY} rows.
     *
     * @throws IllegalArgumentException if an input is missing from the batch or has another type or width
     * @throws org.recsys4j.core.pipeline.DeadlineExceededException once the deadline has passed
     */
    @Override
    public void score(InputBatch batch, double[] out, int offset, Deadline deadline) {
        Objects.requireNonNull(deadline, "deadline");
        int n = batch.rows();
        Objects.checkFromIndexSize(offset, n, out.length);
        if (n == 0) {
            return;
        }
        predictRows(batchRows.rows(batch), out, offset, n, deadline);
    }

    /** Returns the predicted probability of every row (on one thread). */
    public double[] predict(CtrData data) {
        double[] out = new double[data.size()];
        predict(data, out, 1);
        return out;
    }

    void checkSchema(CtrData data) {
        if (data.schema() != schema && !data.schema().equals(schema)) {
            throw new IllegalArgumentException("data: schema " + data.schema() + " is not the model's " + schema);
        }
    }

    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    // ------------------------------------------------------------------------------------------
    // forward / backward of one row
    // ------------------------------------------------------------------------------------------

    float forward(CtrData data, int i, Workspace ws) {
        float[] w = this.w;
        float z = w[bias];
        float[] num = data.numericColumn();
        int numBase = i * schema.numNumerics();
        if (linFields != null) {
            for (int p = 0; p < linFields.length; p++) {
                int f = linFields[p];
                int[] col = data.idColumn(f);
                int off = linOff[p];
                for (int k = data.start(f, i), e = data.end(f, i); k < e; k++) {
                    z += w[off + col[k]];
                }
            }
            for (int q = 0; q < numIdx.length; q++) {
                z += w[linNumOff + q] * num[numBase + numIdx[q]];
            }
        }
        if (fmOff != null) {
            int d = spec.dim();
            float[] s = ws.sum;
            Arrays.fill(s, 0f);
            float sq = 0f;
            for (int p = 0; p < linFields.length; p++) {
                int f = linFields[p];
                int[] col = data.idColumn(f);
                for (int k = data.start(f, i), e = data.end(f, i); k < e; k++) {
                    int o = fmOff[p] + col[k] * d;
                    Vectors.axpy(1f, w, o, s, 0, d);
                    sq += Vectors.dot(w, o, w, o, d);
                }
            }
            for (int q = 0; q < numIdx.length; q++) {
                float x = num[numBase + numIdx[q]];
                int o = fmNumOff + q * d;
                Vectors.axpy(x, w, o, s, 0, d);
                sq += x * x * Vectors.dot(w, o, w, o, d);
            }
            z += 0.5f * (Vectors.dot(s, 0, s, 0, d) - sq);
        }
        if (mlp != null) {
            float[] x0 = ws.act[0];
            int d = spec.dim();
            towerInput(data, i, deepFields, embOff, numIdx, num, numBase, x0);
            if (deepFmPairs) {
                float[] s = ws.sum;
                Arrays.fill(s, 0f);
                float sq = 0f;
                for (int p = 0; p < deepFields.length; p++) {
                    Vectors.axpy(1f, x0, p * d, s, 0, d);
                    sq += Vectors.dot(x0, p * d, x0, p * d, d);
                }
                z += 0.5f * (Vectors.dot(s, 0, s, 0, d) - sq);
            }
            mlp.forward(w, ws.act, ws.nz);
            if (itemMlp == null) {
                z += ws.act[mlp.layers()][0];
            }
        }
        if (wideOff >= 0) {
            int[] col = data.idColumn(wideField);
            for (int k = data.start(wideField, i), e = data.end(wideField, i); k < e; k++) {
                z += w[wideOff + col[k]];
            }
        }
        if (itemMlp != null) {
            towerInput(data, i, itemFields, itemEmbOff, itemNumIdx, num, numBase, ws.itemAct[0]);
            itemMlp.forward(w, ws.itemAct, ws.nz);
            z += Vectors.dot(ws.act[mlp.layers()], 0, ws.itemAct[itemMlp.layers()], 0, spec.outDim());
        }
        return z;
    }

    /**
     * Writes an MLP tower's input for row {@code i} into {@code x0}: each field's pooled embedding, then the
     * tower's numerics.
     */
    private void towerInput(CtrData data, int i, int[] fields, int[] offs, int[] numerics, float[] num, int numBase,
                            float[] x0) {
        int d = spec.dim();
        for (int p = 0; p < fields.length; p++) {
            pool(data, i, fields[p], offs[p], x0, p * d, d);
        }
        int nb = fields.length * d;
        for (int q = 0; q < numerics.length; q++) {
            x0[nb + q] = num[numBase + numerics[q]];
        }
    }

    private void pool(CtrData data, int i, int f, int off, float[] dst, int at, int d) {
        Arrays.fill(dst, at, at + d, 0f);
        int s = data.start(f, i);
        int e = data.end(f, i);
        if (e == s) {
            return;
        }
        int[] col = data.idColumn(f);
        float inv = 1f / (e - s);
        for (int k = s; k < e; k++) {
            Vectors.axpy(inv, w, off + col[k] * d, dst, at, d);
        }
    }

    private static void unpool(CtrData data, int i, int f, int off, float[] grad, float[] g, int at, int d) {
        int s = data.start(f, i);
        int e = data.end(f, i);
        if (e == s) {
            return;
        }
        int[] col = data.idColumn(f);
        float inv = 1f / (e - s);
        for (int k = s; k < e; k++) {
            Vectors.axpy(inv, grad, at, g, off + col[k] * d, d);
        }
    }

    /** Accumulates into {@code ws.grad} the gradient of the loss for row i given dLoss/dLogit = dz (after {@link #forward}). */
    void backward(CtrData data, int i, Workspace ws, float dz) {
        float[] w = this.w;
        float[] g = ws.grad;
        g[bias] += dz;
        float[] num = data.numericColumn();
        int numBase = i * schema.numNumerics();
        if (linFields != null) {
            for (int p = 0; p < linFields.length; p++) {
                int f = linFields[p];
                int[] col = data.idColumn(f);
                int off = linOff[p];
                for (int k = data.start(f, i), e = data.end(f, i); k < e; k++) {
                    g[off + col[k]] += dz;
                }
            }
            for (int q = 0; q < numIdx.length; q++) {
                g[linNumOff + q] += dz * num[numBase + numIdx[q]];
            }
        }
        if (fmOff != null) {
            int d = spec.dim();
            float[] s = ws.sum; // Σ x·v from forward
            for (int p = 0; p < linFields.length; p++) {
                int f = linFields[p];
                int[] col = data.idColumn(f);
                for (int k = data.start(f, i), e = data.end(f, i); k < e; k++) {
                    int o = fmOff[p] + col[k] * d;
                    Vectors.axpy(dz, s, 0, g, o, d);
                    Vectors.axpy(-dz, w, o, g, o, d);
                }
            }
            for (int q = 0; q < numIdx.length; q++) {
                float x = num[numBase + numIdx[q]];
                if (x != 0f) {
                    int o = fmNumOff + q * d;
                    Vectors.axpy(dz * x, s, 0, g, o, d);
                    Vectors.axpy(-dz * x * x, w, o, g, o, d);
                }
            }
        }
        if (mlp != null) {
            int d = spec.dim();
            int top = mlp.layers();
            if (itemMlp == null) {
                ws.dAct[top][0] = dz;
            } else {
                int out = spec.outDim();
                float[] u = ws.act[top];
                float[] v = ws.itemAct[itemMlp.layers()];
                float[] du = ws.dAct[top];
                float[] dv = ws.itemDAct[itemMlp.layers()];
                for (int o = 0; o < out; o++) {
                    du[o] = dz * v[o];
                    dv[o] = dz * u[o];
                }
            }
            mlp.backward(g, ws.grads, ws.act, ws.dAct, ws.nz);
            float[] dx0 = ws.dAct[0];
            if (deepFmPairs) {
                float[] s = ws.sum;
                float[] x0 = ws.act[0];
                for (int p = 0; p < deepFields.length; p++) {
                    int at = p * d;
                    for (int j = 0; j < d; j++) {
                        dx0[at + j] += dz * (s[j] - x0[at + j]);
                    }
                }
            }
            for (int p = 0; p < deepFields.length; p++) {
                unpool(data, i, deepFields[p], embOff[p], dx0, g, p * d, d);
            }
        }
        if (wideOff >= 0) {
            int[] col = data.idColumn(wideField);
            for (int k = data.start(wideField, i), e = data.end(wideField, i); k < e; k++) {
                g[wideOff + col[k]] += dz;
            }
        }
        if (itemMlp != null) {
            int d = spec.dim();
            itemMlp.backward(g, ws.grads, ws.itemAct, ws.itemDAct, ws.nz);
            for (int p = 0; p < itemFields.length; p++) {
                unpool(data, i, itemFields[p], itemEmbOff[p], ws.itemDAct[0], g, p * d, d);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // two-tower export
    // ------------------------------------------------------------------------------------------

    /**
     * Returns the user-tower vectors of a two-tower model, one per row of {@code rows}, keyed by {@code ids}
     * (row {@code r} belongs to {@code ids.id(r)}): the query side of a recall index. The model's logit is
     * {@code ⟨user, item⟩ + bias}, so an inner-product index ranks items as the model does.
     *
     * @throws IllegalStateException if this is not a two-tower model
     * @throws IllegalArgumentException if the sizes differ or the rows have another schema
     */
    public EmbeddingTable userVectors(CtrData rows, IdIndex ids) {
        return towerVectors(rows, ids, true);
    }

    /**
     * Returns the item-tower vectors of a two-tower model, one per row of {@code rows} (each row holds one
     * item's fields), keyed by {@code ids}: the vectors to put in an inner-product recall index.
     *
     * @throws IllegalStateException if this is not a two-tower model
     * @throws IllegalArgumentException if the sizes differ or the rows have another schema
     */
    public EmbeddingTable itemVectors(CtrData rows, IdIndex ids) {
        return towerVectors(rows, ids, false);
    }

    private EmbeddingTable towerVectors(CtrData rows, IdIndex ids, boolean user) {
        if (itemMlp == null) {
            throw new IllegalStateException(spec.type().label() + " has no towers; only a two-tower model exports vectors");
        }
        checkSchema(rows);
        if (ids.size() != rows.size()) {
            throw new IllegalArgumentException("ids: " + ids.size() + " ids for " + rows.size() + " rows");
        }
        int out = spec.outDim();
        float[] values = new float[rows.size() * out];
        Workspace ws = scoring.get();
        for (int r = 0; r < rows.size(); r++) {
            forward(rows, r, ws);
            float[] v = user ? ws.act[mlp.layers()] : ws.itemAct[itemMlp.layers()];
            System.arraycopy(v, 0, values, r * out, out);
        }
        return EmbeddingTable.of(ids, out, values);
    }

    /** Returns the two-tower model's bias (the logit is {@code ⟨user, item⟩ + bias}). */
    public float towerBias() {
        return w[bias];
    }

    // ------------------------------------------------------------------------------------------
    // save / load
    // ------------------------------------------------------------------------------------------

    /**
     * Writes the model to {@code file} atomically (see the class comment for the format).
     *
     * @throws IOException if writing fails; the previous file, if any, is then unchanged
     */
    public void save(Path file) throws IOException {
        CtrModelFile.save(this, file);
    }

    /**
     * Returns the model's info: its provenance (the trainer and its settings when trained by {@link CtrTrainer},
     * as recorded in the file when loaded) and its identity: no ids (its embedding rows are the encoders'
     * vocabulary indices, not item ids; the encoders are saved with {@code EncoderFormat}), and the content
     * fingerprint, the SHA-256 of the spec, schema and parameters as saved, computed from the current parameters.
     *
     * @return the info
     */
    public ArtifactInfo info() {
        return provenance.identified(paramCount(), "", Fingerprints.bytes(CtrModelFile.payload(this)));
    }

    /**
     * Returns a copy of this model (its own parameters) with another provenance, e.g. a name, the fingerprint of
     * the encoders it was trained with (as an input) or a pinned creation time.
     *
     * @param provenance the provenance, of kind {@value ArtifactInfo#CTR_MODEL}
     * @return the copy
     * @throws IllegalArgumentException if the kind is another
     */
    public CtrModel withInfo(ArtifactInfo provenance) {
        Objects.requireNonNull(provenance, "provenance");
        if (!ArtifactInfo.CTR_MODEL.equals(provenance.kind())) {
            throw new IllegalArgumentException("provenance: kind " + provenance.kind() + ", must be "
                    + ArtifactInfo.CTR_MODEL);
        }
        CtrModel m = new CtrModel(spec, schema);
        m.setParameters(parameters());
        m.provenance = provenance.toBuilder().build();
        return m;
    }

    /** Sets the provenance (the trainer, and the reader of a file, record theirs). */
    void provenance(ArtifactInfo provenance) {
        this.provenance = provenance;
    }

    /** Returns the provenance without identity. */
    ArtifactInfo provenance() {
        return provenance;
    }

    /**
     * Reads a model written by {@link #save}.
     *
     * @param file the model file
     * @throws DataFileException if the file is not a model file, has another format version, is truncated
     *                           or corrupted (checksum mismatch), or is inconsistent; the message names the
     *                           file and the part
     * @throws IOException       if reading fails
     */
    public static CtrModel load(Path file) throws IOException {
        return CtrModelFile.load(file);
    }

    /**
     * Reads a model written by {@link #save} and checks that it was trained on rows made by {@code encoders}: the
     * content fingerprint the model records as its input {@value CtrTrainer#ENCODERS} must be the encoders'. So a model
     * and the encoders of another fit (a swapped pair of files, or encoders refitted since) are refused instead of
     * scoring rows whose ids mean other values. A model that records no encoders (a version-1 file, or one trained
     * on rows that did not name theirs) cannot be checked and loads as {@link #load(Path)} does.
     *
     * @param file     the model file
     * @param encoders the fitted encoders the model will score rows of (e.g. loaded with {@code FeatureSchema.load})
     * @return the model
     * @throws DataFileException naming the file, the model's and the encoders' fingerprints if they differ, or as
     *                           {@link #load(Path)}
     * @throws IOException       if reading fails
     */
    public static CtrModel load(Path file, org.recsys4j.core.feature.FittedSchema<?> encoders) throws IOException {
        Objects.requireNonNull(encoders, "encoders");
        CtrModel m = CtrModelFile.load(file);
        m.provenance().requireInput(CtrTrainer.ENCODERS, encoders.info().contentFingerprint().orElseThrow(),
                String.valueOf(file.getFileName()));
        return m;
    }

    @Override
    public String toString() {
        return "CtrModel" + spec + "[" + paramCount() + " parameters]";
    }
}
