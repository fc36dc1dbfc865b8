package org.recsys4j.examples.cli;

import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.store.RedisStoreConfig;
import org.recsys4j.core.store.StoreConnectionException;
import org.recsys4j.examples.server.RecServer;
import org.recsys4j.examples.server.ServingApi;
import org.recsys4j.examples.server.ServingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code serve}: builds the serving data from a MovieLens data set (trains the embeddings, loads the
 * store) and runs the HTTP demo server until the process is stopped (Ctrl-C stops it gracefully). See
 * {@code docs/serving.md}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the HTTP demo server (JSON API and the source system's endpoints) on a MovieLens data set.")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    DataOptions dataOptions;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "6010", description = "Port, 0 for a free one (default: ${DEFAULT-VALUE}, the source system's).")
    int port;

    @Option(names = "--redis", paramLabel = "HOST:PORT", description = "Serve histories and item vectors from this Redis (loaded at start), with the in-memory copy as fallback.")
    String redis;

    @Option(names = "--redis-prefix", paramLabel = "P", defaultValue = "r4jserve", description = "Key prefix in Redis (default: ${DEFAULT-VALUE}).")
    String redisPrefix;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Training threads at start (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--dim", paramLabel = "D", defaultValue = "32", description = "Embedding dimension (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--cache-seconds", paramLabel = "S", defaultValue = "300", description = "Time to live of the result caches, 0 = no cache (default: ${DEFAULT-VALUE}).")
    int cacheSeconds;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new UserError("--port " + port + ": must be in [0, 65535]");
        }
        RedisStoreConfig.Builder rc = redis == null ? null : redisConfig(redis, redisPrefix);
        ServingData.Settings d = ServingData.Settings.defaults();
        ServingData.Settings s;
        try {
            s = new ServingData.Settings(dim, d.epochs(), d.walksPerNode(), d.walkLength(), d.alsIterations(), threads, d.seed(), cacheSeconds,
                    d.budgetMillis());
        } catch (IllegalArgumentException e) {
            throw new UserError("--dim / --threads / --cache-seconds: " + e.getMessage());
        }
        PrintStream out = System.out;
        MovieLensData data = dataOptions.load(out);
        ServingData serving;
        try {
            serving = ServingData.build(data, s, rc, out);
        } catch (StoreConnectionException e) {
            throw new UserError(e.getMessage());
        }
        RecServer server;
        try {
            server = RecServer.start(new ServingApi(serving), host, port);
        } catch (java.io.IOException e) {
            serving.close();
            throw new UserError("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("stop: " + e.getMessage());
            }
        }, "recsys4j-serve-stop"));
        out.printf("serving on http://%s:%d/ (store: %s); try /api/health, /getmovie?id=1, /getrecforyou?id=1&size=10%n",
                host, server.port(), serving.store().mode());
        out.flush();
        server.join();
        return 0;
    }

    static RedisStoreConfig.Builder redisConfig(String hostPort, String prefix) {
        int colon = hostPort.lastIndexOf(':');
        String h = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int p = RedisStoreConfig.DEFAULT_PORT;
        if (colon >= 0) {
            try {
                p = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new UserError("--redis " + hostPort + ": the port is not a number");
            }
        }
        try {
            return RedisStoreConfig.builder().withHost(h).withPort(p).withPrefix(prefix)
                    .withConnectTimeout(Duration.ofMillis(500)).withSocketTimeout(Duration.ofMillis(1000));
        } catch (IllegalArgumentException e) {
            throw new UserError("--redis " + hostPort + ": " + e.getMessage());
        }
    }
}
