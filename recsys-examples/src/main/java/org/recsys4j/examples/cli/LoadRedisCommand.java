package org.recsys4j.examples.cli;

import org.recsys4j.core.data.EmbeddingFormats;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.store.RedisFeatureStore;
import org.recsys4j.core.store.RedisStoreConfig;
import org.recsys4j.core.store.StoreConnectionException;
import org.recsys4j.core.store.StoreLoader;
import org.recsys4j.core.store.VersionedLoad;
import org.recsys4j.examples.bench.SyntheticVectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code load-redis}: loads synthetic vectors, or a text file of vectors (SparrowRecsys {@code id:v1 v2 ...}
 * lines or word2vec text, streamed through {@link EmbeddingFormats#open}) or a binary {@code .r4je} table,
 * into a namespace of a Redis server as one versioned load through {@link StoreLoader}, printing progress.
 *
 * <p>What it guarantees: the new version becomes current only when every row was written, or not at
 * all. Every argument, and the file's header and first row, are checked before the server is touched
 * (a bad one is one line on stderr and exit status 2); an empty source ({@code --rows 0}, an empty
 * file, a word2vec file with only its header, a file of comments) is refused, never committed over
 * the current version; a repeated id is an error naming both lines, and a byte-order mark is not part
 * of the first id. A bad row later in the file, an unreachable server or SIGTERM / Ctrl-C abort the
 * load: a JVM shutdown hook calls {@link #abortRunning(String)}, which aborts the version being
 * written (its keys are deleted) and leaves the previous version current.
 */
@Command(name = "load-redis", mixinStandardHelpOptions = true,
        description = {"Load synthetic vectors (or --file) into Redis as one versioned load, with progress.",
                "The new version becomes current only when complete; an empty source is refused; SIGTERM or Ctrl-C "
                        + "aborts the load and deletes what it wrote, leaving the previous version current.",
                "Exit status: 0 loaded, 1 failed or aborted (the previous version stays current), 2 bad arguments or input."})
public final class LoadRedisCommand implements Callable<Integer> {
    /** The file formats {@code --format} accepts. */
    enum FileFormat { SPARROW, WORD2VEC, BINARY }

    /** Dimension of synthetic rows when {@code --dim} is not given. */
    static final int DEFAULT_DIM = 64;

    /** The abort switches of the loads running in this JVM, for the shutdown hook. */
    private static final Set<StoreLoader.AbortSwitch> RUNNING = ConcurrentHashMap.newKeySet();

    @Option(names = "--host", paramLabel = "HOST", defaultValue = RedisStoreConfig.DEFAULT_HOST, description = "Redis host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "6379", description = "Redis port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--prefix", paramLabel = "P", defaultValue = RedisStoreConfig.DEFAULT_PREFIX, description = "Key prefix, 1 to 64 of [A-Za-z0-9_.-] (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--namespace", paramLabel = "NS", defaultValue = "item", description = "Namespace, 1 to 64 of [A-Za-z0-9_.-] (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--dim", paramLabel = "D", description = "Vector dimension (default: 64 for synthetic rows; with --file, the file's).")
    Integer dim;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "100000", description = "Synthetic rows, keys i0..i(N-1), at least 1 (default: ${DEFAULT-VALUE}); ignored with --file.")
    long rows;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of the synthetic vectors (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--file", paramLabel = "FILE", description = "Load this file instead of synthetic rows (see --format).")
    Path file;

    @Option(names = "--format", paramLabel = "F", defaultValue = "SPARROW",
            description = "Format of --file: SPARROW (`id:v1 v2 ... vD` lines), WORD2VEC (`count dim` header, "
                    + "`id v1 ... vD` lines) or BINARY (.r4je) (default: ${DEFAULT-VALUE}).")
    FileFormat format;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000", description = "Rows per pipelined batch, 1 to 1000000 (default: ${DEFAULT-VALUE}).")
    int batchSize;

    /**
     * Aborts every load-redis load running in this JVM (what the shutdown hook does on SIGTERM or
     * Ctrl-C): each load's version is abandoned and its keys deleted, the previous version stays
     * current, and the command ends with status 1.
     *
     * @param why what stopped the loads, shown in the messages
     * @return the loads that were aborted
     */
    static List<VersionedLoad> abortRunning(String why) {
        List<VersionedLoad> aborted = new ArrayList<>();
        for (StoreLoader.AbortSwitch s : RUNNING) {
            aborted.addAll(s.abort(why));
        }
        return aborted;
    }

    @Override
    public Integer call() throws IOException {
        checkArguments();
        PrintStream out = System.out;
        // open the source first: its header and first row are checked before the server is touched
        try (Source source = openSource()) {
            RedisStoreConfig config = config(source.dim);
            StoreLoader.AbortSwitch abort = new StoreLoader.AbortSwitch();
            Thread hook = new Thread(() -> {
                for (VersionedLoad l : abortRunning("stopped by SIGTERM or Ctrl-C")) {
                    System.err.println("load-redis: stopped; version " + l.version() + " of namespace '" + l.namespace()
                            + "' was aborted and its keys deleted; the previous version stays current");
                }
            }, "recsys4j-load-redis-abort");
            RUNNING.add(abort);
            Runtime.getRuntime().addShutdownHook(hook);
            try (FeatureStore store = RedisFeatureStore.connect(config)) {
                StoreLoader loader = StoreLoader.builder(store).withBatchSize(batchSize).withEmptyLoads(false)
                        .withAbortSwitch(abort).withListener(p -> out.printf(Locale.ROOT,
                                "%s %,d rows%s, %,.0f rows/s%s%n", p.done() ? "committed" : "loaded", p.rowsDone(),
                                p.totalRows() < 0 ? "" : String.format(Locale.ROOT, " / %,d (%.0f%%)", p.totalRows(),
                                        100 * p.fraction()),
                                p.rowsPerSecond(), p.done() || Double.isNaN(p.etaSeconds()) ? ""
                                        : String.format(Locale.ROOT, ", ETA %.1f s", p.etaSeconds()))).build();
                long before = store.currentVersion(namespace);
                StoreLoader.Summary s = source.table != null ? loader.load(namespace, source.table)
                        : loader.loadVectors(namespace, source.rows, source.total);
                out.printf(Locale.ROOT, "loaded %,d rows into %s:%d namespace '%s' (prefix %s) as version %d (was %d) in %.2f s, %,.0f rows/s%n",
                        s.rows(), host, port, namespace, prefix, s.version(), before, s.seconds(), s.rowsPerSecond());
                return 0;
            } catch (StoreConnectionException e) {
                throw new UserError(e.getMessage());
            } catch (CancellationException e) {
                System.err.println("error: " + e.getMessage());
                return 1;
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } finally {
                RUNNING.remove(abort);
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run: nothing to remove
                }
            }
        }
    }

    /** Checks the arguments that need no file and no server. */
    private void checkArguments() {
        if (port < 1 || port > 65535) {
            throw new UserError("port: " + port + ", must be in [1, 65535] (--port)");
        }
        if (batchSize < 1 || batchSize > 1_000_000) {
            throw new UserError("--batch-size " + batchSize + ": must be in [1, 1000000]");
        }
        if (dim != null && dim < 1) {
            throw new UserError("--dim " + dim + ": must be at least 1");
        }
        if (file == null && rows < 1) {
            throw new UserError("--rows " + rows + ": must be at least 1 (an empty load would replace the current "
                    + "version by an empty one, so it is refused)");
        }
        config(dim != null ? dim : DEFAULT_DIM);   // host, prefix and namespace names
        if (file != null) {
            if (Files.isDirectory(file)) {
                throw new UserError("--file " + file + ": is a folder, not a file");
            }
            if (!Files.isRegularFile(file)) {
                throw new UserError("--file " + file + ": no such file");
            }
            if (!Files.isReadable(file)) {
                throw new UserError("--file " + file + ": not readable (permission denied)");
            }
        }
    }

    private RedisStoreConfig config(int d) {
        try {
            return RedisStoreConfig.builder().withHost(host).withPort(port).withPrefix(prefix)
                    .withNamespace(NamespaceSpec.vectors(namespace, d)).withBatchSize(Math.min(batchSize, 100_000))
                    .withConnectTimeout(Duration.ofSeconds(2)).build();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage().startsWith("prefix") ? e.getMessage() + " (--prefix)"
                    : e.getMessage().startsWith("namespace") ? e.getMessage() + " (--namespace)" : e.getMessage());
        }
    }

    /** The rows to load and their dimension, with at least one row (checked when opened). */
    private static final class Source implements AutoCloseable {
        Iterator<Map.Entry<String, float[]>> rows;
        long total = -1;
        EmbeddingTable table;
        EmbeddingFormats.RowReader reader;
        int dim;

        @Override
        public void close() throws IOException {
            if (reader != null) {
                reader.close();
            }
        }
    }

    private Source openSource() throws IOException {
        Source s = new Source();
        if (file == null) {
            s.dim = dim != null ? dim : DEFAULT_DIM;
            s.rows = SyntheticVectors.rows(rows, s.dim, seed);
            s.total = rows;
            return s;
        }
        String name = file.toString();
        if (format == FileFormat.BINARY) {
            s.table = EmbeddingFormats.load(file, EmbeddingFormats.Format.BINARY);
            if (dim != null && s.table.dim() != dim) {
                throw new UserError("--file " + name + ": vectors of dimension " + s.table.dim() + ", --dim says " + dim);
            }
            if (s.table.size() == 0) {
                throw new UserError("--file " + name + ": no vectors (an empty load would replace the current version "
                        + "by an empty one, so it is refused)");
            }
            s.dim = s.table.dim();
            return s;
        }
        s.reader = EmbeddingFormats.open(file, format == FileFormat.WORD2VEC ? EmbeddingFormats.Format.WORD2VEC
                : EmbeddingFormats.Format.SPARROW, dim != null ? dim : -1);
        try {
            if (!s.reader.hasNext()) {
                throw new UserError("--file " + name + ": no vectors (" + (Files.size(file) == 0 ? "empty file"
                        : format == FileFormat.WORD2VEC ? "only a header" : "only blank or comment lines")
                        + "; an empty load would replace the current version by an empty one, so it is refused)");
            }
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        s.dim = s.reader.dim();
        s.rows = s.reader;
        return s;
    }
}
