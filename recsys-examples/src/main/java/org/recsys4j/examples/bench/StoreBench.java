package org.recsys4j.examples.bench;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.store.BatchRead;
import org.recsys4j.core.store.FeatureStore;
import org.recsys4j.core.store.InMemoryFeatureStore;
import org.recsys4j.core.store.TieredFeatureStore;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.store.RedisFeatureStore;
import org.recsys4j.core.store.RedisStoreConfig;
import org.recsys4j.core.store.StoreConnectionException;
import org.recsys4j.core.store.StoreLoader;
import org.recsys4j.examples.cli.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench store}: against a running Redis server (started by the user, never by this command),
 * (a) the bulk-load rate of {@link StoreLoader} into a {@link RedisFeatureStore}, round by round next
 * to {@code redis-benchmark -P 16 -t set -d <vector bytes>} run as a subprocess, with the ratio; and
 * (b) the latency of {@code multiGet} of random keys, p50 and p99, for a {@link TieredFeatureStore} (the
 * namespace resident in memory over Redis), an {@link InMemoryFeatureStore}
 * and the {@link RedisFeatureStore} holding the same data. Writes under its own key prefix and deletes
 * its values at the end.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Feature store: bulk load into Redis against redis-benchmark, and multiGet latency (in memory, Redis, tiered).")
public final class StoreBench implements Callable<Integer> {
    private static final String NAMESPACE = "item";
    private static final int WARM_UP_SECONDS = 3;
    private static final int WARM_UP_LOADS = 2;
    private static final Pattern RPS = Pattern.compile("([0-9]+(?:\\.[0-9]+)?) requests per second");

    @Option(names = "--host", paramLabel = "HOST", defaultValue = RedisStoreConfig.DEFAULT_HOST, description = "Redis host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "6379", description = "Redis port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--prefix", paramLabel = "P", defaultValue = "r4jbench", description = "Key prefix of the benchmark's keys (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "100000", description = "Vectors loaded (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--dim", paramLabel = "D", defaultValue = "64", description = "Vector dimension (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "3", description = "Timed load rounds after one warm-up (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000", description = "Rows per pipelined batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--keys", paramLabel = "K", defaultValue = "300", description = "Keys per multiGet (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--calls", paramLabel = "N", defaultValue = "2000", description = "Timed multiGet calls per store (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--warm-up", paramLabel = "N", defaultValue = "1000", description = "multiGet calls before timing (default: ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--redis-benchmark", paramLabel = "EXE", defaultValue = "redis-benchmark", description = "The redis-benchmark executable (default: ${DEFAULT-VALUE}).")
    String redisBenchmark;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of the vectors and the key draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        for (Map.Entry<String, Integer> e : Map.of("--rows", rows, "--dim", dim, "--repeat", repeat, "--batch-size", batchSize,
                "--keys", keys, "--calls", calls).entrySet()) {
            if (e.getValue() <= 0) {
                throw new UserError(e.getKey() + " " + e.getValue() + ": must be > 0");
            }
        }
        if (warmUp < 0) {
            throw new UserError("--warm-up " + warmUp + ": must be >= 0");
        }
        RedisStoreConfig config;
        try {
            config = RedisStoreConfig.builder().withHost(host).withPort(port).withPrefix(prefix)
                    .withNamespace(NamespaceSpec.vectors(NAMESPACE, dim)).withBatchSize(Math.min(batchSize, 100_000))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        PrintStream out = System.out;
        out.println("# bench store — " + Machine.describe());
        EmbeddingTable table = SyntheticVectors.table(rows, dim, seed);
        int valueBytes = 4 * dim;
        try (RedisFeatureStore redis = RedisFeatureStore.connect(config);
             InMemoryFeatureStore memory = InMemoryFeatureStore.builder().withNamespace(NamespaceSpec.vectors(NAMESPACE, dim)).build()) {
            out.println("redis server: " + host + ":" + port + ", " + serverVersion(redis));
            StoreLoader loader = StoreLoader.builder(redis).withBatchSize(batchSize).build();
            int warmLoads = 0;
            long w0 = System.nanoTime();
            do {   // warm-up (JIT, connections), as LoadBench: at least 2 loads and 3 s
                loader.load(NAMESPACE, table);
                redis.gc(Duration.ZERO);
                warmLoads++;
            } while (warmLoads < WARM_UP_LOADS || System.nanoTime() - w0 < WARM_UP_SECONDS * 1_000_000_000L);
            double[] ours = new double[repeat];
            double[] anchor = new double[repeat];
            boolean haveAnchor = true;
            String anchorNote = "";
            for (int r = 0; r < repeat; r++) {
                StoreLoader.Summary s = loader.load(NAMESPACE, table);
                ours[r] = s.rowsPerSecond();
                redis.gc(Duration.ZERO);
                if (haveAnchor) {
                    try {
                        anchor[r] = redisBenchmark(valueBytes);
                    } catch (IOException e) {
                        haveAnchor = false;
                        anchorNote = " (redis-benchmark unavailable: " + e.getMessage() + ")";
                    }
                }
            }
            out.println();
            out.printf(Locale.ROOT, "## (a) bulk load, %,d × %d-dim float vectors (%d-byte values: %d payload + 12 header/CRC), batch %,d%n",
                    rows, dim, valueBytes + 12, valueBytes, batchSize);
            out.println();
            out.println("| round | StoreLoader → RedisFeatureStore keys/s | redis-benchmark SET -P 16 -d " + valueBytes + " requests/s |");
            out.println("|---|---:|---:|");
            for (int r = 0; r < repeat; r++) {
                out.printf(Locale.ROOT, "| %d | %,.0f | %s |%n", r + 1, ours[r],
                        haveAnchor ? String.format(Locale.ROOT, "%,.0f", anchor[r]) : "n/a");
            }
            double mo = Stats.median(ours);
            double ma = Stats.median(anchor);
            out.printf(Locale.ROOT, "| **median** | **%,.0f** | **%s** |%n", mo, haveAnchor ? String.format(Locale.ROOT, "%,.0f", ma) : "n/a");
            out.printf(Locale.ROOT, "%nratio (ours / redis-benchmark): %s (goal >= 50%%)%s; %d warm-up loads; one thread, "
                    + "each round = one versioned load (beginLoad, pipelined SETs, commit), then redis-benchmark%n",
                    haveAnchor ? String.format(Locale.ROOT, "%.0f%%", 100 * mo / ma) : "n/a", anchorNote, warmLoads);

            // (b) multiGet latency, the same data in both stores
            StoreLoader.builder(memory).withBatchSize(batchSize).build().load(NAMESPACE, table);
            loader.load(NAMESPACE, table);
            redis.gc(Duration.ZERO);
            double[] mem = latencies(memory);
            double[] red = latencies(redis);
            double[] tie;
            // the tiered store owns its backing store: give it its own connection; the namespace is resident
            try (TieredFeatureStore tiered = TieredFeatureStore.builder(RedisFeatureStore.connect(config))
                    .withResident(NAMESPACE).withRefreshInterval(Duration.ZERO).build()) {
                tie = latencies(tiered);
            }
            out.println();
            out.printf(Locale.ROOT, "## (b) multiGet of %d random keys (of %,d), %,d calls after %,d warm-up calls, one thread, microseconds%n",
                    keys, rows, calls, warmUp);
            out.println();
            out.println("| store | p50 µs | p99 µs | mean µs |");
            out.println("|---|---:|---:|---:|");
            out.printf(Locale.ROOT, "| InMemoryFeatureStore | %.1f | %.1f | %.1f |%n", Stats.quantile(mem, 0.5), Stats.quantile(mem, 0.99), Stats.mean(mem));
            out.printf(Locale.ROOT, "| RedisFeatureStore | %.1f | %.1f | %.1f |%n", Stats.quantile(red, 0.5), Stats.quantile(red, 0.99), Stats.mean(red));
            out.printf(Locale.ROOT, "| TieredFeatureStore (namespace resident, over Redis) | %.1f | %.1f | %.1f |%n",
                    Stats.quantile(tie, 0.5), Stats.quantile(tie, 0.99), Stats.mean(tie));

            // leave no values behind: an empty version becomes current, the rest is collected
            StoreLoader.builder(redis).build().loadVectors(NAMESPACE, List.<Map.Entry<String, float[]>>of().iterator(), 0);
            redis.gc(Duration.ZERO);
        } catch (StoreConnectionException e) {
            throw new UserError(e.getMessage());
        }
        return 0;
    }

    private double[] latencies(FeatureStore store) {
        SplittableRandom rnd = new SplittableRandom(seed + 1);
        double[] micros = new double[calls];
        List<String> batch = new ArrayList<>(keys);
        for (int c = -warmUp; c < calls; c++) {
            batch.clear();
            for (int k = 0; k < keys; k++) {
                batch.add(SyntheticVectors.key(rnd.nextInt(rows)));
            }
            long t0 = System.nanoTime();
            BatchRead<float[]> got = store.multiGet(NAMESPACE, batch);
            long t = System.nanoTime() - t0;
            if (got.size() != keys || !got.isPresent(0)) {
                throw new IllegalStateException("multiGet returned " + got.size() + " values, first " + got.find(0));
            }
            if (c >= 0) {
                micros[c] = t / 1e3;
            }
        }
        return micros;
    }

    private static String serverVersion(RedisFeatureStore store) {
        try (redis.clients.jedis.Jedis j = new redis.clients.jedis.Jedis(store.config().host(), store.config().port())) {
            for (String line : j.info("server").split("\r?\n")) {
                if (line.startsWith("redis_version:")) {
                    return "Redis " + line.substring("redis_version:".length());
                }
            }
        } catch (RuntimeException e) {
            // informational only
        }
        return "Redis version unknown";
    }

    /** Runs redis-benchmark's pipelined SET against the same server and returns its requests per second. */
    private double redisBenchmark(int valueBytes) throws IOException {
        List<String> cmd = List.of(redisBenchmark, "-h", host, "-p", Integer.toString(port), "-P", "16", "-t", "set",
                "-d", Integer.toString(valueBytes), "-n", Integer.toString(rows), "-q");
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + redisBenchmark + ": " + e.getMessage(), e);
        }
        try {
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + text.trim());
            }
            return parseRequestsPerSecond(text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            p.destroy();
        }
    }

    /**
     * Returns the last "N requests per second" figure of redis-benchmark's output (its {@code -q}
     * output rewrites progress lines with carriage returns before the final one).
     *
     * @throws IOException if there is none
     */
    static double parseRequestsPerSecond(String output) throws IOException {
        Matcher m = RPS.matcher(output);
        Optional<Double> last = Optional.empty();
        while (m.find()) {
            last = Optional.of(Double.parseDouble(m.group(1)));
        }
        return last.orElseThrow(() -> new IOException("no 'requests per second' in redis-benchmark's output: "
                + output.replace('\r', '\n').trim()));
    }
}
