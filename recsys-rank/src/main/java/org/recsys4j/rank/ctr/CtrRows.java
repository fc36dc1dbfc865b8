package org.recsys4j.rank.ctr;

import java.util.Collection;
import java.util.Optional;

/**
 * Labelled CTR rows of a {@link CtrSchema} that a {@link CtrTrainer} trains on and a {@link CtrModel} scores, read a
 * batch at a time: either rows held in memory ({@link CtrData}) or rows encoded on demand from a compact source
 * ({@link CtrSamples#rows(org.recsys4j.core.sample.Part)}: a sample set's rows, encoded a batch at a time, so that
 * training on tens of millions of samples holds no encoded row beyond the current batches).
 *
 * <p>Both give the same rows: the same ids, numerics and labels, hence the same {@link #fingerprint()}, and a model
 * trained on either with the same settings and seed is the same model, bit for bit.
 *
 * <pre>{@code
 * CtrSamples data = CtrSamples.of(samples);
 * TrainingResult r = CtrTrainer.builder(spec).build()
 *         .fit(data.rows(Part.FIT), data.rows(Part.VALIDATION));   // encoded batch by batch
 * double[] p = new double[data.rows(Part.TEST).size()];
 * r.model().predict(data.rows(Part.TEST), p, 2);
 * }</pre>
 */
public interface CtrRows {
    /** Returns the schema. */
    CtrSchema schema();

    /** Returns the number of rows. */
    int size();

    /** Returns true if every row has a label. */
    boolean hasLabels();

    /**
     * Returns the label of row {@code i} (1 or 0).
     *
     * @throws IllegalStateException if the rows have no labels
     */
    float label(int i);

    /** Returns the labels as booleans (for {@code Metrics.auc} and {@code Metrics.logLoss}). */
    default boolean[] labelArray() {
        boolean[] out = new boolean[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = label(i) > 0.5f;
        }
        return out;
    }

    /**
     * Returns the content fingerprint of the fitted encoders that made the rows, if recorded ({@link CtrData#encoders()}).
     *
     * @return the fingerprint (64 hex digits), or empty
     */
    Optional<String> encoders();

    /**
     * Returns the fingerprint of the rows, as {@link CtrData#fingerprint()} defines it: equal for equal rows, however
     * they are held.
     *
     * @return 64 hex digits
     */
    String fingerprint();

    /**
     * Appends rows {@code rows[from .. to-1]}, in that order, to {@code out} (a builder of this schema).
     *
     * @param rows row indices, each in {@code [0, size())}
     * @param from first position of {@code rows}
     * @param to   end position (exclusive)
     * @param out  the builder the rows are added to
     * @throws IndexOutOfBoundsException if a row index is out of range
     */
    void copyRows(int[] rows, int from, int to, CtrData.Builder out);

    /**
     * Appends rows {@code from .. to-1}, in order, to {@code out}.
     *
     * @param from first row
     * @param to   end row (exclusive)
     * @param out  the builder the rows are added to
     * @throws IndexOutOfBoundsException if the range is not inside {@code [0, size()]}
     */
    void copyRange(int from, int to, CtrData.Builder out);

    /**
     * Returns the rows at the given positions, in that order, e.g. the latest rows of a part or every k-th ({@link CtrData}
     * copies them; rows encoded on demand stay a view holding only the positions).
     *
     * @param rows row indices, each in {@code [0, size())}
     * @return the selected rows
     * @throws IndexOutOfBoundsException if a row index is out of range
     */
    CtrRows select(int[] rows);

    /**
     * Returns these rows with the named fields absent in every row: single-valued fields the OOV bucket 0, multi-hot
     * fields empty ({@link CtrData#withoutFields(Collection)}).
     *
     * @param fields field names of the schema
     * @return the rows without those fields
     * @throws IllegalArgumentException naming an unknown field
     */
    CtrRows withoutFields(Collection<String> fields);
}
