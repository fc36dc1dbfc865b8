package org.recsys4j.rank.serving;

import java.util.List;

/**
 * A model that scores a batch of input rows in one call: an ONNX model run in the JVM, a remote
 * model server, or one of our own models behind {@code ModelServer}. The model side of
 * {@link ModelRanker}; a {@link FeatureRowProvider} builds its input.
 *
 * <p>Implementations are safe to call from many threads at once.
 */
public interface BatchScorer {
    /** Returns the inputs the model expects, in signature order. */
    List<TensorSpec> inputs();

    /**
     * Writes the score of row {@code r} of {@code batch} into {@code out[offset + r]}.
     *
     * @param batch  the input rows; its tensors match {@link #inputs()}
     * @param out    output array
     * @param offset where row 0's score goes
     * @throws ScoringException if the model cannot score the batch
     */
    void score(InputBatch batch, double[] out, int offset);
}
