package org.recsys4j.rank.ctr;

/** Per-thread scratch space of a {@link CtrModel}: activations, their gradients and (when training) a gradient array. */
final class Workspace {
    final float[] grad;
    /** One gradient array per parameter array of the model ({@code grads[0] == grad}). */
    final float[][] grads;
    final float[][] act;
    final float[][] dAct;
    final float[][] itemAct;
    final float[][] itemDAct;
    final float[] sum;
    final int[] nz;
    double loss;
    // behaviour sequences (DIN, DIEN), grown to the longest sequence seen
    /** DIN: the attention MLP's activations of each behaviour. */
    float[][][] seqAct = new float[0][][];
    /** DIN: the attention MLP's gradient buffers of each behaviour. */
    float[][][] seqDActs = new float[0][][];
    /** The attention weight of each behaviour, and (DIEN) its gradient. */
    float[] seqA = new float[0];
    float[] seqDA = new float[0];
    /** DIEN: the behaviours' embeddings oldest first, the extractor states' and inputs' gradients [L·d]. */
    float[] seqX = new float[0];
    float[] seqDH = new float[0];
    float[] seqDX = new float[0];
    final int[] seqLen = new int[1];
    /** The row's known behaviours (ids, most recent first) and their number (see {@code CtrModel.behaviours}). */
    int[] seqIds = new int[0];
    int seqCount;
    /** DIN: the row's candidate is unknown, its interest is the behaviours' mean (no attention). */
    boolean seqPooled;
    final float[] vecA;
    final float[] vecB;
    final float[] vecC;
    final float[] vecD;
    final org.recsys4j.rank.nn.Gru.Scratch gruExt;
    final org.recsys4j.rank.nn.Gru.Scratch gruEvo;
    /** DIEN's auxiliary loss: the negative-sampling seed, the batch's scale (0: no auxiliary loss) and its sum. */
    long auxSeed;
    /**
     * Training on rows encoded on demand ({@link CtrRows}): the data row {@code i} is row {@code rowIds[rowBase + i]} of
     * the training rows (what DIEN's negatives are drawn for); null when the data are the training rows themselves.
     */
    int[] rowIds;
    int rowBase;
    float auxScale;
    double auxLoss;

    /** Returns the training row that data row {@code i} is. */
    int rowId(int i) {
        return rowIds == null ? i : rowIds[rowBase + i];
    }

    /**
     * Says that the data rows are training rows {@code rowIds[rowBase + i]} (null: the training rows themselves), for
     * this workspace and its block workspaces.
     */
    void trainingRows(int[] ids, int base) {
        rowIds = ids;
        rowBase = base;
        if (block != null) {
            for (Workspace b : block) {
                b.rowIds = ids;
                b.rowBase = base;
            }
        }
    }

    private int[] identity = new int[0];

    /** Returns {@code 0, 1, ..., n-1} (at least; a reused array). */
    int[] identity(int n) {
        if (identity.length < n) {
            identity = new int[n];
            for (int i = 0; i < n; i++) {
                identity[i] = i;
            }
        }
        return identity;
    }

    /** Rows per training block (see {@link CtrModel#blockTrainable()}). */
    static final int BLOCK = 16;
    /** A training slice's per-row workspaces of one block, sharing this one's gradient arrays (null: row by row). */
    final Workspace[] block;
    /** The block rows' MLP activations and gradients ({@code block[r].act}, {@code block[r].dAct}). */
    final float[][][] blockActs;
    final float[][][] blockDActs;
    /** The block rows' logits. */
    final float[] blockZ;

    Workspace(CtrModel m, boolean training) {
        this(m, training, null);
    }

    /**
     * Returns a workspace; when training, with its own gradient arrays, or accumulating into {@code sharedGrads}
     * (the rows of one training block share their slice's gradient).
     */
    Workspace(CtrModel m, boolean training, float[][] sharedGrads) {
        if (sharedGrads != null) {
            grads = sharedGrads;
            grad = grads[0];
        } else if (training) {
            grads = new float[m.arrays.length][];
            for (int a = 0; a < grads.length; a++) {
                grads[a] = new float[m.arrays[a].length];
            }
            grad = grads[0];
        } else {
            grads = null;
            grad = null;
        }
        act = m.mlp == null ? null : m.mlp.buffers();
        dAct = m.mlp == null ? null : m.mlp.buffers();
        itemAct = m.itemMlp == null ? null : m.itemMlp.buffers();
        itemDAct = m.itemMlp == null ? null : m.itemMlp.buffers();
        sum = new float[m.spec().dim()];
        nz = new int[Math.max(Math.max(m.mlp == null ? 0 : m.mlp.maxWidth(), m.itemMlp == null ? 0 : m.itemMlp.maxWidth()),
                m.attMlp == null ? 0 : m.attMlp.maxWidth())];
        int d = m.spec().dim();
        vecA = new float[d];
        vecB = new float[d];
        vecC = new float[d];
        vecD = new float[d];
        gruExt = m.gruExt == null ? null : m.gruExt.newScratch();
        gruEvo = m.gruEvo == null ? null : m.gruEvo.newScratch();
        block = training && sharedGrads == null && m.blockTrainable() ? new Workspace[BLOCK] : null;
        if (block != null) {
            for (int r = 0; r < BLOCK; r++) {
                block[r] = new Workspace(m, true, grads);
            }
            blockActs = new float[BLOCK][][];
            blockDActs = new float[BLOCK][][];
            for (int r = 0; r < BLOCK; r++) {
                blockActs[r] = block[r].act;
                blockDActs[r] = block[r].dAct;
            }
            blockZ = new float[BLOCK];
        } else {
            blockActs = null;
            blockDActs = null;
            blockZ = null;
        }
    }

    /** Grows the sequence buffers to {@code len} behaviours. */
    void ensureSequence(CtrModel m, int len) {
        if (seqA.length >= len) {
            return;
        }
        int cap = Math.max(len, 2 * seqA.length);
        int d = m.spec().dim();
        seqA = new float[cap];
        seqDA = new float[cap];
        seqIds = new int[cap];
        if (m.attMlp != null) {
            float[][][] act = java.util.Arrays.copyOf(seqAct, cap);
            float[][][] dAct = java.util.Arrays.copyOf(seqDActs, cap);
            for (int j = seqAct.length; j < cap; j++) {
                act[j] = m.attMlp.buffers();
                dAct[j] = m.attMlp.buffers();
            }
            seqAct = act;
            seqDActs = dAct;
        } else {
            seqX = new float[cap * d];
            seqDH = new float[cap * d];
            seqDX = new float[cap * d];
        }
    }
}
