package org.recsys4j.examples.cli;

import org.recsys4j.core.data.EmbeddingFormats;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.store.RedisFeatureStore;
import org.recsys4j.core.store.RedisStoreConfig;
import org.recsys4j.core.store.StoreConnectionException;
import org.recsys4j.core.store.StoreLoader;
import org.recsys4j.examples.bench.SyntheticVectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code load-redis}: loads synthetic vectors (or a text file of {@code id:v1 v2 ...} lines, the
 * SparrowRecsys format read by {@link EmbeddingFormats#openSparrow}, streamed) into a
 * namespace of a Redis server as one versioned load through {@link StoreLoader}, printing progress.
 * An unreachable server is a user error (exit status 2) naming host and port.
 */
@Command(name = "load-redis", mixinStandardHelpOptions = true,
        description = "Load synthetic vectors (or --file) into Redis as one versioned load, with progress.")
public final class LoadRedisCommand implements Callable<Integer> {
    @Option(names = "--host", paramLabel = "HOST", defaultValue = RedisStoreConfig.DEFAULT_HOST, description = "Redis host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "6379", description = "Redis port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--prefix", paramLabel = "P", defaultValue = RedisStoreConfig.DEFAULT_PREFIX, description = "Key prefix (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--namespace", paramLabel = "NS", defaultValue = "item", description = "Namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--dim", paramLabel = "D", defaultValue = "64", description = "Vector dimension (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "100000", description = "Synthetic rows, keys i0..i(N-1) (default: ${DEFAULT-VALUE}); ignored with --file.")
    long rows;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of the synthetic vectors (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--file", paramLabel = "FILE", description = "Load this text file instead: one `id:v1 v2 ... vD` per line.")
    Path file;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000", description = "Rows per pipelined batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() throws IOException {
        if (rows < 0) {
            throw new UserError("--rows " + rows + ": must be >= 0");
        }
        if (file != null && !Files.isRegularFile(file)) {
            throw new UserError("--file " + file + ": no such file");
        }
        RedisStoreConfig config;
        try {
            config = RedisStoreConfig.builder().withHost(host).withPort(port).withPrefix(prefix)
                    .withNamespace(NamespaceSpec.vectors(namespace, dim)).withBatchSize(Math.min(batchSize, 100_000))
                    .withConnectTimeout(Duration.ofSeconds(2)).build();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        PrintStream out = System.out;
        try (FeatureStore store = RedisFeatureStore.connect(config)) {
            StoreLoader loader;
            try {
                loader = StoreLoader.builder(store).withBatchSize(batchSize).withListener(p -> out.printf(Locale.ROOT,
                        "%s %,d rows%s, %,.0f rows/s%s%n", p.done() ? "committed" : "loaded", p.rowsDone(),
                        p.totalRows() < 0 ? "" : String.format(Locale.ROOT, " / %,d (%.0f%%)", p.totalRows(), 100 * p.fraction()),
                        p.rowsPerSecond(), p.done() || Double.isNaN(p.etaSeconds()) ? ""
                                : String.format(Locale.ROOT, ", ETA %.1f s", p.etaSeconds()))).build();
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            long before = store.currentVersion(namespace);
            StoreLoader.Summary s;
            if (file != null) {
                try (EmbeddingFormats.RowReader f = EmbeddingFormats.openSparrow(file, dim)) {
                    s = loader.loadVectors(namespace, f, -1);
                }
            } else {
                Iterator<Map.Entry<String, float[]>> it = SyntheticVectors.rows(rows, dim, seed);
                s = loader.loadVectors(namespace, it, rows);
            }
            out.printf(Locale.ROOT, "loaded %,d rows into %s:%d namespace '%s' (prefix %s) as version %d (was %d) in %.2f s, %,.0f rows/s%n",
                    s.rows(), host, port, namespace, prefix, s.version(), before, s.seconds(), s.rowsPerSecond());
            return 0;
        } catch (StoreConnectionException e) {
            throw new UserError(e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
