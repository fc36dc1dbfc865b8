package org.recsys4j.rank.ctr;

import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.TensorSpec;

import java.util.List;

/**
 * The input side of {@link CtrModel} as a {@code BatchScorer}: turns an {@link InputBatch} of the schema's
 * inputs ({@link CtrSchema#inputs()}) into {@link CtrData} rows, repaired as {@link CtrData.Builder}
 * repairs them (ids outside {@code [0, cardinality)} and ids past the int range to the OOV bucket 0,
 * NaN and infinite numerics to 0). Each thread reuses one row buffer, so a batch costs no allocation
 * once the buffer has grown to the batch's size. Thread-safe.
 */
final class BatchRows {
    private final CtrSchema schema;
    private final ThreadLocal<CtrData.Builder> buffers;

    BatchRows(CtrSchema schema) {
        this.schema = schema;
        this.buffers = ThreadLocal.withInitial(() -> new CtrData.Builder(schema, 512));
    }

    /**
     * Returns the rows of {@code batch}, a view valid until the calling thread's next call.
     *
     * @throws IllegalArgumentException if an input of the schema is missing from the batch or has another
     *                                  type or width (extra tensors are ignored)
     */
    CtrData rows(InputBatch batch) {
        List<TensorSpec> expected = schema.inputs();
        int[] tensor = new int[expected.size()];
        for (int k = 0; k < tensor.length; k++) {
            TensorSpec e = expected.get(k);
            int t = batch.indexOf(e.name());
            if (!batch.spec(t).equals(e)) {
                throw new IllegalArgumentException("input '" + e.name() + "': the CTR model expects " + e + ", the batch has "
                        + batch.spec(t));
            }
            tensor[k] = t;
        }
        int nf = schema.numFields();
        int nn = schema.numNumerics();
        long[][] ids = new long[nf][];
        int[][] offsets = new int[nf][];
        for (int f = 0; f < nf; f++) {
            ids[f] = batch.longs(tensor[f]);
            offsets[f] = schema.isMultiHot(f) ? batch.offsets(tensor[f]) : null;
        }
        float[][] numerics = new float[nn][];
        for (int j = 0; j < nn; j++) {
            numerics[j] = batch.floats(tensor[nf + j]);
        }
        CtrData.Builder b = buffers.get().reset();
        for (int r = 0; r < batch.rows(); r++) {
            for (int f = 0; f < nf; f++) {
                if (offsets[f] != null) {
                    for (int k = offsets[f][r]; k < offsets[f][r + 1]; k++) {
                        b.addId(f, toId(ids[f][k]));
                    }
                } else {
                    b.addId(f, toId(ids[f][r]));
                }
            }
            for (int j = 0; j < nn; j++) {
                b.addNumeric(j, numerics[j][r]);
            }
            b.addRow();
        }
        return b.view();
    }

    /** Returns an int64 id as a field id; one outside the int range becomes -1, which the rows map to OOV. */
    private static int toId(long id) {
        return id >= 0 && id <= Integer.MAX_VALUE ? (int) id : -1;
    }
}
