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
    /** DIN: the attention MLP's gradient buffers. */
    final float[][] seqDAct;
    /** The attention weight of each behaviour, and (DIEN) its gradient. */
    float[] seqA = new float[0];
    float[] seqDA = new float[0];
    /** DIEN: the behaviours' embeddings oldest first, the extractor states' and inputs' gradients [L·d]. */
    float[] seqX = new float[0];
    float[] seqDH = new float[0];
    float[] seqDX = new float[0];
    final int[] seqLen = new int[1];
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

    Workspace(CtrModel m, boolean training) {
        if (training) {
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
        seqDAct = m.attMlp == null ? null : m.attMlp.buffers();
        int d = m.spec().dim();
        vecA = new float[d];
        vecB = new float[d];
        vecC = new float[d];
        vecD = new float[d];
        gruExt = m.gruExt == null ? null : m.gruExt.newScratch();
        gruEvo = m.gruEvo == null ? null : m.gruEvo.newScratch();
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
        if (m.attMlp != null) {
            float[][][] act = java.util.Arrays.copyOf(seqAct, cap);
            for (int j = seqAct.length; j < cap; j++) {
                act[j] = m.attMlp.buffers();
            }
            seqAct = act;
        } else {
            seqX = new float[cap * d];
            seqDH = new float[cap * d];
            seqDX = new float[cap * d];
        }
    }
}
