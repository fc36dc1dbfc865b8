package org.recsys4j.examples.code;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.embedding.seq.ItemSequences;
import org.recsys4j.embedding.seq.SequenceCorpus;
import org.recsys4j.embedding.word2vec.Word2Vec;
import org.recsys4j.recall.index.HnswIndex;
import org.recsys4j.recall.index.Metric;
import org.recsys4j.recall.index.Neighbors;
import org.recsys4j.recall.index.VectorIndex;

/**
 * "Movies similar to Toy Story" with item2vec: word2vec trained on each user's liked movies in time
 * order (a user's likes are a "sentence", a movie a "word"), then an HNSW index answers the nearest
 * movies by cosine.
 *
 * <pre>java -cp recsys-examples/target/recsys4j.jar org.recsys4j.examples.code.SimilarMovies ../shared/data/ml-latest-small</pre>
 */
public final class SimilarMovies {
    /**
     * One similar movie.
     *
     * @param movieId the MovieLens movie id
     * @param title   its title
     * @param cosine  the cosine similarity of its vector to the seed's
     */
    public record Similar(long movieId, String title, double cosine) { }

    private SimilarMovies() {
    }

    /**
     * Trains item2vec on the liked ratings (rating ≥ 3.5) and returns the {@code k} movies nearest
     * to {@code seedMovieId}, the seed itself left out.
     *
     * @param ml          the MovieLens data
     * @param seedMovieId the movie to start from, e.g. 1 (Toy Story)
     * @param k           how many similar movies
     * @param dim         embedding dimension
     * @param epochs      word2vec epochs
     * @return the similar movies, most similar first
     * @throws IllegalArgumentException if the seed has no vector (no liked rating)
     */
    public static List<Similar> similarTo(MovieLensData ml, long seedMovieId, int k, int dim, int epochs) {
        // 1. one "sentence" per user: the movies they rated 3.5 or more, oldest first
        SequenceCorpus liked = ItemSequences.builder().withThreshold(3.5).build().from(ml.ratings());
        // 2. item2vec: skip-gram with negative sampling over those sentences; the table's ids are movie ids
        EmbeddingTable vectors = Word2Vec.builder().withDim(dim).withWindow(5).withNegative(5).withEpochs(epochs)
                .withThreads(2).withSeed(42).withListener(p -> { }).build().fit(liked).table();
        // 3. an approximate nearest-neighbour index over the vectors, by cosine similarity
        VectorIndex index = HnswIndex.builder(vectors, Metric.COSINE).withM(16).withEfConstruction(100)
                .withEf(100).withSeed(42).build();
        int seedRow = vectors.ids().indexOf(seedMovieId);
        if (seedRow < 0) {
            throw new IllegalArgumentException("seedMovieId " + seedMovieId + " has no vector (no liked rating)");
        }
        // 4. the seed's vector is the query; the filter keeps the seed out of its own answer
        Neighbors nn = index.search(vectors.vector(seedRow), k, row -> row != seedRow);
        List<Similar> out = new ArrayList<>();
        for (int i = 0; i < nn.size(); i++) {
            long id = index.ids().longId(nn.rows()[i]);
            out.add(new Similar(id, ml.catalog().title(ml.catalog().items().indexOf(id)), nn.scores()[i]));
        }
        return out;
    }

    /**
     * Prints the 10 movies most similar to Toy Story (movie 1).
     *
     * @param args the MovieLens folder (default {@code ../shared/data/ml-latest-small})
     * @throws Exception if the data cannot be read
     */
    public static void main(String[] args) throws Exception {
        MovieLensData ml = MovieLens.load(Path.of(args.length > 0 ? args[0] : "../shared/data/ml-latest-small"),
                LoadOptions.lenient());
        System.out.println("Movies similar to " + ml.catalog().title(ml.catalog().items().indexOf(1L)) + " (item2vec):");
        for (Similar s : similarTo(ml, 1L, 10, 64, 10)) {
            System.out.printf(Locale.ROOT, "  %.3f  %s%n", s.cosine(), s.title());
        }
    }
}
