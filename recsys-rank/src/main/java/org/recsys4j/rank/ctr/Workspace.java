package org.recsys4j.rank.ctr;

/** Per-thread scratch space of a {@link CtrModel}: activations, their gradients and (when training) a gradient array. */
final class Workspace {
    final float[] grad;
    final float[][] act;
    final float[][] dAct;
    final float[][] itemAct;
    final float[][] itemDAct;
    final float[] sum;
    double loss;

    Workspace(CtrModel m, boolean training) {
        grad = training ? new float[m.paramCount()] : null;
        act = m.mlp == null ? null : m.mlp.buffers();
        dAct = m.mlp == null ? null : m.mlp.buffers();
        itemAct = m.itemMlp == null ? null : m.itemMlp.buffers();
        itemDAct = m.itemMlp == null ? null : m.itemMlp.buffers();
        sum = new float[m.spec().dim()];
    }
}
