package org.recsys4j.core.testing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts a real three-master Redis Cluster (no replicas) on free loopback ports for a test class and
 * stops it afterwards; register it as
 * {@code @RegisterExtension static final RedisClusterExtension CLUSTER = new RedisClusterExtension();}.
 *
 * <p>Each node is {@code redis-server --port P --bind 127.0.0.1 --cluster-enabled yes
 * --cluster-config-file nodes-P.conf --save "" --appendonly no} in a temporary directory; the slots are
 * assigned by {@code redis-cli --cluster create ... --cluster-replicas 0 --cluster-yes}, and the
 * extension waits until every node reports {@code cluster_state:ok} and knows all three nodes. A node
 * also listens on its cluster bus port, P + 10000, so both ports are checked to be free. Without
 * {@code redis-server} or {@code redis-cli} on the PATH the tests are skipped, unless
 * {@value RedisServerExtension#REQUIRE_ENV} is {@code 1}, which makes that a failure (as in
 * {@link RedisServerExtension}).
 */
public final class RedisClusterExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    /** The number of master nodes. */
    public static final int NODES = 3;
    private static final long READY_TIMEOUT_MS = 30_000;

    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> ports = new ArrayList<>();
    private Path dir;
    private String skipReason;
    private Thread shutdownHook;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path server = RedisServerExtension.findOnPath("redis-server");
        Path cli = RedisServerExtension.findOnPath("redis-cli");
        if (server == null || cli == null) {
            String msg = (server == null ? "redis-server" : "redis-cli") + " is not on the PATH (" + System.getenv("PATH") + ")";
            if ("1".equals(System.getenv(RedisServerExtension.REQUIRE_ENV))) {
                throw new IllegalStateException(msg + " but " + RedisServerExtension.REQUIRE_ENV
                        + "=1 requires the Redis tests to run; install Redis (e.g. apt-get install redis-server redis-tools)");
            }
            skipReason = msg + ": skipping the Redis Cluster tests (set " + RedisServerExtension.REQUIRE_ENV
                    + "=1 to make this a failure)";
            return;
        }
        dir = Files.createTempDirectory("recsys4j-redis-cluster");
        shutdownHook = new Thread(() -> {
            synchronized (processes) {
                processes.forEach(Process::destroyForcibly);
            }
        }, "redis-cluster-stopper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        for (int i = 0; i < NODES; i++) {
            ports.add(startNode(server));
        }
        createCluster(cli);
        awaitClusterOk();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            synchronized (processes) {
                for (Process p : processes) {
                    p.destroy();
                }
                for (Process p : processes) {
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                }
                processes.clear();
            }
            if (shutdownHook != null) {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            }
        } finally {
            if (dir != null) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** Returns the loopback host the nodes listen on. */
    public String host() {
        return "127.0.0.1";
    }

    /** Returns the nodes' ports, in creation order. */
    public List<Integer> ports() {
        return Collections.unmodifiableList(ports);
    }

    private int startNode(Path server) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int p = freePortWithFreeBusPort();
            Path log = dir.resolve("redis-" + p + ".log");
            Process proc = new ProcessBuilder(List.of(server.toString(), "--port", Integer.toString(p),
                    "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + p + ".conf",
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString()))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            processes.add(proc);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
            boolean up = false;
            while (System.nanoTime() < deadline && proc.isAlive()) {
                if (RedisServerExtension.ping(p)) {
                    up = true;
                    break;
                }
                Thread.sleep(20);
            }
            if (up) {
                return p;
            }
            processes.remove(proc);
            proc.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            last = new IOException("cluster node on port " + p + " did not answer PING; log:\n" + RedisServerExtension.tail(log));
        }
        throw last;
    }

    /** Returns a loopback port P such that P and its cluster bus port P + 10000 were both free a moment ago. */
    private int freePortWithFreeBusPort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (ports.contains(p)) {
                continue;
            }
            try (ServerSocket a = new ServerSocket(p, 1, InetAddress.getLoopbackAddress());
                 ServerSocket b = new ServerSocket(p + 10_000, 1, InetAddress.getLoopbackAddress())) {
                return p;
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IOException("found no free loopback port P in [20000, 30000) with P + 10000 free as well");
    }

    private void createCluster(Path cli) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
        for (int p : ports) {
            cmd.add("127.0.0.1:" + p);
        }
        cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Path log = dir.resolve("cluster-create.log");
        Process proc = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!proc.waitFor(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            proc.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IOException(String.join(" ", cmd) + " did not finish within " + READY_TIMEOUT_MS + " ms; output:\n"
                    + RedisServerExtension.tail(log));
        }
        if (proc.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited with code " + proc.exitValue() + "; output:\n"
                    + RedisServerExtension.tail(log));
        }
    }

    private void awaitClusterOk() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        String last = "";
        while (System.nanoTime() < deadline) {
            boolean ok = true;
            for (int p : ports) {
                try (Jedis j = new Jedis(host(), p, 1000)) {
                    String info = j.clusterInfo();
                    if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + NODES)) {
                        ok = false;
                        last = "node " + p + ": " + info;
                        break;
                    }
                } catch (RuntimeException e) {
                    ok = false;
                    last = "node " + p + ": " + e;
                    break;
                }
            }
            if (ok) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("the cluster on ports " + ports + " did not reach cluster_state:ok within "
                + READY_TIMEOUT_MS + " ms; last CLUSTER INFO of " + last);
    }
}
