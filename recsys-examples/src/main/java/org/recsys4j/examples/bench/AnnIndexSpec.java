package org.recsys4j.examples.bench;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.recall.index.Metric;
import org.recsys4j.recall.index.Neighbors;
import org.recsys4j.recall.index.VectorIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * One index configuration of protocol A ({@code bench ann}): how to build it and, if it has search-time knobs
 * (HNSW's ef, IVF's nprobe, LSH's probes), the points of its recall/speed curve. {@link AnnBench#specs()}
 * lists them; adding an index is one line there, e.g.
 *
 * <pre>{@code
 * AnnIndexSpec.of("Recsys4J brute force", "-", BruteForceIndex::of),
 * AnnIndexSpec.withKnob("Recsys4J HNSW", "M=16 efConstruction=200",
 *         (table, metric) -> HnswIndex.builder(table, metric).withM(16).withEfConstruction(200).build(),
 *         "ef", new int[] {10, 16, 32, 64, 128}, (index, ef, query, k) -> index.search(query, k, ef)),
 * }</pre>
 */
public interface AnnIndexSpec {
    /** Returns the system's name in the results table, e.g. {@code Recsys4J HNSW}. */
    String name();

    /** Returns the build settings as shown in the table, e.g. {@code M=16 efConstruction=200}, or {@code -}. */
    String settings();

    /**
     * Builds the index (timed by the bench as the build time).
     *
     * @param table  the base vectors; row {@code i} has id {@code i}
     * @param metric the metric of the run
     * @return the built index
     */
    VectorIndex build(EmbeddingTable table, Metric metric);

    /**
     * Returns the search-time operating points of a built index, one table row each; by default one point
     * ({@code -}) that calls {@link VectorIndex#search(float[], int)}.
     *
     * @param index what {@link #build} returned
     * @return at least one point
     */
    default List<SearchPoint> searchPoints(VectorIndex index) {
        return List.of(new SearchPoint("-", index::search));
    }

    /**
     * Returns whether this index is measured for {@code metric}; by default every metric. {@link #onlyFor}
     * restricts a spec to one metric (e.g. sign-LSH, which is cosine only).
     *
     * @param metric the metric of the run
     * @return true if the bench builds this index for that metric
     */
    default boolean supports(Metric metric) {
        return true;
    }

    /**
     * Returns this spec restricted to one metric (its other methods unchanged).
     *
     * @param metric the only metric it is measured for
     * @return the restricted spec
     */
    default AnnIndexSpec onlyFor(Metric metric) {
        Objects.requireNonNull(metric, "metric");
        AnnIndexSpec self = this;
        return new AnnIndexSpec() {
            @Override
            public String name() {
                return self.name();
            }

            @Override
            public String settings() {
                return self.settings();
            }

            @Override
            public VectorIndex build(EmbeddingTable table, Metric m) {
                return self.build(table, m);
            }

            @Override
            public List<SearchPoint> searchPoints(VectorIndex index) {
                return self.searchPoints(index);
            }

            @Override
            public boolean supports(Metric m) {
                return m == metric && self.supports(m);
            }
        };
    }

    /** Searches one query at one operating point; must be safe to call from several threads at once. */
    @FunctionalInterface
    interface Searcher {
        /**
         * Returns up to {@code k} rows nearest to {@code query}, best first.
         *
         * @param query the query vector
         * @param k     the number of neighbours
         * @return the answer
         */
        Neighbors search(float[] query, int k);
    }

    /**
     * One search-time operating point.
     *
     * @param label    the knob setting as shown in the table, e.g. {@code ef=32}, or {@code -}
     * @param searcher the search at this setting
     */
    record SearchPoint(String label, Searcher searcher) {
        /** Checks that both parts are present. */
        public SearchPoint {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(searcher, "searcher");
        }
    }

    /**
     * A search with an integer knob, for {@link #withKnob}.
     *
     * @param <I> the index type
     */
    @FunctionalInterface
    interface KnobSearch<I extends VectorIndex> {
        /**
         * Searches {@code index} with the knob at {@code value}.
         *
         * @param index the built index
         * @param value the knob's value
         * @param query the query vector
         * @param k     the number of neighbours
         * @return the answer
         */
        Neighbors search(I index, int value, float[] query, int k);
    }

    /**
     * Returns a spec without search-time knobs.
     *
     * @param name     the system's name
     * @param settings the build settings, or {@code -}
     * @param builder  builds the index from the base table and the metric
     * @return the spec
     */
    static AnnIndexSpec of(String name, String settings, BiFunction<EmbeddingTable, Metric, ? extends VectorIndex> builder) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(builder, "builder");
        return new AnnIndexSpec() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String settings() {
                return settings;
            }

            @Override
            public VectorIndex build(EmbeddingTable table, Metric metric) {
                return builder.apply(table, metric);
            }
        };
    }

    /**
     * Returns a spec with one integer search-time knob swept over {@code values}: one table row per value
     * (labelled {@code knob=value}), all on the same built index.
     *
     * @param name     the system's name
     * @param settings the build settings
     * @param builder  builds the index
     * @param knob     the knob's name, e.g. {@code ef}
     * @param values   the values to measure, in table order
     * @param search   searches the built index at one value
     * @param <I>      the index type
     * @return the spec
     */
    static <I extends VectorIndex> AnnIndexSpec withKnob(String name, String settings,
                                                         BiFunction<EmbeddingTable, Metric, I> builder, String knob,
                                                         int[] values, KnobSearch<I> search) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(knob, "knob");
        Objects.requireNonNull(search, "search");
        int[] vs = values.clone();
        if (vs.length == 0) {
            throw new IllegalArgumentException("values: empty, give at least one " + knob);
        }
        return new AnnIndexSpec() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String settings() {
                return settings;
            }

            @Override
            public VectorIndex build(EmbeddingTable table, Metric metric) {
                return builder.apply(table, metric);
            }

            @Override
            @SuppressWarnings("unchecked")
            public List<SearchPoint> searchPoints(VectorIndex index) {
                I typed = (I) index;
                List<SearchPoint> points = new ArrayList<>();
                for (int v : vs) {
                    points.add(new SearchPoint(knob + "=" + v, (q, k) -> search.search(typed, v, q, k)));
                }
                return points;
            }
        };
    }
}
