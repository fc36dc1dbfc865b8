package org.recsys4j.examples.bench;

import org.recsys4j.core.data.EmbeddingTable;

import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Returns synthetic embedding rows for the store commands: keys {@code i0, i1, ...} and vectors of
 * uniform components in [-1, 1), the same sequence for the same seed whether streamed or tabled.
 */
public final class SyntheticVectors {
    private SyntheticVectors() {
    }

    /**
     * Returns an iterator over {@code rows} rows, generated lazily (constant memory).
     *
     * @param rows number of rows, at least 0
     * @param dim  components per vector, at least 1
     * @param seed the random seed
     */
    public static Iterator<Map.Entry<String, float[]>> rows(long rows, int dim, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        return new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < rows;
            }

            @Override
            public Map.Entry<String, float[]> next() {
                if (next >= rows) {
                    throw new NoSuchElementException();
                }
                return Map.entry(key(next++), vector(rnd, dim));
            }
        };
    }

    /**
     * Returns the same rows as {@link #rows} as a table.
     *
     * @param rows number of rows
     * @param dim  components per vector
     * @param seed the random seed
     */
    public static EmbeddingTable table(int rows, int dim, long seed) {
        EmbeddingTable.Builder b = EmbeddingTable.builder(dim);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < rows; i++) {
            b.add(key(i), vector(rnd, dim));
        }
        return b.build();
    }

    /** Returns the key of row {@code i}: {@code "i" + i}. */
    public static String key(long i) {
        return "i" + i;
    }

    private static float[] vector(SplittableRandom rnd, int dim) {
        float[] v = new float[dim];
        for (int j = 0; j < dim; j++) {
            v[j] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }
}
