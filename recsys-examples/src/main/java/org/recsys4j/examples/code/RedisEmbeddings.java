package org.recsys4j.examples.code;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.store.BatchRead;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.store.RedisFeatureStore;
import org.recsys4j.core.store.RedisStoreConfig;
import org.recsys4j.core.store.StoreLoader;
import org.recsys4j.embedding.seq.ItemSequences;
import org.recsys4j.embedding.word2vec.Word2Vec;
import org.recsys4j.recall.index.HnswIndex;
import org.recsys4j.recall.index.Metric;
import org.recsys4j.recall.index.Neighbors;
import org.recsys4j.recall.index.VectorIndex;

/**
 * Embeddings through a feature store: item2vec vectors are written to a store as one versioned load
 * (readers switch to the new version only when it is complete), and "similar movies" is answered from
 * the vectors read back from the store, as a serving process started later would. Redis with
 * {@code --redis host:port}, else the in-memory store (same interface).
 *
 * <pre>java -cp recsys-examples/target/recsys4j.jar org.recsys4j.examples.code.RedisEmbeddings ../shared/data/ml-latest-small --redis 127.0.0.1:6379</pre>
 */
public final class RedisEmbeddings {
    /** The store namespace of the item vectors (keys: movie ids). */
    public static final String NAMESPACE = "item2vec";

    /**
     * What {@link #loadAndQuery} returns.
     *
     * @param load    the loader's summary (version, rows, seconds)
     * @param similar the movies similar to the seed, from the store's vectors
     */
    public record Result(StoreLoader.Summary load, List<SimilarMovies.Similar> similar) { }

    private RedisEmbeddings() {
    }

    /**
     * Trains item2vec, loads its vectors into {@code store} (which must declare
     * {@code NamespaceSpec.vectors(NAMESPACE, dim)}), reads every vector back and answers the
     * {@code k} movies most similar to the seed from them.
     *
     * @param ml          the MovieLens data
     * @param store       the feature store (not closed)
     * @param seedMovieId the movie to start from
     * @param k           how many similar movies
     * @param dim         embedding dimension (the namespace's)
     * @param epochs      word2vec epochs
     * @return the load summary and the similar movies
     * @throws IllegalArgumentException if the seed has no vector in the store
     */
    public static Result loadAndQuery(MovieLensData ml, FeatureStore store, long seedMovieId, int k, int dim, int epochs) {
        // offline job: train (one thread: bit-identical vectors run to run) and load as a new version
        EmbeddingTable trained = Word2Vec.builder().withDim(dim).withEpochs(epochs).withThreads(1)
                .withSeed(42).withListener(p -> { })
                .build().fit(ItemSequences.builder().withThreshold(3.5).build().from(ml.ratings())).table();
        StoreLoader.Summary summary = StoreLoader.builder(store).build().load(NAMESPACE, trained);

        // serving side: list the current version's keys, fetch the vectors in one multi-get, index them
        List<String> keys = new ArrayList<>();
        store.scanKeys(NAMESPACE, keys::add);
        BatchRead<float[]> vectors = store.multiGet(NAMESPACE, keys);   // one value (or none) per key
        EmbeddingTable.Builder fromStore = EmbeddingTable.builder(dim);
        for (int i = 0; i < keys.size(); i++) {
            fromStore.add(Long.parseLong(keys.get(i)), vectors.get(i));
        }
        EmbeddingTable table = fromStore.build();
        VectorIndex index = HnswIndex.builder(table, Metric.COSINE).withM(16).withSeed(42).build();
        int seedRow = table.ids().indexOf(seedMovieId);
        if (seedRow < 0) {
            throw new IllegalArgumentException("seedMovieId " + seedMovieId + " has no vector in the store");
        }
        Neighbors nn = index.search(table.vector(seedRow), k, row -> row != seedRow);
        List<SimilarMovies.Similar> out = new ArrayList<>();
        for (int i = 0; i < nn.size(); i++) {
            long id = index.ids().longId(nn.rows()[i]);
            out.add(new SimilarMovies.Similar(id, ml.catalog().title(ml.catalog().items().indexOf(id)), nn.scores()[i]));
        }
        return new Result(summary, out);
    }

    /**
     * Loads item2vec into Redis ({@code --redis host:port}) or memory and prints Toy Story's neighbours.
     *
     * @param args the MovieLens folder (default {@code ../shared/data/ml-latest-small}), optionally
     *             followed by {@code --redis host:port}
     * @throws Exception if the data cannot be read or Redis is unreachable
     */
    public static void main(String[] args) throws Exception {
        String data = "../shared/data/ml-latest-small";
        String redis = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--redis") && i + 1 < args.length) {
                redis = args[++i];
            } else {
                data = args[i];
            }
        }
        MovieLensData ml = MovieLens.load(Path.of(data), LoadOptions.lenient());
        NamespaceSpec spec = NamespaceSpec.vectors(NAMESPACE, 64);
        try (FeatureStore store = redis == null
                ? InMemoryFeatureStore.builder().withNamespace(spec).build()
                : RedisFeatureStore.connect(RedisStoreConfig.builder().withHost(redis.substring(0, redis.lastIndexOf(':')))
                        .withPort(Integer.parseInt(redis.substring(redis.lastIndexOf(':') + 1)))
                        .withPrefix("examples").withNamespace(spec).build())) {
            Result r = loadAndQuery(ml, store, 1L, 10, 64, 10);
            System.out.printf(Locale.ROOT, "loaded %,d vectors into %s as version %d in %.2f s%n", r.load().rows(),
                    redis == null ? "memory" : "Redis " + redis, r.load().version(), r.load().seconds());
            System.out.println("Similar to Toy Story, from the store's vectors:");
            for (SimilarMovies.Similar s : r.similar()) {
                System.out.printf(Locale.ROOT, "  %.3f  %s%n", s.cosine(), s.title());
            }
        }
    }
}
