package org.recsys4j.examples.modules;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.store.RedisFeatureStore;
import org.recsys4j.core.store.RedisStoreConfig;
import org.recsys4j.core.store.StoreConnectionException;
import org.recsys4j.core.util.Parallel;
import org.recsys4j.core.vector.Vectors;
import org.recsys4j.embedding.projection.Pca;
import org.recsys4j.embedding.projection.PcaModel;
import org.recsys4j.rank.djl.OnnxModel;
import org.recsys4j.rank.remote.ModelServer;
import org.recsys4j.rank.remote.RemoteModel;
import org.recsys4j.rank.remote.ServedModel;
import org.recsys4j.rank.serving.FeatureRowProvider;
import org.recsys4j.rank.serving.ModelRanker;
import org.recsys4j.rank.serving.TensorSpec;
import org.recsys4j.recall.index.BruteForceIndex;
import org.recsys4j.recall.index.Metric;
import org.recsys4j.recall.index.Neighbors;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The program {@link ModulePathTest} runs in a JVM of its own, with the library modules on the module path
 * and this class on the class path (the unnamed module: an application that is not a module, or any
 * module but ours). It uses each library module and prints what it saw as {@code key=value} lines.
 *
 * <p>Arguments: {@code lean} (the optional dependencies absent), or {@code full <redis port or 0>}
 * (Jackson, jedis and commons-pool2 on the module path and resolved).
 */
public final class ModulePathProbe {
    private static final int ITEMS = 300;
    private static final int DIM = 16;

    private ModulePathProbe() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        print("module.core", Vectors.class.getModule().getName());
        print("module.recall", BruteForceIndex.class.getModule().getName());
        print("simd", Vectors.simdKernels());

        float[][] vectors = vectors(ITEMS, DIM, 7);
        EmbeddingTable.Builder tb = EmbeddingTable.builder(DIM);
        for (int i = 0; i < ITEMS; i++) {
            tb.add(i, vectors[i]);
        }
        EmbeddingTable table = tb.build();

        // recall: exact search over the cosine, each row its own nearest neighbour (IntDoubleTopK and
        // Parallel inside, through core's export qualified to org.recsys4j.recall)
        BruteForceIndex index = BruteForceIndex.of(table, Metric.COSINE);
        Neighbors[] all = index.searchBatch(vectors, 3, 2);
        int selfFirst = 0;
        for (int i = 0; i < ITEMS; i++) {
            selfFirst += all[i].rows()[0] == i ? 1 : 0;
        }
        print("recall.selfFirst", selfFirst + "/" + ITEMS);

        // embedding: PCA (ejml on the module path, an automatic module named from its file)
        PcaModel pca = Pca.builder().withComponents(2).build().fit(table);
        double ratio = Arrays.stream(pca.explainedVarianceRatio()).sum();
        print("pca.ratioInRange", ratio > 0 && ratio <= 1 + 1e-9);

        // rank: a ModelRanker over a local scorer (Parallel inside) equals the ranker it wraps
        Ranker dot = dotRanker(vectors);
        FeatureRowProvider rows = ServedModel.rankerRows();
        ModelRanker local = ModelRanker.builder("local", rows, ServedModel.scorerOf(dot)).withThreads(2).build();
        print("rank.local", sameScores(dot, local));

        // the internal packages: loaded, but not accessible from here
        print("internal.exportedToAll", Vectors.class.getModule().isExported("org.recsys4j.core.util"));
        print("internal.exportedToRecall",
                Vectors.class.getModule().isExported("org.recsys4j.core.util", BruteForceIndex.class.getModule()));
        print("internal.vectorExportedToRecall",
                Vectors.class.getModule().isExported("org.recsys4j.core.vector.internal", BruteForceIndex.class.getModule()));
        print("internal.call", callInternal());
        print("internal.reflect", reflectInternal());

        if (mode.equals("lean")) {
            print("optional.redis", failure(() -> RedisStoreConfig.builder()
                    .withNamespace(NamespaceSpec.vectors("item", 2)).build()));
            print("optional.jackson", failure(() -> RemoteModel.builder(URI.create("http://127.0.0.1:1"), "m",
                    List.of(TensorSpec.floats("x", 3))).build()));
            print("optional.djl", failure(() -> OnnxModel.builder(Path.of("missing.onnx"),
                    List.of(TensorSpec.floats("x", 3))).build()));
        } else {
            int redisPort = Integer.parseInt(args[1]);
            // Jackson, jdk.httpserver and java.net.http: the remote ranker against a real model server
            try (ModelServer server = ModelServer.builder(ServedModel.ofRanker("dot", 1, dot)).build()) {
                RemoteModel model = RemoteModel.builder(server.baseUri(), "dot", rows.inputs()).build();
                print("rank.remote", sameScores(dot, ModelRanker.builder("remote", rows, model).build()));
            }
            // jedis and commons-pool2: a store on a real server when there is one, else a clear connection error
            RedisStoreConfig.Builder config = RedisStoreConfig.builder().withNamespace(NamespaceSpec.vectors("item", 2))
                    .withPrefix("modulepath");
            if (redisPort > 0) {
                try (FeatureStore store = RedisFeatureStore.connect(config.withPort(redisPort).build())) {
                    store.put("item", "a", new float[] {1, 2});
                    print("redis.roundTrip", Arrays.toString(store.get("item", "a").orElseThrow()));
                }
            } else {
                print("redis.closedPort", failure(() -> RedisFeatureStore.connect(config.withPort(closedPort()).build())));
            }
        }
    }

    private static Object callInternal() {
        try {
            return "returned " + Parallel.availableThreads();
        } catch (IllegalAccessError e) {
            return "IllegalAccessError";
        }
    }

    private static Object reflectInternal() {
        try {
            return "returned " + Class.forName("org.recsys4j.core.util.Parallel").getMethod("availableThreads").invoke(null);
        } catch (IllegalAccessException e) {
            return "IllegalAccessException";
        } catch (ReflectiveOperationException e) {
            return e.toString();
        }
    }

    /** Returns the failure's class and message, one line. */
    private static String failure(ThrowingRunnable r) {
        try {
            r.run();
            return "no failure";
        } catch (Throwable e) {
            return e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' ');
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static boolean sameScores(Ranker want, Ranker got) {
        RecRequest request = RecRequest.builder(10).withUser(null, 5).build();
        int[] items = new int[50];
        for (int i = 0; i < items.length; i++) {
            items[i] = (i * 37) % ITEMS;
        }
        double[] a = new double[items.length];
        double[] b = new double[items.length];
        want.score(request, CandidateBatch.ofItems(items), a);
        got.score(request, CandidateBatch.ofItems(items), b);
        return Arrays.equals(a, b) && Arrays.stream(a).anyMatch(x -> x != 0);
    }

    private static Ranker dotRanker(float[][] vectors) {
        return new Ranker() {
            @Override
            public String name() {
                return "dot";
            }

            @Override
            public void score(RecRequest request, CandidateBatch candidates, double[] scores) {
                for (int i = 0; i < candidates.size(); i++) {
                    scores[i] = Vectors.dot(vectors[request.userIndex()], vectors[candidates.item(i)]);
                }
            }
        };
    }

    private static float[][] vectors(int n, int dim, long seed) {
        Random rnd = new Random(seed);
        float[][] v = new float[n][dim];
        for (float[] row : v) {
            for (int j = 0; j < dim; j++) {
                row[j] = (float) rnd.nextGaussian();
            }
        }
        return v;
    }

    private static int closedPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void print(String key, Object value) {
        System.out.println(key + "=" + value);
    }
}
