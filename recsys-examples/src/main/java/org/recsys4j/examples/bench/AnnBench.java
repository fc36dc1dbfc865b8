package org.recsys4j.examples.bench;

import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.util.Parallel;
import org.recsys4j.examples.cli.UserError;
import org.recsys4j.examples.report.Plots;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.recsys4j.recall.index.BruteForceIndex;
import org.recsys4j.recall.index.E2LshIndex;
import org.recsys4j.recall.index.HnswIndex;
import org.recsys4j.recall.index.IvfFlatIndex;
import org.recsys4j.recall.index.Metric;
import org.recsys4j.recall.index.Neighbors;
import org.recsys4j.recall.index.SignLshIndex;
import org.recsys4j.recall.index.Texmex;
import org.recsys4j.recall.index.VectorIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code bench ann}: protocol A. Loads a texmex set ({@code base.fvecs}, {@code query.fvecs},
 * {@code gt_l2.ivecs}, {@code gt_cos.ivecs}), builds every index of {@link #specs()} and measures, per
 * operating point, build time, saved-index bytes, recall@10 over all queries, and queries/s one query at a
 * time (1 thread, best of the passes after a warm-up pass; then each further thread count); then runs the
 * anchors in the same run (faiss's exact flat scan by default; optionally faiss HNSW and IVF-Flat, the C++
 * hnswlib, the Java hnswlib-core and Spark MLlib's bucketed random projection LSH, each by its own script in
 * {@code --anchors}/ann run as a subprocess) and prints one markdown table per metric with our rows, the
 * anchors' rows, and the ratio of our QPS to the fastest anchor at the same or higher recall, then the goal
 * table of {@link AnnGoals}. With {@code --out} it also writes each metric's rows as CSV and its
 * recall@10-vs-queries/s curves as a PNG ({@link Plots}). For {@link BruteForceIndex} it adds a row for
 * {@link BruteForceIndex#searchBatch} (all queries in one call): a throughput figure, outside protocol A.
 *
 * <p>The Java anchors' scripts ({@code run_java.sh}, {@code run_spark.sh}) compile their Maven projects in
 * place and resolve the set as {@code shared/bench/ann} beside {@code anchors/}; the bench therefore runs a
 * private copy of {@code anchors/ann} under {@code --work} with a link to {@code --set}, and deletes it at the
 * end, leaving the shared folder untouched.
 */
@Command(name = "ann", mixinStandardHelpOptions = true,
        description = "Protocol A: vector indexes (recall@10, QPS, build time, bytes) next to faiss, same run.")
public final class AnnBench implements Callable<Integer> {
    @Option(names = "--set", paramLabel = "DIR", defaultValue = "../shared/bench/ann",
            description = "The texmex set (default: ${DEFAULT-VALUE}).")
    Path set;

    @Option(names = "--metric", split = ",", defaultValue = "l2", paramLabel = "l2|cos",
            description = "Metrics, comma-separated: l2 and/or cos (default: ${DEFAULT-VALUE}).")
    List<String> metrics;

    @Option(names = "--threads", split = ",", defaultValue = "1,2",
            description = "Thread counts for the QPS columns; 1 is always measured (default: ${DEFAULT-VALUE}).")
    int[] threads;

    @Option(names = "--passes", defaultValue = "3",
            description = "Timed passes over the queries per thread count, best kept (default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--index", split = ",", paramLabel = "NAME",
            description = "Only the specs whose name contains one of these (case-insensitive); default: all.")
    List<String> only = new ArrayList<>();

    @Option(names = "--anchors", paramLabel = "DIR", defaultValue = "../shared/anchors",
            description = "The anchors folder (default: ${DEFAULT-VALUE}).")
    Path anchors;

    @Option(names = "--no-faiss", description = "Skip faiss's flat scan.")
    boolean noFaiss;

    @Option(names = "--faiss-hnsw", description = "Also run faiss HNSW (M=16 and 32, both metrics, 12 ef each: "
            + "about 10 minutes of single-threaded builds).")
    boolean faissHnsw;

    @Option(names = "--hnswlib", description = "Also run C++ hnswlib (M=16, ef 32 and 96; ~25 s build per metric).")
    boolean hnswlib;

    @Option(names = "--faiss-ivf", description = "Also run faiss IndexIVFFlat (nlist=1000, k-means on the base, "
            + "1 build thread; nprobe sweep).")
    boolean faissIvf;

    @Option(names = "--hnswlib-core", description = "Also run the Java hnswlib-core 1.2.1 (anchors/ann/run_java.sh "
            + "hnsw 16: M=16, efConstruction=200, 1 build thread, both metrics; ~2.5 min build per metric).")
    boolean hnswlibCore;

    @Option(names = "--spark", description = "Also run Spark MLlib BucketedRandomProjectionLSH.approxNearestNeighbors "
            + "(anchors/ann/run_spark.sh, local[2]; ~0.2 s per query, so on --spark-queries queries only).")
    boolean spark;

    @Option(names = "--spark-queries", defaultValue = "50",
            description = "Queries Spark answers (the first N; recall over those; default: ${DEFAULT-VALUE}).")
    int sparkQueries;

    @Option(names = "--spark-grid-l2", defaultValue = "1:5,2:3",
            description = "Spark bucketLength:numHashTables points for L2 (default: ${DEFAULT-VALUE}).")
    String sparkGridL2;

    @Option(names = "--spark-grid-cos", defaultValue = "0.1:5,0.2:3",
            description = "Spark points for cosine (normalised vectors; default: ${DEFAULT-VALUE}).")
    String sparkGridCos;

    @Option(names = "--all-anchors", description = "Every anchor: faiss flat, HNSW and IVF, C++ hnswlib, "
            + "hnswlib-core and Spark (about 20 minutes on 2 cores).")
    boolean allAnchors;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Also write ann-<metric>.csv (every row), ann-<metric>.png (recall@10 vs queries/s, "
                    + "log scale) and ann-goals.md here.")
    Path outDir;

    @Option(names = "--replot", paramLabel = "DIR",
            description = "Measure nothing: read the ann-<metric>.csv files of an earlier --out DIR and write its "
                    + "plots and goal table again (for the metrics of --metric).")
    Path replot;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "${java.io.tmpdir}",
            description = "Where indexes are saved to measure their size (default: ${DEFAULT-VALUE}).")
    Path work;

    /**
     * Returns the index configurations measured by {@code bench ann}, in table order. Other indexes add one
     * line each here (see {@link AnnIndexSpec}).
     *
     * @return the specs
     */
    public static List<AnnIndexSpec> specs() {
        return List.of(
                AnnIndexSpec.of("Recsys4J brute force", "-", BruteForceIndex::of),
                AnnIndexSpec.withKnob("Recsys4J HNSW", "M=16 efConstruction=200, 2 build threads",
                        (t, m) -> HnswIndex.builder(t, m).withM(16).withEfConstruction(200).withThreads(2).withSeed(42)
                                .build(),
                        "ef", new int[] {16, 24, 32, 48, 64, 96, 128}, (i, ef, q, k) -> i.search(q, k, ef, null)),
                // the same graph built on one thread: its build time is the 1-thread figure
                AnnIndexSpec.withKnob("Recsys4J HNSW (1 build thread)", "M=16 efConstruction=200",
                        (t, m) -> HnswIndex.builder(t, m).withM(16).withEfConstruction(200).withThreads(1).withSeed(42)
                                .build(),
                        "ef", new int[] {32}, (i, ef, q, k) -> i.search(q, k, ef, null)),
                AnnIndexSpec.withKnob("Recsys4J IVF-Flat", "nlist=1024, 10 iterations on ≤ 256×nlist rows, 2 build threads",
                        (t, m) -> IvfFlatIndex.builder(t, m).withNlist(1024).withThreads(2).withSeed(42).build(),
                        "nprobe", new int[] {2, 4, 8, 16, 32}, (i, np, q, k) -> i.search(q, k, np, null)),
                AnnIndexSpec.withKnob("Recsys4J IVF-Flat (1 build thread)", "nlist=1024",
                        (t, m) -> IvfFlatIndex.builder(t, m).withNlist(1024).withThreads(1).withSeed(42).build(),
                        "nprobe", new int[] {8}, (i, np, q, k) -> i.search(q, k, np, null)),
                // widths found by E2LshIndex.tune on this set (docs/benchmarks.md): k=16 projections, L=32 tables
                AnnIndexSpec.withKnob("Recsys4J E2LSH", "k=16 L=32, w=32.07 (L2) / 2.673 (cos), 2 build threads",
                        (t, m) -> E2LshIndex.builder(t, m).withWidth(m == Metric.L2 ? 32.07 : 2.673).withProjections(16)
                                .withTables(32).withThreads(2).withSeed(42).build(),
                        "probes", new int[] {0, 1, 2, 3, 4, 8}, (i, p, q, k) -> i.search(q, k, p, null)),
                // cosine only; candidates ranked exactly
                AnnIndexSpec.withKnob("Recsys4J sign-LSH", "b=14 L=32, exact re-ranking, 2 build threads",
                        (t, m) -> SignLshIndex.builder(t).withBits(14).withTables(32).withThreads(2).withSeed(42)
                                .build(),
                        "probes", new int[] {0, 1, 2, 3, 4, 8}, (i, p, q, k) -> i.search(q, k, p, null))
                        .onlyFor(Metric.COSINE)
        );
    }

    /**
     * One measured row of the table (ours or an anchor's).
     *
     * @param system       who, e.g. {@code Recsys4J brute force} or {@code faiss 1.7.3 IndexFlatL2}
     * @param metric       {@code l2} or {@code cos}
     * @param settings     build settings and search point, e.g. {@code M=16 ef=32}, or {@code -}
     * @param buildSeconds wall-clock build seconds
     * @param bytes        saved index bytes, or -1 if unknown
     * @param recall10     recall@10 over the queries
     * @param qps1         queries/s, 1 thread, one query at a time (wall clock)
     * @param qpsCpu       queries/s by the searching thread's CPU time, 1 thread
     * @param qpsMore      queries/s for each further thread count of {@code --threads} (NaN for anchors)
     * @param anchor       true for an anchor's row
     */
    public record Row(String system, String metric, String settings, double buildSeconds, long bytes,
                      double recall10, double qps1, double qpsCpu, double[] qpsMore, boolean anchor) {
    }

    private static final Pattern VERSION = Pattern.compile("^faiss (\\S+),");

    /**
     * Parses the markdown rows an anchor script prints ({@code run_faiss.py}, {@code run_hnswlib.py}):
     * {@code | index | metric | params | build s (wall / CPU) | recall@10 | QPS (1 thread) | QPS by CPU time | ...};
     * header, separator and other lines are skipped.
     *
     * @param output the script's standard output
     * @param prefix prepended to the index name, e.g. {@code faiss 1.7.3 }
     * @return the rows, in output order
     */
    public static List<Row> parseAnchor(String output, String prefix) {
        List<Row> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.startsWith("|")) {
                continue;
            }
            String[] f = line.split("\\|");
            if (f.length < 8) {
                continue;
            }
            try {
                double recall = Double.parseDouble(f[5].trim());
                double build = Double.parseDouble(f[4].trim().split("/")[0].trim());
                rows.add(new Row(prefix + f[1].trim(), f[2].trim(), f[3].trim(), build, -1, recall,
                        Double.parseDouble(f[6].trim()), Double.parseDouble(f[7].trim()), new double[0], true));
            } catch (NumberFormatException e) {
                // header or separator
            }
        }
        return rows;
    }

    private final BenchInput input = new BenchInput("bench ann");

    @Override
    public Integer call() throws Exception {
        return input.guard(this::measure);
    }

    private Integer measure() throws IOException {
        if (passes < 1) {
            throw new UserError("--passes " + passes + ": must be >= 1");
        }
        for (int t : threads) {
            if (t < 1) {
                throw new UserError("--threads " + t + ": must be >= 1");
            }
        }
        for (String m : metrics) {
            if (!m.equals("l2") && !m.equals("cos")) {
                throw new UserError("--metric " + m + ": must be l2 or cos");
            }
        }
        if (replot != null) {
            return replot(System.out);
        }
        for (String f : new String[] {"base.fvecs", "query.fvecs"}) {
            if (!Files.isRegularFile(set.resolve(f))) {
                throw new UserError("--set " + set + ": no " + f + " there");
            }
        }
        List<AnnIndexSpec> specs = new ArrayList<>();
        for (AnnIndexSpec s : specs()) {
            if (only.isEmpty() || only.stream().anyMatch(o -> s.name().toLowerCase(Locale.ROOT)
                    .contains(o.toLowerCase(Locale.ROOT)))) {
                specs.add(s);
            }
        }
        if (specs.isEmpty()) {
            throw new UserError("--index " + only + ": matches none of " + specs().stream().map(AnnIndexSpec::name).toList());
        }
        PrintStream out = System.out;
        out.println("# bench ann (protocol A) — " + Machine.describe());
        Texmex.Vecs base = Texmex.readFvecs(set.resolve("base.fvecs"));
        float[][] queries = Texmex.readFvecs(set.resolve("query.fvecs")).toArrays();
        if (base.rows() == 0 || queries.length == 0) {
            throw new UserError("--set " + set + ": " + base.rows() + " base vectors and " + queries.length + " queries, need some of each");
        }
        if (base.dim() != queries[0].length) {
            throw new UserError("--set " + set + ": base has dimension " + base.dim() + ", queries " + queries[0].length);
        }
        input.on(set, String.format(Locale.ROOT, "%,d base vectors × %d, %,d queries", base.rows(), base.dim(), queries.length));
        EmbeddingTable table = base.toTable();
        out.printf(Locale.ROOT, "%nset %s: %,d base × %d, %,d queries; threads %s, best of %d passes after a warm-up pass%n",
                set, base.rows(), base.dim(), queries.length, java.util.Arrays.toString(more()), passes);

        List<Row> anchorRows = runAnchors(out);
        List<Row> all = new ArrayList<>();
        for (String m : metrics) {
            Path gtFile = set.resolve("gt_" + m + ".ivecs");
            if (!Files.isRegularFile(gtFile)) {
                throw new UserError("--set " + set + ": no gt_" + m + ".ivecs there");
            }
            int[][] gt = Texmex.readIvecs(gtFile);
            if (gt.length < queries.length || gt[0].length < 10) {
                throw new UserError(gtFile + ": " + gt.length + " rows of " + gt[0].length
                        + ", need one row of at least 10 per query (" + queries.length + ")");
            }
            Metric metric = m.equals("l2") ? Metric.L2 : Metric.COSINE;
            String loadStart = loadAverages();
            List<Row> rows = new ArrayList<>();
            for (AnnIndexSpec spec : specs) {
                if (spec.supports(metric)) {
                    rows.addAll(measure(spec, table, metric, m, queries, gt));
                }
            }
            for (Row r : anchorRows) {
                if (r.metric().equals(m)) {
                    rows.add(r);
                }
            }
            print(out, m, rows, loadStart);
            all.addAll(rows);
            if (outDir != null) {
                writeCsv(outDir.resolve("ann-" + m + ".csv"), rows);
                plot(outDir.resolve("ann-" + m + ".png"), m, rows, base.rows(), queries.length);
            }
        }
        String goals = AnnGoals.markdown(AnnGoals.evaluate(all));
        out.printf(Locale.ROOT, "%n### goals (issue 6) — load %s at end%n%n%s", loadAverages(), goals);
        if (outDir != null) {
            org.recsys4j.core.util.AtomicFiles.write(outDir.resolve("ann-goals.md"),
                    goals.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.println("(wrote ann-<metric>.csv, ann-<metric>.png and ann-goals.md to " + outDir + ")");
        }
        return 0;
    }

    private int replot(PrintStream out) throws IOException {
        List<Row> all = new ArrayList<>();
        for (String m : metrics) {
            Path csv = replot.resolve("ann-" + m + ".csv");
            if (!Files.isRegularFile(csv)) {
                throw new UserError("--replot " + replot + ": no ann-" + m + ".csv there");
            }
            List<Row> rows = readCsv(csv);
            all.addAll(rows);
            plot(replot.resolve("ann-" + m + ".png"), m, rows, -1, -1);
        }
        String goals = AnnGoals.markdown(AnnGoals.evaluate(all));
        out.print(goals);
        org.recsys4j.core.util.AtomicFiles.write(replot.resolve("ann-goals.md"),
                goals.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return 0;
    }

    private int[] more() {
        return java.util.Arrays.stream(threads).filter(t -> t > 1).distinct().toArray();
    }

    private List<Row> runAnchors(PrintStream out) throws IOException {
        List<Row> rows = new ArrayList<>();
        Path dir = anchors.resolve("ann");
        Path faissScript = dir.resolve("run_faiss.py");
        boolean flat = !noFaiss;
        boolean hnsw = faissHnsw || allAnchors;
        boolean ivf = faissIvf || allAnchors;
        if (flat || hnsw || ivf) {
            Optional<Python> py = Python.find("faiss", "numpy");
            if (py.isEmpty() || !Files.isRegularFile(faissScript)) {
                out.println("(faiss unavailable: " + (py.isEmpty()
                        ? "no python3 with faiss (apt-get install -y python3-faiss)" : faissScript + " not found") + ")");
            } else {
                String what = (flat ? "flat," : "") + (hnsw ? "hnsw," : "") + (ivf ? "ivf," : "");
                String text = py.get().runFile(faissScript, 1, "--data", set.toString(), "--only",
                        what.substring(0, what.length() - 1));
                String version = text.lines().findFirst().map(VERSION::matcher).filter(Matcher::find)
                        .map(mm -> mm.group(1)).orElse("?");
                out.println("(anchor: " + text.lines().findFirst().orElse("faiss") + ")");
                rows.addAll(parseAnchor(text, "faiss " + version + " "));
            }
        }
        Path hnswScript = dir.resolve("run_hnswlib.py");
        if (hnswlib || allAnchors) {
            Optional<Python> py = Python.find("hnswlib", "numpy");
            if (py.isEmpty() || !Files.isRegularFile(hnswScript)) {
                out.println("(C++ hnswlib unavailable: " + (py.isEmpty()
                        ? "no python3 with hnswlib (apt-get install -y python3-hnswlib)" : hnswScript + " not found") + ")");
            } else {
                String text = py.get().runFile(hnswScript, 1, "--data", set.toString(), "--M", "16", "--efs",
                        "16,24,32,48,64,96,128");
                rows.addAll(parseAnchor(text, ""));
            }
        }
        boolean core = hnswlibCore || allAnchors;
        boolean brp = spark || allAnchors;
        if (core || brp) {
            if (sparkQueries < 3) {
                throw new UserError("--spark-queries " + sparkQueries + ": must be >= 3");
            }
            Path copy = anchorCopy(out);
            if (copy != null) {
                try {
                    Path ann = copy.resolve("anchors").resolve("ann");
                    if (core) {
                        String text = Processes.output(List.of("bash", ann.resolve("run_java.sh").toString(), "hnsw",
                                "16"), 1);
                        text.lines().filter(l -> l.startsWith("java")).findFirst()
                                .ifPresent(l -> out.println("(anchor: " + l + ")"));
                        rows.addAll(parseAnchor(text, ""));
                    }
                    if (brp) {
                        for (String m : metrics) {
                            String text = Processes.output(List.of("bash", ann.resolve("run_spark.sh").toString(),
                                    Integer.toString(sparkQueries), m.equals("l2") ? sparkGridL2 : sparkGridCos, m), 2);
                            text.lines().filter(l -> l.startsWith("spark ")).findFirst()
                                    .ifPresent(l -> out.println("(anchor: " + l + ")"));
                            rows.addAll(parseSpark(text, m));
                        }
                    }
                } finally {
                    deleteTree(copy);
                }
            }
        }
        return rows;
    }

    /**
     * Copies {@code --anchors}/ann (without build output, logs or caches) under {@code --work} next to a
     * {@code shared/bench/ann} link to {@code --set}, the layout the anchors' shell scripts expect; returns the
     * copy's root, or null (with a note) when the anchors folder is missing.
     */
    private Path anchorCopy(PrintStream out) throws IOException {
        Path src = anchors.resolve("ann");
        if (!Files.isRegularFile(src.resolve("run_java.sh")) || !Files.isRegularFile(src.resolve("run_spark.sh"))) {
            out.println("(Java anchors unavailable: no run_java.sh / run_spark.sh in " + src + ")");
            return null;
        }
        Files.createDirectories(work);
        Path root = Files.createTempDirectory(work, "recsys4j-ann-anchors-");
        Path dst = root.resolve("anchors").resolve("ann");
        try (Stream<Path> walk = Files.walk(src)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path rel = src.relativize(p);
                boolean skip = false;
                for (Path part : rel) {
                    String n = part.toString();
                    skip |= n.equals("target") || n.equals("logs") || n.equals("__pycache__");
                }
                if (skip) {
                    continue;
                }
                Path to = dst.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        Files.createDirectories(root.resolve("shared").resolve("bench"));
        Files.createSymbolicLink(root.resolve("shared").resolve("bench").resolve("ann"), set.toAbsolutePath());
        return root;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static final Pattern SPARK_VERSION = Pattern.compile("^spark (\\S+),");

    /**
     * Parses the table {@code run_spark.sh} prints ({@code | bucketLength | numHashTables | fit + hash/cache base
     * (s) | recall@10 | s/query mean | s/query median | candidates (% of base) |}) into anchor rows: queries/s
     * is 1 / the mean seconds per query; the CPU-time figure is unknown (NaN: Spark runs its job on 2 threads).
     *
     * @param output the script's standard output
     * @param metric {@code l2} or {@code cos}
     * @return the rows, in output order
     */
    public static List<Row> parseSpark(String output, String metric) {
        String version = output.lines().map(SPARK_VERSION::matcher).filter(Matcher::find).map(mm -> mm.group(1))
                .findFirst().orElse("?");
        Matcher nq = Pattern.compile("queries sampled (\\d+)").matcher(output);
        String queries = nq.find() ? nq.group(1) : "?";
        List<Row> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.startsWith("|")) {
                continue;
            }
            String[] f = line.split("\\|");
            if (f.length < 8) {
                continue;
            }
            try {
                Double.parseDouble(f[1].trim()); // bucketLength: a number on data rows only
                int tables = Integer.parseInt(f[2].trim());
                double build = Double.parseDouble(f[3].trim());
                double recall = Double.parseDouble(f[4].trim());
                double mean = Double.parseDouble(f[5].trim());
                rows.add(new Row("Spark " + version + " BRP", metric, String.format(Locale.ROOT,
                        "bucketLength=%s tables=%d, local[2], first %s queries, %s%% of base ranked", f[1].trim(),
                        tables, queries, f[7].trim()), build, -1, recall, 1 / mean, Double.NaN, new double[0], true));
            } catch (NumberFormatException e) {
                // header or separator
            }
        }
        return rows;
    }

    private List<Row> measure(AnnIndexSpec spec, EmbeddingTable table, Metric metric, String m, float[][] queries,
                              int[][] gt) throws IOException {
        long t0 = System.nanoTime();
        VectorIndex index = spec.build(table, metric);
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        long bytes = -1;
        Files.createDirectories(work);
        Path file = Files.createTempFile(work, "recsys4j-ann-", ".r4ji");
        try {
            index.save(file);
            bytes = Files.size(file);
        } catch (UnsupportedOperationException e) {
            // the index cannot be saved: bytes unknown
        } finally {
            Files.deleteIfExists(file);
        }
        System.err.printf(Locale.ROOT, "%s %s %s: built in %.1f s, %,d bytes%n", spec.name(), m, spec.settings(),
                buildSeconds, bytes);
        List<Row> rows = new ArrayList<>();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (AnnIndexSpec.SearchPoint p : spec.searchPoints(index)) {
            Neighbors[] answers = new Neighbors[queries.length];
            for (int i = 0; i < queries.length; i++) { // warm-up pass; its answers give recall
                answers[i] = p.searcher().search(queries[i], 10);
            }
            double recall = recallAt10(answers, gt);
            double bestWall = Double.MAX_VALUE;
            double bestCpu = Double.MAX_VALUE;
            for (int pass = 0; pass < passes; pass++) {
                long c0 = mx.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                for (float[] q : queries) {
                    p.searcher().search(q, 10);
                }
                bestWall = Math.min(bestWall, (System.nanoTime() - w0) / 1e9);
                bestCpu = Math.min(bestCpu, (mx.getCurrentThreadCpuTime() - c0) / 1e9);
            }
            int[] more = more();
            double[] qpsMore = new double[more.length];
            for (int j = 0; j < more.length; j++) {
                double best = Double.MAX_VALUE;
                for (int pass = 0; pass < passes; pass++) {
                    long w0 = System.nanoTime();
                    Parallel.forRange(queries.length, more[j], 1, (from, to) -> {
                        for (int i = from; i < to; i++) {
                            p.searcher().search(queries[i], 10);
                        }
                    });
                    best = Math.min(best, (System.nanoTime() - w0) / 1e9);
                }
                qpsMore[j] = queries.length / best;
            }
            String settings = spec.settings().equals("-") ? p.label()
                    : p.label().equals("-") ? spec.settings() : spec.settings() + " " + p.label();
            rows.add(new Row(spec.name(), m, settings, buildSeconds, bytes, recall, queries.length / bestWall,
                    queries.length / Math.max(bestCpu, 1e-9), qpsMore, false));
            System.err.printf(Locale.ROOT, "  %s: recall@10 %.4f, %.0f QPS%n", settings, recall,
                    queries.length / bestWall);
        }
        if (index instanceof BruteForceIndex bf) {
            rows.add(measureBatch(spec, bf, buildSeconds, bytes, m, queries, gt));
        }
        return rows;
    }

    /** Measures {@link BruteForceIndex#searchBatch} over all queries at once (not protocol A's one-at-a-time). */
    private Row measureBatch(AnnIndexSpec spec, BruteForceIndex index, double buildSeconds, long bytes, String m,
                             float[][] queries, int[][] gt) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double recall = recallAt10(index.searchBatch(queries, 10, 1), gt); // also the warm-up pass
        double bestWall = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        for (int pass = 0; pass < passes; pass++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            index.searchBatch(queries, 10, 1);
            bestWall = Math.min(bestWall, (System.nanoTime() - w0) / 1e9);
            bestCpu = Math.min(bestCpu, (mx.getCurrentThreadCpuTime() - c0) / 1e9);
        }
        int[] more = more();
        double[] qpsMore = new double[more.length];
        for (int j = 0; j < more.length; j++) {
            double best = Double.MAX_VALUE;
            for (int pass = 0; pass < passes; pass++) {
                long w0 = System.nanoTime();
                index.searchBatch(queries, 10, more[j]);
                best = Math.min(best, (System.nanoTime() - w0) / 1e9);
            }
            qpsMore[j] = queries.length / best;
        }
        System.err.printf(Locale.ROOT, "  searchBatch: recall@10 %.4f, %.0f QPS%n", recall, queries.length / bestWall);
        return new Row(spec.name(), m, "searchBatch, all queries in one call (not protocol A)", buildSeconds, bytes,
                recall, queries.length / bestWall, queries.length / Math.max(bestCpu, 1e-9), qpsMore, false);
    }

    /**
     * Returns recall@10: per query, the share of the true top 10 (the first 10 of its ground-truth row) among
     * the first 10 rows returned, averaged over the queries answered.
     *
     * @param answers one answer per query
     * @param gt      ground-truth rows, at least 10 long, one per query (more are ignored)
     * @return the mean recall@10
     */
    public static double recallAt10(Neighbors[] answers, int[][] gt) {
        double sum = 0;
        for (int i = 0; i < answers.length; i++) {
            int[] rows = answers[i].rows();
            int hits = 0;
            for (int a = 0; a < Math.min(10, rows.length); a++) {
                for (int t = 0; t < 10; t++) {
                    if (gt[i][t] == rows[a]) {
                        hits++;
                        break;
                    }
                }
            }
            sum += hits / 10.0;
        }
        return sum / answers.length;
    }

    private void print(PrintStream out, String m, List<Row> rows, String loadStart) {
        int[] more = more();
        out.printf(Locale.ROOT, "%n### %s — load %s at start, %s at end%n%n", m, loadStart, loadAverages());
        StringBuilder head = new StringBuilder("| system | metric | settings | build s | index bytes | recall@10 "
                + "| QPS 1 thread | QPS by CPU time |");
        StringBuilder sep = new StringBuilder("|---|---|---|---:|---:|---:|---:|---:|");
        for (int t : more) {
            head.append(" QPS ").append(t).append(" threads |");
            sep.append("---:|");
        }
        head.append(" ours / fastest anchor at ≥ its recall (QPS 1 thread; by CPU time) |");
        sep.append("---|");
        out.println(head);
        out.println(sep);
        for (Row r : rows) {
            StringBuilder line = new StringBuilder();
            line.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f | %s | %.4f | %s | %s |", r.system(),
                    r.metric(), r.settings(), r.buildSeconds(),
                    r.bytes() < 0 ? "—" : String.format(Locale.ROOT, "%,d", r.bytes()), r.recall10(), qps(r.qps1()),
                    qps(r.qpsCpu())));
            for (int j = 0; j < more.length; j++) {
                line.append(j < r.qpsMore().length ? String.format(Locale.ROOT, " %,.0f |", r.qpsMore()[j]) : " — |");
            }
            line.append(' ').append(r.anchor() ? "(anchor)" : ratio(r, rows)).append(" |");
            out.println(line);
        }
    }

    /** Formats queries/s: grouped digits from 100 up, 3 significant digits below, "—" when unknown. */
    static String qps(double v) {
        if (!Double.isFinite(v)) {
            return "—";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    /**
     * Returns the name of the curve a row belongs to in the plot: our rows by index name (one curve per index
     * and build), an anchor's by its name and build settings without the search knob ({@code ef},
     * {@code nprobe}, {@code probes}), e.g. {@code faiss 1.7.3 IndexHNSWFlat M=16}; Spark's points form one curve.
     *
     * @param r a row
     * @return the curve's legend entry
     */
    public static String curve(Row r) {
        if (!r.anchor() || r.system().startsWith("Spark")) {
            return r.system();
        }
        String build = r.settings().replaceAll("\\s*\\b(ef|nprobe|probes|k_factor)=\\d+$", "").trim();
        return build.isEmpty() || build.equals("-") ? r.system() : r.system() + " " + build;
    }

    private static final String[] CSV_HEADER = {"system", "curve", "metric", "settings", "build_s", "index_bytes",
        "recall10", "qps_1thread", "qps_cpu", "qps_more_threads", "anchor"};

    /**
     * Writes every row as CSV (header first), one line per operating point; {@link #readCsv} reads it back.
     *
     * @param file the CSV file (written atomically, folders created)
     * @param rows the rows
     * @throws IOException if it cannot be written
     */
    public static void writeCsv(Path file, List<Row> rows) throws IOException {
        StringBuilder csv = new StringBuilder();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(CSV_HEADER).setRecordSeparator("\n").build();
        try (CSVPrinter p = new CSVPrinter(csv, format)) {
            for (Row r : rows) {
                p.printRecord(r.system(), curve(r), r.metric(), r.settings(),
                        String.format(Locale.ROOT, "%.3f", r.buildSeconds()), r.bytes(),
                        String.format(Locale.ROOT, "%.4f", r.recall10()), String.format(Locale.ROOT, "%.1f", r.qps1()),
                        Double.isFinite(r.qpsCpu()) ? String.format(Locale.ROOT, "%.1f", r.qpsCpu()) : "",
                        java.util.Arrays.stream(r.qpsMore()).mapToObj(v -> String.format(Locale.ROOT, "%.1f", v))
                                .collect(java.util.stream.Collectors.joining(" ")), r.anchor());
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        org.recsys4j.core.util.AtomicFiles.write(file, csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Reads rows written by {@link #writeCsv} (the curve column is derived again, not read).
     *
     * @param file the CSV file
     * @return the rows, in file order
     * @throws IOException if it cannot be read
     * @throws UserError   naming the file and line if a field is missing or not a number
     */
    public static List<Row> readCsv(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(file, java.nio.charset.StandardCharsets.UTF_8,
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
            for (CSVRecord rec : parser) {
                try {
                    String more = rec.get("qps_more_threads").trim();
                    String cpu = rec.get("qps_cpu").trim();
                    rows.add(new Row(rec.get("system"), rec.get("metric"), rec.get("settings"),
                            Double.parseDouble(rec.get("build_s")), Long.parseLong(rec.get("index_bytes")),
                            Double.parseDouble(rec.get("recall10")), Double.parseDouble(rec.get("qps_1thread")),
                            cpu.isEmpty() ? Double.NaN : Double.parseDouble(cpu),
                            more.isEmpty() ? new double[0]
                                    : java.util.Arrays.stream(more.split(" ")).mapToDouble(Double::parseDouble).toArray(),
                            Boolean.parseBoolean(rec.get("anchor"))));
                } catch (IllegalArgumentException e) {
                    throw new UserError(file + ":" + parser.getCurrentLineNumber() + ": " + e.getMessage());
                }
            }
        }
        return rows;
    }

    /**
     * Plots recall@10 (x) against single-thread queries/s (y, logarithmic), one curve per {@link #curve}; the
     * {@code searchBatch} throughput row (not protocol A) and the 1-build-thread duplicates are left out. The
     * set's size goes into the title unless {@code baseRows < 0}.
     */
    static void plot(Path file, String m, List<Row> rows, int baseRows, int queries) throws IOException {
        Map<String, List<Row>> curves = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.settings().startsWith("searchBatch") || r.system().contains("1 build thread")) {
                continue;
            }
            curves.computeIfAbsent(curve(r), c -> new ArrayList<>()).add(r);
        }
        List<Plots.Series> series = new ArrayList<>();
        for (Map.Entry<String, List<Row>> e : curves.entrySet()) {
            List<Row> pts = e.getValue().stream().sorted(Comparator.comparingDouble(Row::recall10)).toList();
            series.add(new Plots.Series(e.getKey(), pts.stream().mapToDouble(Row::recall10).toArray(),
                    pts.stream().mapToDouble(Row::qps1).toArray()));
        }
        String set = baseRows < 0 ? "" : String.format(Locale.ROOT, " (%,d base vectors, %,d queries)", baseRows, queries);
        Plots.lines(file, new Plots.Axes(String.format(Locale.ROOT, "Protocol A, %s%s: recall@10 vs queries/s",
                m.equals("l2") ? "L2" : "cosine", set), "recall@10", false,
                "queries/s, 1 thread (log scale)", true), series);
    }

    /** Returns "1.23× NAME SETTINGS (CPU 1.10×)" against the fastest anchor at our recall or better, or "—". */
    static String ratio(Row ours, List<Row> rows) {
        Row best = null;
        for (Row a : rows) {
            if (a.anchor() && a.metric().equals(ours.metric()) && a.recall10() >= ours.recall10() - 5e-4
                    && (best == null || a.qps1() > best.qps1())) {
                best = a;
            }
        }
        if (best == null) {
            return "— (no anchor at this recall)";
        }
        double cpu = ours.qpsCpu() / best.qpsCpu();
        return String.format(Locale.ROOT, "%.2f× %s %s (CPU %s)", ours.qps1() / best.qps1(), best.system(),
                best.settings(), Double.isFinite(cpu) ? String.format(Locale.ROOT, "%.2f×", cpu) : "—");
    }

    private static String loadAverages() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
