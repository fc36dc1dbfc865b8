package org.recsys4j.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.recsys4j.examples.cli.Checks;
import org.recsys4j.examples.cli.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code bench reliability}: drives a running demo server ({@code recsys4j serve}, started by the caller, e.g.
 * {@code scripts/bench-reliability.sh}) on the loopback interface through up to three phases, each printed as
 * a block for {@code docs/reliability.md}:
 * <ol>
 *   <li>{@code fuzz}: {@link HttpFuzz} cases over every endpoint and page, sent byte for byte ({@link RawHttp}) by
 *       four clients; the answers by status class, status and mutation kind, and every broken promise (a
 *       5xx, no answer, an error body that is not {@code {"error", "status"}});</li>
 *   <li>{@code slow}: ordinary clients alone, then the same beside slow clients that trickle request bodies
 *       (one byte a second each; a slow client refused with 408 is replaced at once, so the number stays
 *       constant): requests, errors, p50/p99/max latency, and the server's threads (from
 *       {@code /api/metrics}, and the process's thread count from {@code /proc} with {@code --server-pid});</li>
 *   <li>{@code load}: ordinary clients alone, second by second (requests, errors, p99, max), with a fault injected
 *       meanwhile: {@code --pause-pid} freezes a process (the script's redis-server) with SIGSTOP for
 *       {@code --pause-seconds} from second {@code --pause-at}, then resumes it with SIGCONT.</li>
 * </ol>
 * The ordinary requests: recommended-for-you of a random known user ({@code multi-ials}, the ranking pipeline),
 * a movie, health, and a feedback POST, in turn.
 */
@Command(name = "reliability", mixinStandardHelpOptions = true,
        description = "Fuzz, slow-client overload and fault-time load against a running demo server (docs/reliability.md).")
public final class ReliabilityBench implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", required = true, description = "The server's port on 127.0.0.1.")
    int port;

    @Option(names = "--phases", paramLabel = "LIST", split = ",", defaultValue = "fuzz,slow",
            description = "Phases to run, of fuzz, slow, load (default: ${DEFAULT-VALUE}).")
    List<String> phases;

    @Option(names = "--fuzz-cases", paramLabel = "N", defaultValue = "5000", description = "Fuzz cases (default: ${DEFAULT-VALUE}).")
    int fuzzCases;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "16", description = "Seed of the fuzz cases and the ids (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--slow-clients", paramLabel = "N", defaultValue = "200", description = "Slow clients (default: ${DEFAULT-VALUE}).")
    int slowClients;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "8", description = "Ordinary clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "20",
            description = "Length of each measured run of ordinary clients (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--server-pid", paramLabel = "PID", description = "The server's process id, for its thread count from /proc.")
    Long serverPid;

    @Option(names = "--pause-pid", paramLabel = "PID",
            description = "In the load phase, freeze this process (kill -STOP, e.g. redis-server) for --pause-seconds at --pause-at, then kill -CONT it.")
    Long pausePid;

    @Option(names = "--pause-at", paramLabel = "S", defaultValue = "5", description = "Second of the load run at which to freeze (default: ${DEFAULT-VALUE}).")
    int pauseAt;

    @Option(names = "--pause-seconds", paramLabel = "S", defaultValue = "5", description = "How long to freeze (default: ${DEFAULT-VALUE}).")
    int pauseSeconds;

    private PrintStream out;
    private List<Long> users;
    private List<Long> movies;
    private String genre;

    @Override
    public Integer call() throws Exception {
        for (Map.Entry<String, Integer> e : Map.of("--port", port, "--fuzz-cases", fuzzCases, "--slow-clients", slowClients,
                "--clients", clients, "--seconds", seconds).entrySet()) {
            if (e.getValue() <= 0) {
                throw new UserError(e.getKey() + " " + e.getValue() + ": must be > 0");
            }
        }
        Checks.range("--port", port, 1, 65535);
        Checks.range("--pause-at", pauseAt, 0, seconds);
        Checks.range("--pause-seconds", pauseSeconds, 1, 3600);
        if (serverPid != null) {
            Checks.range("--server-pid", serverPid, 1, Long.MAX_VALUE);
        }
        if (pausePid != null) {
            Checks.range("--pause-pid", pausePid, 1, Long.MAX_VALUE);
        }
        for (String p : phases) {
            if (!List.of("fuzz", "slow", "load").contains(p)) {
                throw new UserError("--phases: unknown phase '" + p + "'; valid: fuzz, slow, load");
            }
        }
        out = System.out;
        out.println("# bench reliability — " + Machine.describe());
        discover();
        out.printf(Locale.ROOT, "server 127.0.0.1:%d; %d known users and %d movies sampled; genre %s; %s%n", port, users.size(),
                movies.size(), genre, limits());
        if (phases.contains("fuzz")) {
            fuzz();
        }
        if (phases.contains("slow")) {
            slow();
        }
        if (phases.contains("load")) {
            load();
        }
        return 0;
    }

    // ---------------------------------------------------------------- the server

    private JsonNode getJson(String target) throws IOException {
        RawHttp.Answer a = RawHttp.exchange(port, RawHttp.request("GET", target, null, null), false, 30_000);
        if (a == null || a.status() != 200) {
            throw new UserError("GET " + target + " on port " + port + ": " + (a == null ? "no answer" : a.status() + " " + a.text()));
        }
        return a.json();
    }

    /** Finds known ids: movies of the largest genre, users among the first ids. */
    private void discover() throws IOException {
        JsonNode genres;
        try {
            genres = getJson("/api/genres").get("genres");
        } catch (IOException e) {
            throw new UserError("no server on 127.0.0.1:" + port + " (" + e.getMessage() + "); start one with recsys4j serve");
        }
        int most = -1;
        for (var it = genres.fields(); it.hasNext(); ) {
            var g = it.next();
            if (g.getValue().asInt() > most && g.getKey().chars().allMatch(c -> Character.isLetter(c) || c == '-')) {
                most = g.getValue().asInt();
                genre = g.getKey();
            }
        }
        movies = new ArrayList<>();
        getJson("/api/genres/" + genre + "?k=100").get("items").forEach(m -> movies.add(m.get("movieId").asLong()));
        users = new ArrayList<>();
        for (long u = 1; u <= 400 && users.size() < 100; u++) {
            RawHttp.Answer a = RawHttp.exchange(port, RawHttp.request("GET", "/getuser?id=" + u, null, null), false, 30_000);
            if (a != null && a.status() == 200) {
                users.add(u);
            }
        }
        if (users.isEmpty() || movies.isEmpty()) {
            throw new UserError("found no user among ids 1..400 or no movie of genre " + genre);
        }
    }

    private String limits() throws IOException {
        JsonNode http = getJson("/api/metrics").path("http");
        return "threads max " + http.path("threads").path("max").asInt() + ", limits " + http.path("limits");
    }

    /** The server's figures: pool (current, busy, queued) and connections, plus the process's threads. */
    private record Threads(int current, int busy, int queued, int connections, int process) {
    }

    private Threads threads() {
        try {
            JsonNode http = getJson("/api/metrics").path("http");
            if (http.isMissingNode()) {   // a server without the http section (an older version)
                return new Threads(-1, -1, -1, -1, processThreads());
            }
            return new Threads(http.path("threads").path("current").asInt(), http.path("threads").path("busy").asInt(),
                    http.path("threads").path("queued").asInt(), http.path("connections").path("open").asInt(), processThreads());
        } catch (IOException | UserError e) {
            return new Threads(-1, -1, -1, -1, processThreads());
        }
    }

    private int processThreads() {
        if (serverPid == null) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + serverPid + "/status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring(8).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    // ---------------------------------------------------------------- fuzz

    private void fuzz() throws Exception {
        out.println();
        out.printf(Locale.ROOT, "## fuzz: %d cases (seed %d) over %d endpoints and pages, 4 clients%n", fuzzCases, seed,
                HttpFuzz.TEMPLATES.size());
        List<HttpFuzz.Case> cases = new HttpFuzz(movies.get(0), users.get(0), genre, seed).cases(fuzzCases);
        Map<String, Integer> byClass = new TreeMap<>();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        Map<String, Map<String, Integer>> byKind = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<RawHttp.Answer>> answers = new ArrayList<>();
            for (HttpFuzz.Case c : cases) {
                answers.add(pool.submit(() -> RawHttp.exchange(port, c.bytes(), c.head(), 30_000)));
            }
            for (int i = 0; i < cases.size(); i++) {
                HttpFuzz.Case c = cases.get(i);
                RawHttp.Answer a;
                String problem;
                try {
                    a = answers.get(i).get();
                    problem = HttpFuzz.problem(c, a);
                } catch (java.util.concurrent.ExecutionException e) {
                    a = null;
                    problem = "client error " + e.getCause();
                }
                int status = a == null ? 0 : a.status();
                String cls = HttpFuzz.statusClass(status);
                byClass.merge(cls, 1, Integer::sum);
                byStatus.merge(status, 1, Integer::sum);
                for (String kind : c.kinds().split("\\+")) {
                    byKind.computeIfAbsent(kind, k -> new TreeMap<>()).merge(cls, 1, Integer::sum);
                }
                if (problem != null) {
                    problems.add(c.kinds() + " " + c.line() + ": " + problem);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "%d answers in %.1f s; by class %s%n", cases.size(), secs, byClass);
        out.println("by status: " + byStatus);
        out.println("| mutation | cases (a case may have several) | 2xx | 4xx | 5xx | none |");
        out.println("|---|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, Map<String, Integer>> e : byKind.entrySet()) {
            Map<String, Integer> m = e.getValue();
            out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %d |%n", e.getKey(), m.values().stream().mapToInt(Integer::intValue).sum(),
                    m.getOrDefault("2xx", 0), m.getOrDefault("4xx", 0), m.getOrDefault("5xx", 0), m.getOrDefault("none", 0));
        }
        out.println("broken promises (5xx, no answer, error body not {error, status}): " + problems.size());
        problems.stream().limit(20).forEach(p -> out.println("  " + p));
        out.println("server's count of responses since its start: " + getJson("/api/metrics").path("http").path("responses"));
    }

    // ---------------------------------------------------------------- ordinary load

    /** One ordinary request's outcome: when it started (ns since the run's start), its latency, its status. */
    private record Sample(long startNanos, long micros, int status) {
    }

    /** Runs the ordinary clients for {@code secs} seconds; every {@code sampleMillis} calls {@code sampler}. */
    private List<Sample> ordinary(int secs, Runnable sampler) throws Exception {
        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        long end = t0 + secs * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    SplittableRandom rnd = new SplittableRandom(seed * 1000 + client);
                    for (int n = client; System.nanoTime() < end; n++) {
                        long user = users.get(rnd.nextInt(users.size()));
                        long movie = movies.get(rnd.nextInt(movies.size()));
                        byte[] req = switch (n % 4) {
                            case 0 -> RawHttp.request("GET", "/getrecforyou?id=" + user + "&size=10&model=multi-ials", null, null);
                            case 1 -> RawHttp.request("GET", "/getmovie?id=" + movie, null, null);
                            case 2 -> RawHttp.request("GET", "/api/health", null, null);
                            default -> RawHttp.request("POST", "/api/feedback", "Content-Type: application/json",
                                    ("{\"userId\": " + (9_000_000 + client) + ", \"movieId\": " + movie + ", \"rating\": 4}")
                                            .getBytes(StandardCharsets.UTF_8));
                        };
                        long s = System.nanoTime();
                        int status;
                        long micros;
                        try {
                            RawHttp.Answer a = RawHttp.exchange(port, req, false, 30_000);
                            status = a == null ? 0 : a.status();
                            micros = a == null ? (System.nanoTime() - s) / 1000 : a.micros();
                        } catch (IOException e) {
                            status = -1;
                            micros = (System.nanoTime() - s) / 1000;
                        }
                        samples.add(new Sample(s - t0, micros, status));
                    }
                    return null;
                }));
            }
            if (sampler != null) {
                while (System.nanoTime() < end) {
                    sampler.run();
                    Thread.sleep(500);
                }
            }
            for (Future<?> d : done) {
                d.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new ArrayList<>(samples);
    }

    private String summary(List<Sample> samples, int secs) {
        double[] ms = samples.stream().filter(s -> s.status() == 200).mapToDouble(s -> s.micros() / 1000.0).toArray();
        long errors = samples.stream().filter(s -> s.status() != 200).count();
        return String.format(Locale.ROOT, "%d requests (%.0f/s), %d errors, latency p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                samples.size(), samples.size() / (double) secs, errors, ms.length == 0 ? Double.NaN : Stats.quantile(ms, 0.5),
                ms.length == 0 ? Double.NaN : Stats.quantile(ms, 0.99), ms.length == 0 ? Double.NaN : Stats.quantile(ms, 1.0));
    }

    // ---------------------------------------------------------------- slow clients

    private void slow() throws Exception {
        out.println();
        out.printf(Locale.ROOT, "## slow clients: %d ordinary clients alone for %d s, then beside %d slow clients (bodies of 10,000 "
                + "bytes sent one byte a second; each refused one replaced at once)%n", clients, seconds, slowClients);
        ordinary(Math.min(10, seconds), null);   // warm-up, not measured
        Threads before = threads();
        out.println("alone:  " + summary(ordinary(seconds, null), seconds) + "; " + describe(before));
        List<Socket> slow = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Integer> slowOutcomes = new TreeMap<>();
        int[] opened = {0};
        AtomicBoolean running = new AtomicBoolean(true);
        Thread trickle = new Thread(() -> {
            while (running.get()) {
                synchronized (slow) {
                    while (slow.size() < slowClients) {
                        try {
                            slow.add(openSlow());
                            opened[0]++;
                        } catch (IOException e) {
                            slowOutcomes.merge(-1, 1, Integer::sum);
                            break;
                        }
                    }
                    for (int i = 0; i < slow.size(); i++) {
                        Socket s = slow.get(i);
                        Integer answered = answered(s);
                        if (answered == null) {
                            try {
                                OutputStream o = s.getOutputStream();
                                o.write(' ');
                                o.flush();
                                continue;
                            } catch (IOException e) {
                                answered = 0;
                            }
                        }
                        slowOutcomes.merge(answered, 1, Integer::sum);
                        close(s);
                        slow.remove(i--);
                    }
                }
                sleep(1000);
            }
        }, "slow-clients");
        trickle.setDaemon(true);
        trickle.start();
        sleep(2000);   // every slow client connected and sending
        List<Threads> during = Collections.synchronizedList(new ArrayList<>());
        List<Sample> beside = ordinary(seconds, () -> during.add(threads()));
        running.set(false);
        trickle.join();
        synchronized (slow) {
            slow.forEach(ReliabilityBench::close);
        }
        out.println("beside: " + summary(beside, seconds) + "; " + describeMax(during));
        out.printf(Locale.ROOT, "slow clients: %d opened, answers to the finished ones by status (0 = closed without one) %s%n",
                opened[0], slowOutcomes);
    }

    private Socket openSlow() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(100);
        s.getOutputStream().write(("POST /api/feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 10000\r\n\r\n{").getBytes(StandardCharsets.ISO_8859_1));
        return s;
    }

    /** Returns the status the server answered on a slow connection, 0 if it closed it, or null if nothing yet. */
    private static Integer answered(Socket s) {
        try {
            InputStream in = s.getInputStream();
            if (in.available() == 0) {
                return null;
            }
            RawHttp.Answer a = RawHttp.read(in, false, System.nanoTime());
            return a == null ? 0 : a.status();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String describe(Threads t) {
        return String.format(Locale.ROOT, "server pool %d threads (%d busy), %d connections, process %d threads", t.current(), t.busy(),
                t.connections(), t.process());
    }

    private static String describeMax(List<Threads> ts) {
        int cur = ts.stream().mapToInt(Threads::current).max().orElse(-1);
        int conn = ts.stream().mapToInt(Threads::connections).max().orElse(-1);
        int proc = ts.stream().mapToInt(Threads::process).max().orElse(-1);
        double[] busy = ts.stream().mapToDouble(Threads::busy).toArray();
        int queued = ts.stream().mapToInt(Threads::queued).max().orElse(-1);
        return String.format(Locale.ROOT, "sampled every 0.5 s: server pool at most %d threads, busy median %.0f / max %.0f, queued at "
                        + "most %d, at most %d connections, process at most %d threads", cur, busy.length == 0 ? Double.NaN : Stats.median(busy),
                busy.length == 0 ? Double.NaN : Stats.quantile(busy, 1.0), queued, conn, proc);
    }

    // ---------------------------------------------------------------- load, second by second

    private void load() throws Exception {
        out.println();
        out.printf(Locale.ROOT, "## load: %d ordinary clients for %d s, second by second (started %s)%n", clients, seconds,
                java.time.LocalTime.now().withNano(0));
        ordinary(Math.min(10, seconds), null);   // warm-up, not measured
        List<Threads> during = Collections.synchronizedList(new ArrayList<>());
        Thread pauser = null;
        if (pausePid != null) {
            out.printf(Locale.ROOT, "process %d frozen (SIGSTOP) from second %d for %d s, then SIGCONT%n", pausePid, pauseAt, pauseSeconds);
            pauser = new Thread(() -> {
                sleep(pauseAt * 1000L);
                signal("STOP");
                sleep(pauseSeconds * 1000L);
                signal("CONT");
            }, "pause");
            pauser.start();
        }
        List<Sample> samples;
        try {
            samples = ordinary(seconds, () -> during.add(threads()));
        } finally {
            if (pauser != null) {
                pauser.join();
            }
        }
        out.println("| second | requests | errors | p99 ms | max ms |");
        out.println("|---:|---:|---:|---:|---:|");
        for (int sec = 0; sec < seconds; sec++) {
            int s0 = sec;
            List<Sample> in = samples.stream().filter(x -> x.startNanos() / 1_000_000_000L == s0).toList();
            double[] ms = in.stream().mapToDouble(x -> x.micros() / 1000.0).toArray();
            out.printf(Locale.ROOT, "| %d | %d | %d | %.1f | %.1f |%n", sec, in.size(), in.stream().filter(x -> x.status() != 200).count(),
                    ms.length == 0 ? Double.NaN : Stats.quantile(ms, 0.99), ms.length == 0 ? Double.NaN : Stats.quantile(ms, 1.0));
        }
        out.println("whole run: " + summary(samples, seconds) + "; " + describeMax(during));
        Map<Integer, Long> statuses = new TreeMap<>();
        samples.forEach(s -> statuses.merge(s.status(), 1L, Long::sum));
        out.println("statuses: " + statuses + "; store: " + getJson("/api/metrics").get("store"));
    }

    private void signal(String sig) {
        try {
            int rc = new ProcessBuilder("kill", "-" + sig, Long.toString(pausePid)).inheritIO().start().waitFor();
            if (rc != 0) {
                out.println("kill -" + sig + " " + pausePid + ": exit status " + rc);
            }
        } catch (IOException e) {
            out.println("kill -" + sig + " " + pausePid + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
