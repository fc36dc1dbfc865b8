package org.recsys4j.examples.code;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.embedding.graph.DeepWalk;
import org.recsys4j.embedding.graph.ItemGraph;
import org.recsys4j.embedding.graph.Node2Vec;
import org.recsys4j.embedding.graph.StartSelection;
import org.recsys4j.embedding.seq.ItemSequences;
import org.recsys4j.embedding.seq.SequenceCorpus;
import org.recsys4j.embedding.word2vec.Neighbor;
import org.recsys4j.embedding.word2vec.Word2Vec;
import org.recsys4j.embedding.word2vec.Word2VecModel;

/**
 * DeepWalk vs Node2vec on the item graph (an edge joins two movies liked one after the other by the
 * same user): both walk the graph and train word2vec on the walks; DeepWalk walks uniformly,
 * Node2vec with q = 0.5 prefers moving outwards (more "structural", less "local"). Prints one
 * movie's neighbours from both side by side and how many they share.
 *
 * <pre>java -cp recsys-examples/target/recsys4j.jar org.recsys4j.examples.code.DeepWalkVsNode2vec ../shared/data/ml-latest-small</pre>
 */
public final class DeepWalkVsNode2vec {
    /**
     * The two neighbour lists of one movie.
     *
     * @param deepWalk the DeepWalk neighbours, most similar first
     * @param node2vec the Node2vec neighbours, most similar first
     * @param overlap  how many movies both lists hold
     */
    public record Comparison(List<SimilarMovies.Similar> deepWalk, List<SimilarMovies.Similar> node2vec, int overlap) { }

    private DeepWalkVsNode2vec() {
    }

    /**
     * Builds the item graph of the liked ratings (≥ 3.5), trains DeepWalk and Node2vec (p = 1,
     * q = 0.5) on it with the same word2vec settings and returns the {@code k} neighbours of the seed
     * movie from each, among the movies with at least {@code minRatings} ratings (a rarely rated movie's
     * vector has seen few walks and lands near anything, so a served list usually filters them out).
     *
     * @param ml           the MovieLens data
     * @param seedMovieId  the movie to compare on
     * @param k            neighbours per model
     * @param walksPerNode random walks started per movie
     * @param epochs       word2vec epochs
     * @param minRatings   the fewest ratings a neighbour must have (0 = no filter)
     * @return both lists and their overlap
     */
    public static Comparison compare(MovieLensData ml, long seedMovieId, int k, int walksPerNode, int epochs,
                                     int minRatings) {
        SequenceCorpus liked = ItemSequences.builder().withThreshold(3.5).build().from(ml.ratings());
        ItemGraph graph = ItemGraph.fromSequences(liked);
        Word2Vec w2v = Word2Vec.builder().withDim(64).withWindow(5).withNegative(5).withEpochs(epochs)
                .withThreads(2).withSeed(42).withListener(p -> { }).build();
        // DeepWalk: uniform random walks, started more often from frequent movies
        Word2VecModel deepWalk = w2v.fit(DeepWalk.builder().withWalkLength(10).withWalksPerNode(walksPerNode)
                .withStartBy(StartSelection.FREQUENCY).withSeed(42).withThreads(2).build().walks(graph));
        // Node2vec: biased second-order walks; q < 1 explores away from the previous node
        Word2VecModel node2vec = w2v.fit(Node2Vec.builder().withP(1).withQ(0.5).withWalkLength(10)
                .withWalksPerNode(walksPerNode).withSeed(42).withThreads(2).build().walks(graph));
        int[] count = ml.ratings().itemCounts();
        List<SimilarMovies.Similar> a = neighbours(deepWalk, ml.catalog(), count, minRatings, seedMovieId, k);
        List<SimilarMovies.Similar> b = neighbours(node2vec, ml.catalog(), count, minRatings, seedMovieId, k);
        Set<Long> inA = new HashSet<>();
        a.forEach(s -> inA.add(s.movieId()));
        int overlap = (int) b.stream().filter(s -> inA.contains(s.movieId())).count();
        return new Comparison(a, b, overlap);
    }

    private static List<SimilarMovies.Similar> neighbours(Word2VecModel model, ItemCatalog catalog, int[] count,
                                                          int minRatings, long seed, int k) {
        List<SimilarMovies.Similar> out = new ArrayList<>();
        // brute-force cosine over all vectors, best first, seed excluded; keep the first k well-rated ones
        for (Neighbor n : model.mostSimilar(seed, model.numVectors() - 1)) {
            long id = Long.parseLong(n.id());
            if (out.size() == k) {
                break;
            }
            if (count[catalog.items().indexOf(id)] < minRatings) {
                continue;
            }
            out.add(new SimilarMovies.Similar(id, catalog.title(catalog.items().indexOf(id)), n.similarity()));
        }
        return out;
    }

    /**
     * Prints the 10 neighbours of The Matrix (movie 2571) with 20 ratings or more from DeepWalk and
     * Node2vec side by side.
     *
     * @param args the MovieLens folder (default {@code ../shared/data/ml-latest-small})
     * @throws Exception if the data cannot be read
     */
    public static void main(String[] args) throws Exception {
        MovieLensData ml = MovieLens.load(Path.of(args.length > 0 ? args[0] : "../shared/data/ml-latest-small"),
                LoadOptions.lenient());
        Comparison c = compare(ml, 2571L, 10, 10, 5, 20);
        System.out.printf(Locale.ROOT, "Neighbours of %s%n%-45s | %s%n",
                ml.catalog().title(ml.catalog().items().indexOf(2571L)), "DeepWalk", "Node2vec (p=1, q=0.5)");
        for (int i = 0; i < Math.max(c.deepWalk().size(), c.node2vec().size()); i++) {
            System.out.printf(Locale.ROOT, "%-45s | %s%n", cell(c.deepWalk(), i), cell(c.node2vec(), i));
        }
        System.out.println("overlap: " + c.overlap() + " of " + c.deepWalk().size());
    }

    private static String cell(List<SimilarMovies.Similar> list, int i) {
        if (i >= list.size()) {
            return "";
        }
        String t = list.get(i).title();
        return String.format(Locale.ROOT, "%.3f %s", list.get(i).cosine(), t.length() > 38 ? t.substring(0, 38) : t);
    }
}
