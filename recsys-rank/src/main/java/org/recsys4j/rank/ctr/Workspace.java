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
        nz = new int[Math.max(m.mlp == null ? 0 : m.mlp.maxWidth(), m.itemMlp == null ? 0 : m.itemMlp.maxWidth())];
    }
}
