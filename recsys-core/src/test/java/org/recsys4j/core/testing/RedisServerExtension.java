package org.recsys4j.core.testing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts a real {@code redis-server} on a free loopback port for a test class and stops it afterwards;
 * register it as {@code @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();}.
 *
 * <p>The server runs in a temporary directory with {@code --bind 127.0.0.1 --save "" --appendonly no
 * --daemonize no}, so it writes nothing and dies with its process. {@code redis-server} is looked up
 * on the PATH. When it is absent the class's tests are skipped, unless the environment variable
 * {@value #REQUIRE_ENV} is {@code 1}, in which case they fail with a message saying so (CI sets it).
 */
public final class RedisServerExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback {
    /** The environment variable that turns a missing {@code redis-server} from a skip into a failure. */
    public static final String REQUIRE_ENV = "RECSYS4J_REQUIRE_REDIS";
    private static final long READY_TIMEOUT_MS = 15_000;

    private final boolean persistent;
    private Path executable;
    private Path dir;
    private volatile Process process;
    private volatile boolean frozen;
    private int port;
    private String skipReason;
    private Thread shutdownHook;

    /** Creates an extension whose server persists nothing. */
    public RedisServerExtension() {
        this(false);
    }

    private RedisServerExtension(boolean persistent) {
        this.persistent = persistent;
    }

    /**
     * Returns an extension whose server keeps an append-only file ({@code appendfsync always}) in its
     * temporary directory, so that data survives {@link #stop()} and {@link #start()}.
     */
    public static RedisServerExtension persistent() {
        return new RedisServerExtension(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        executable = findOnPath("redis-server");
        if (executable == null) {
            String msg = "redis-server is not on the PATH (" + System.getenv("PATH") + ")";
            if ("1".equals(System.getenv(REQUIRE_ENV))) {
                throw new IllegalStateException(msg + " but " + REQUIRE_ENV + "=1 requires the Redis tests to run;"
                        + " install Redis (e.g. apt-get install redis-server)");
            }
            // skipped test by test in beforeEach, so that the reports count every test as skipped
            skipReason = msg + ": skipping the Redis tests (set " + REQUIRE_ENV + "=1 to make this a failure)";
            return;
        }
        dir = Files.createTempDirectory("recsys4j-redis");
        // if the test JVM is killed before afterAll, do not leave a redis-server behind
        shutdownHook = new Thread(() -> {
            Process p = process;
            if (p != null) {
                p.destroyForcibly();
            }
        }, "redis-server-stopper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                startOn(freePort());
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    /** Thaws a server a test left frozen ({@link #freeze()}), so the next test finds it answering. */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (frozen && isRunning()) {
            thaw();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            stop();
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

    /** Returns the loopback host the server listens on. */
    public String host() {
        return "127.0.0.1";
    }

    /** Returns the port the server listens on (kept across {@link #stop()} and {@link #start()}). */
    public int port() {
        return port;
    }

    /** Returns whether the server process is running. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Freezes the server with SIGSTOP: it keeps its port and the kernel still accepts connections, but it
     * answers nothing until {@link #thaw()} (a hung or swapped-out Redis, as clients see it); the extension
     * thaws it after the test if the test did not.
     */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
        frozen = true;
    }

    /** Resumes a server frozen by {@link #freeze()} (SIGCONT). */
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
        frozen = false;
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException("redis-server is not running");
        }
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + p.pid() + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Stops the server (SIGTERM, then a forced kill after 10 s) and waits for its process to end. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        try {
            thaw();   // a frozen server would not act on SIGTERM
        } catch (IOException | IllegalStateException e) {
            // the forced kill below still ends it
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    /**
     * Starts the server again on the same port and waits until it answers PING; it is empty unless the
     * extension is {@link #persistent()}.
     */
    public void start() throws IOException, InterruptedException {
        if (isRunning()) {
            return;
        }
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                startOn(port);
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }

    private void startOn(int p) throws IOException, InterruptedException {
        Path log = dir.resolve("redis-" + p + ".log");
        List<String> cmd = new java.util.ArrayList<>(List.of(executable.toString(), "--port", Integer.toString(p),
                "--bind", "127.0.0.1", "--save", "", "--daemonize", "no", "--dir", dir.toString()));
        cmd.addAll(persistent ? List.of("--appendonly", "yes", "--appendfsync", "always") : List.of("--appendonly", "no"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process proc = pb.start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            if (!proc.isAlive()) {
                throw new IOException("redis-server on port " + p + " exited with code " + proc.exitValue()
                        + " before answering PING; log:\n" + tail(log));
            }
            if (ping(p)) {
                this.process = proc;
                this.port = p;
                return;
            }
            Thread.sleep(20);
        }
        proc.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IOException("redis-server on port " + p + " did not answer PING within " + READY_TIMEOUT_MS
                + " ms; log:\n" + tail(log));
    }

    static String tail(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static boolean ping(int p) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 200);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = 0;
            while (n < 7) {
                int r = in.read(buf, n, 7 - n);
                if (r < 0) {
                    return false;
                }
                n += r;
            }
            return "+PONG\r\n".equals(new String(buf, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    /** Returns a loopback port that nothing listened on a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Returns the executable named {@code name} in a directory of the PATH, or null.
     *
     * @param name the file name
     */
    public static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
