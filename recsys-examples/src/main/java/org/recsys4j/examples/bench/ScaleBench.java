package org.recsys4j.examples.bench;

import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.examples.report.Plots;
import org.recsys4j.examples.server.RecServer;
import org.recsys4j.examples.server.ServingApi;
import org.recsys4j.examples.server.ServingData;
import org.recsys4j.examples.train.Fingerprint;
import org.recsys4j.examples.train.Progress;
import org.recsys4j.examples.train.ServingModels;
import org.recsys4j.examples.train.TrainingSettings;
import org.recsys4j.examples.train.WorkDir;
import org.recsys4j.examples.cli.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bench scale}: how each step of {@code train} and of {@code serve}'s start grows with the data. For each
 * {@code --data} folder (MovieLens format, e.g. written by {@code generate}) it runs, in a JVM of its own with the
 * default heap (so that one size's garbage does not weigh on the next and each figure is what {@code train} /
 * {@code serve} would see), every step of {@code train} into a fresh work folder, then the steps of
 * {@code serve}'s start: the artifacts loaded back, the serving data (store load, channels, pipelines) and the
 * server's start with its warm-up. Per step it records the wall time, the CPU time of the process, the peak heap
 * in use ({@link MemoryWatch}: sampled and just before every collection) and the peak resident set size; at the
 * end the live heap and resident set of the serving process (after a full collection). Prints one Markdown table
 * per size and the growth table (top-level steps × sizes), writes them as CSV, and draws CPU time and peak heap
 * against the number of ratings (PNG).
 *
 * <p>The steps run as {@code train} runs them ({@link ServingModels#obtain}, the demo's
 * {@link TrainingSettings#defaults()}); nested steps (a corpus built inside a training step) are listed below their
 * parent and not added to the totals.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Time and peak memory of every train and serve-start step, per data folder (each in its own JVM), "
                + "with the growth table and plot (docs/benchmarks.md, \"Scale: growth with the data\").")
public final class ScaleBench implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", required = true, split = ",",
            description = "MovieLens folders, smallest first (repeatable or comma-separated).")
    List<Path> data;

    @Option(names = "--work", paramLabel = "DIR", description = "Parent of the work folders (one per data folder; "
            + "default: a temporary folder, deleted at the end).")
    Path work;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/bench-scale",
            description = "Where the CSV files and the plots go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Training threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--warm-up-rounds", paramLabel = "N", defaultValue = "" + RecServer.DEFAULT_WARM_UP_ROUNDS,
            description = "Warm-up rounds of the server's start (default: ${DEFAULT-VALUE}).")
    int warmUpRounds;

    @Option(names = "--java-option", paramLabel = "OPT", description = "An option of the child JVMs (repeatable; default: "
            + "none, the default heap).")
    List<String> javaOptions = new ArrayList<>();

    @Option(names = "--in-process", description = "Run the one --data folder in this JVM (what each child runs).")
    boolean inProcess;

    @Option(names = "--tables-only", description = "Run nothing: print the growth table and draw the plots from the "
            + "scale-<folder>.csv files already in --out (e.g. sizes measured by separate runs).")
    boolean tablesOnly;

    /** One measured step. */
    record Row(String data, long ratings, String step, int depth, double seconds, double cpuSeconds, long heapPeak,
               long rssPeak) {
        String csv() {
            return String.join(",", data, Long.toString(ratings), '"' + step + '"', Integer.toString(depth),
                    String.format(Locale.ROOT, "%.3f", seconds), String.format(Locale.ROOT, "%.3f", cpuSeconds),
                    Long.toString(heapPeak), Long.toString(rssPeak));
        }

        static Row parse(String line) {
            int q0 = line.indexOf('"');
            int q1 = line.indexOf('"', q0 + 1);
            String[] head = line.substring(0, q0 - 1).split(",");
            String[] tail = line.substring(q1 + 2).split(",");
            return new Row(head[0], Long.parseLong(head[1]), line.substring(q0 + 1, q1), Integer.parseInt(tail[0]),
                    Double.parseDouble(tail[1]), Double.parseDouble(tail[2]), Long.parseLong(tail[3]),
                    Long.parseLong(tail[4]));
        }
    }

    static final String CSV_HEADER = "data,ratings,step,depth,seconds,cpuSeconds,heapPeakBytes,rssPeakBytes";

    @Override
    public Integer call() throws Exception {
        if (threads < 1) {
            throw new UserError("--threads " + threads + ": must be at least 1");
        }
        for (Path d : data) {
            if (!tablesOnly && !Files.isDirectory(d)) {
                throw new UserError("--data " + d + ": not a folder");
            }
        }
        Files.createDirectories(out);
        PrintStream o = System.out;
        if (inProcess) {
            if (data.size() != 1) {
                throw new UserError("--in-process takes one --data folder, not " + data.size());
            }
            runOne(data.get(0), o);
            return 0;
        }
        o.println("# bench scale: " + Machine.describe());
        Map<String, List<Row>> bySize = new LinkedHashMap<>();
        for (Path d : tablesOnly ? List.<Path>of() : data) {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(javaOptions);
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(org.recsys4j.examples.cli.Recsys4jCli.class.getName());
            cmd.addAll(List.of("bench", "scale", "--in-process", "--data", d.toString(), "--out", out.toString(),
                    "--threads", Integer.toString(threads), "--warm-up-rounds", Integer.toString(warmUpRounds)));
            if (work != null) {
                cmd.addAll(List.of("--work", work.toString()));
            }
            o.println("## " + d + ": " + String.join(" ", cmd.subList(cmd.size() - 10, cmd.size())));
            o.flush();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            int rc = p.waitFor();
            Path csv = csvOf(d);
            if (Files.exists(csv)) {
                List<Row> rows = Files.readAllLines(csv).stream().skip(1).map(Row::parse).toList();
                bySize.put(d.getFileName().toString(), rows);
            }
            if (rc != 0) {
                o.printf(Locale.ROOT, "%s: the child JVM exited with %d (the table keeps the steps it finished)%n", d, rc);
            }
        }
        if (tablesOnly) {
            for (Path d : data) {
                Path csv = csvOf(d);
                if (!Files.exists(csv)) {
                    throw new UserError(csv + ": no such file (run bench scale with --data " + d + " first)");
                }
                List<Row> rows = Files.readAllLines(csv).stream().skip(1).map(Row::parse).toList();
                bySize.put(d.getFileName().toString(), rows);
                o.println();
                o.println(stepTable(d.getFileName().toString(), rows));
            }
        }
        o.println();
        o.println(growthTable(bySize));
        plot(bySize);
        return 0;
    }

    private Path csvOf(Path d) {
        return out.resolve("scale-" + d.getFileName() + ".csv");
    }

    /** Runs every step for one data folder in this JVM, printing the per-step table and writing the CSV as it goes. */
    private void runOne(Path dir, PrintStream o) throws Exception {
        String name = dir.getFileName().toString();
        o.println("# bench scale " + dir + ": " + Machine.describe());
        Path root = work != null ? work.resolve("scale-" + name) : Files.createTempDirectory("recsys4j-scale-" + name);
        if (work != null) {
            Files.createDirectories(root);
        }
        List<Row> rows = new ArrayList<>();
        Path csv = csvOf(dir);
        long[] ratings = {0};
        try (MemoryWatch watch = new MemoryWatch()) {
            // the steps open on each thread (steps nest on one thread; train runs some steps beside others)
            ThreadLocal<Deque<MemoryWatch.Window>> open = ThreadLocal.withInitial(ArrayDeque::new);
            Progress.Observer observer = new Progress.Observer() {
                @Override
                public void started(String task) {
                    open.get().push(watch.open());
                }

                @Override
                public void ended(String task, double seconds) {
                    Deque<MemoryWatch.Window> windows = open.get();
                    MemoryWatch.Window w = windows.pop();
                    watch.close(w);
                    synchronized (rows) {
                        rows.add(new Row(name, ratings[0], task, windows.size(), seconds, w.cpuSeconds(), w.heapPeak(),
                                w.rssPeak()));
                        try {
                            writeCsv(csv, rows);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }
            };
            Progress progress = Progress.of(Progress.Mode.LINES, o).withObserver(observer);
            TrainingSettings settings = TrainingSettings.defaults().withThreads(threads);
            String failure = null;
            long t0 = System.nanoTime();
            try {
                MovieLensData d;
                String dataKey;
                try (Progress.Step step = progress.start("load data", 0, "")) {
                    d = MovieLens.load(dir, LoadOptions.lenient());
                    ratings[0] = d.ratings().size();
                    dataKey = Fingerprint.of("data", 1).add("folder", Fingerprint.ofFolder(dir))
                            .add("options", LoadOptions.lenient()).hex();
                }
                try (Progress.Step step = progress.start("train (all artifacts)", 0, "")) {
                    // one step after another, so that each step's time and memory are its own
                    ServingModels.obtain(d, dataKey, settings, WorkDir.at(root), progress,
                            ServingModels.Schedule.SEQUENTIAL);
                }
                double trainSeconds = (System.nanoTime() - t0) / 1e9;
                System.gc();
                long t1 = System.nanoTime();
                ServingModels models;
                try (Progress.Step step = progress.start("serve: load artifacts", 0, "")) {
                    models = ServingModels.obtain(d, dataKey, settings, WorkDir.at(root), Progress.silent());
                }
                ServingData serving;
                try (Progress.Step step = progress.start("serve: serving data", 0, "")) {
                    serving = ServingData.build(d, models, new ServingData.Settings(settings,
                            ServingData.Settings.defaults().cacheSeconds(), ServingData.Settings.defaults().budgetMillis()), null, o);
                }
                RecServer server;
                try (Progress.Step step = progress.start("serve: start and warm-up", 0, "")) {
                    server = RecServer.start(new ServingApi(serving), "127.0.0.1", 0, RecServer.Limits.defaults(),
                            warmUpRounds);
                }
                double serveSeconds = (System.nanoTime() - t1) / 1e9;
                System.gc();
                System.gc();
                long live = MemoryWatch.heapUsed();
                long rss = MemoryWatch.rss();
                rows.add(new Row(name, ratings[0], "serving process: live heap and RSS after a full GC", 0, 0, 0, live, rss));
                writeCsv(csv, rows);
                o.printf(Locale.ROOT, "%ntrain %.1f s, serve start %.1f s (load + serving data + warm-up), total %.1f s; "
                                + "serving process after a full GC: heap %s, RSS %s; process RSS high-water mark %s%n",
                        trainSeconds, serveSeconds, trainSeconds + serveSeconds, mib(live), mib(rss),
                        mib(MemoryWatch.rssHighWaterMark()));
                server.close();
                serving.close();
            } catch (OutOfMemoryError e) {
                failure = "OutOfMemoryError: " + e.getMessage();
            } catch (RuntimeException e) {
                failure = e.toString();
            }
            Deque<MemoryWatch.Window> left = open.get();
            while (!left.isEmpty()) {   // the steps a failure left open (the steps run on this thread)
                watch.close(left.pop());
            }
            o.println();
            o.println(stepTable(name, rows));
            if (failure != null) {
                o.println("FAILED after " + String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - t0) / 1e9)
                        + ": " + failure);
                System.exit(3);
            }
        } finally {
            if (work == null) {
                deleteTree(root);
            }
        }
    }

    private static void writeCsv(Path csv, List<Row> rows) throws IOException {
        StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
        for (Row r : rows) {
            b.append(r.csv()).append('\n');
        }
        org.recsys4j.core.util.AtomicFiles.write(csv, b.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MiB", bytes / (double) (1 << 20));
    }

    /** Returns the Markdown table of one size's steps, nested steps indented (in the order they ended). */
    static String stepTable(String name, List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| ").append(name).append(": step | wall s | CPU s | peak heap | peak RSS |\n|---|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s%s | %.1f | %.1f | %s | %s |%n", "&nbsp;&nbsp;".repeat(r.depth()),
                    r.step(), r.seconds(), r.cpuSeconds(), mib(r.heapPeak()), mib(r.rssPeak())));
        }
        return b.toString();
    }

    /** The steps of the growth table: the top-level ones of the first size, in order. */
    static String growthTable(Map<String, List<Row>> bySize) {
        List<String> steps = new ArrayList<>();
        for (List<Row> rows : bySize.values()) {
            for (Row r : rows) {
                if (r.depth() <= 1 && !steps.contains(r.step())) {
                    steps.add(r.step());
                }
            }
        }
        StringBuilder b = new StringBuilder("| step |");
        StringBuilder sep = new StringBuilder("|---|");
        for (Map.Entry<String, List<Row>> e : bySize.entrySet()) {
            long n = e.getValue().isEmpty() ? 0 : e.getValue().get(e.getValue().size() - 1).ratings();
            b.append(String.format(Locale.ROOT, " %s (%,d ratings): wall s / CPU s / peak heap |", e.getKey(), n));
            sep.append("---:|");
        }
        b.append('\n').append(sep).append('\n');
        for (String step : steps) {
            b.append("| ").append(step).append(" |");
            for (List<Row> rows : bySize.values()) {
                Row r = rows.stream().filter(x -> x.step().equals(step)).findFirst().orElse(null);
                b.append(r == null ? " — |" : String.format(Locale.ROOT, " %.1f / %.1f / %s |", r.seconds(), r.cpuSeconds(),
                        mib(r.heapPeak())));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Draws wall time and peak heap of the main steps against the number of ratings (log-log). */
    private void plot(Map<String, List<Row>> bySize) throws IOException {
        Map<String, List<double[]>> time = new LinkedHashMap<>();
        Map<String, List<double[]>> heap = new LinkedHashMap<>();
        for (List<Row> rows : bySize.values()) {
            for (Row r : rows) {
                if (r.depth() == 1 || (r.depth() == 0 && r.seconds() > 0 && !r.step().startsWith("train"))) {
                    if (r.cpuSeconds() > 0) {   // CPU seconds: on a shared machine the wall time is the load's
                        time.computeIfAbsent(r.step(), k -> new ArrayList<>()).add(new double[]{r.ratings(), r.cpuSeconds()});
                    }
                    if (r.heapPeak() > 0) {
                        heap.computeIfAbsent(r.step(), k -> new ArrayList<>()).add(new double[]{r.ratings(),
                                r.heapPeak() / (double) (1 << 20)});
                    }
                }
            }
        }
        Plots.lines(out.resolve("scale-time.png"), new Plots.Axes("CPU time of each step against the data (2 threads)",
                "ratings", true, "CPU seconds", true), series(time));
        Plots.lines(out.resolve("scale-heap.png"), new Plots.Axes("Peak heap in use during each step against the data",
                "ratings", true, "MiB", true), series(heap));
    }

    private static List<Plots.Series> series(Map<String, List<double[]>> points) {
        List<Plots.Series> s = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> e : points.entrySet()) {
            if (e.getValue().size() < 2) {
                continue;
            }
            double[] x = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
            double[] y = e.getValue().stream().mapToDouble(p -> Math.max(p[1], 0.01)).toArray();
            s.add(new Plots.Series(e.getKey(), x, y));
        }
        if (s.isEmpty()) {
            s.add(new Plots.Series("none", new double[]{1}, new double[]{1}));
        }
        return s;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
