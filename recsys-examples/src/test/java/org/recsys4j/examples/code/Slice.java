package org.recsys4j.examples.code;

import java.nio.file.Path;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.synth.SyntheticMovieLens;

/** The small data slice the example tests run on: synthetic MovieLens with 4 planted item clusters. */
final class Slice {
    static final int CLUSTERS = 4;

    private Slice() {
    }

    /** Writes the slice to {@code dir} and loads it; item index {@code i} belongs to cluster {@code i % 4}. */
    static MovieLensData load(Path dir) throws Exception {
        SyntheticMovieLens.builder(100, 150, 5_000, 3).withClusters(CLUSTERS).build().writeLatestCsv(dir);
        return MovieLens.load(dir, LoadOptions.lenient());
    }

    /** Returns the planted cluster of a movie id. */
    static int cluster(MovieLensData ml, long movieId) {
        return ml.catalog().items().indexOf(movieId) % CLUSTERS;
    }
}
