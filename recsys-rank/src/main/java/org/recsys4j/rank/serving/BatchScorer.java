package org.recsys4j.rank.serving;

import java.util.List;
import org.recsys4j.core.pipeline.Deadline;

/**
 * A model that scores a batch of input rows in one call: a CTR model trained by Recsys4J
 * ({@code org.recsys4j.rank.ctr.CtrModel}), an ONNX model run in the JVM, a remote model server, or a
 * ranker behind {@code ModelServer}. The model side of {@link ModelRanker}; a {@link FeatureRowProvider}
 * builds its input.
 *
 * <p>Implementations are safe to call from many threads at once.
 */
public interface BatchScorer {
    /** Returns the inputs the model expects, in signature order. */
    List<TensorSpec> inputs();

    /**
     * Writes the score of row {@code r} of {@code batch} into {@code out[offset + r]}. A scorer that works
     * for long (many rows, retries) checks the deadline as it goes: once it has passed it stops with a
     * {@link org.recsys4j.core.pipeline.DeadlineExceededException} (a
     * {@link java.util.concurrent.CancellationException}, not a scoring failure); rows not scored by then
     * keep what {@code out} held.
     *
     * @param batch    the input rows; its tensors match {@link #inputs()}
     * @param out      output array
     * @param offset   where row 0's score goes
     * @param deadline when the caller stops waiting ({@link Deadline#none()} for never)
     * @throws ScoringException if the model cannot score the batch
     */
    void score(InputBatch batch, double[] out, int offset, Deadline deadline);

    /**
     * Scores the batch without a deadline: {@code score(batch, out, offset, Deadline.none())}.
     *
     * @throws ScoringException if the model cannot score the batch
     */
    default void score(InputBatch batch, double[] out, int offset) {
        score(batch, out, offset, Deadline.none());
    }
}
