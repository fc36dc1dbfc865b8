package org.recsys4j.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;
import org.recsys4j.core.eval.RankingReport;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.embedding.seq.ItemSequences;
import org.recsys4j.embedding.seq.SequenceCorpus;
import org.recsys4j.embedding.seq.SyntheticSequences;
import org.recsys4j.embedding.word2vec.Neighbor;
import org.recsys4j.embedding.word2vec.Word2Vec;
import org.recsys4j.embedding.word2vec.Word2VecModel;
import org.recsys4j.examples.cli.Checks;
import org.recsys4j.examples.cli.Tasks;
import org.recsys4j.examples.cli.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code bench word2vec}: protocols W and S for item2vec on MovieLens — training tokens/s and
 * similar-item HR@10 of our {@link Word2Vec} next to gensim's Word2Vec and Spark MLlib's, run from
 * {@code ../shared/anchors/word2vec/} in the same run on the same sentences, at the same settings.
 */
@Command(name = "word2vec", mixinStandardHelpOptions = true,
        description = "Protocols W and S: item2vec speed and quality next to gensim and Spark MLlib, same run.")
public final class Word2VecBench implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR",
            description = "MovieLens folders (repeatable), e.g. ../shared/data/ml-100k.")
    List<Path> data = new ArrayList<>();

    @Option(names = "--synthetic", description = "Also run protocol W on the synthetic corpus "
            + "(SyntheticSequences.protocolW(): ~20M tokens over 50k items; 1 epoch, dim 64).")
    boolean synthetic;

    @Option(names = "--spark-prefix", defaultValue = "2000000", paramLabel = "TOKENS",
            description = "Spark MLlib reads this many tokens of the synthetic corpus (whole lines; default: ${DEFAULT-VALUE}).")
    long sparkPrefix;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "${java.io.tmpdir}",
            description = "Where the synthetic corpus file is written for gensim and Spark (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--dims", split = ",", defaultValue = "10,64", description = "Dimensions (default: ${DEFAULT-VALUE}).")
    int[] dims;

    @Option(names = "--seeds", split = ",", defaultValue = "42,43,44",
            description = "Seeds of the 2-thread runs; 1-thread runs use the first (default: ${DEFAULT-VALUE}).")
    long[] seeds;

    @Option(names = "--epochs", defaultValue = "10", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--anchors", paramLabel = "DIR", defaultValue = "../shared/anchors",
            description = "The anchors folder (default: ${DEFAULT-VALUE}).")
    Path anchors;

    @Option(names = "--no-gensim", description = "Skip gensim.")
    boolean noGensim;

    @Option(names = "--no-spark", description = "Skip Spark MLlib.")
    boolean noSpark;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One measured run: who, threads, seed, seconds, tokens/s and protocol S figures. */
    record Run(String system, int threads, long seed, double seconds, double tokensPerSecond, double hr10,
               double ndcg10, double coverage) {
    }

    private final BenchInput input = new BenchInput("bench word2vec");

    @Override
    public Integer call() throws Exception {
        return input.guard(this::measure);
    }

    private Integer measure() throws IOException {
        if (epochs < 1) {
            throw new UserError("--epochs " + epochs + ": must be >= 1");
        }
        if (dims.length == 0 || seeds.length == 0) {
            throw new UserError("--dims and --seeds: give at least one value each");
        }
        for (int dim : dims) {
            Checks.range("--dims", dim, 1, 4096);
        }
        Checks.range("--spark-prefix", sparkPrefix, 1, Long.MAX_VALUE);
        if (data.isEmpty() && !synthetic) {
            throw new UserError("nothing to run: give --data DIR and/or --synthetic");
        }
        if (!data.isEmpty()) {
            BenchInput.folders("--data", data);
        }
        PrintStream out = System.out;
        out.println("# bench word2vec — " + Machine.describe());
        Path dir = anchors.resolve("word2vec");
        Optional<Python> gensim = noGensim ? Optional.empty() : Python.find("gensim");
        Optional<Python> numpy = noSpark ? Optional.empty() : Python.find("numpy", "scipy");
        if (!noGensim && (gensim.isEmpty() || !Files.isDirectory(dir))) {
            out.println("(gensim unavailable: " + (gensim.isEmpty() ? "no python3 with gensim (apt-get install -y python3-gensim)"
                    : dir + " not found") + ")");
        }
        for (Path d : data) {
            MovieLensData ml = MovieLens.load(d, LoadOptions.lenient());
            input.on(d, ml);
            LeaveLastOutTask task = Tasks.leaveLastOut(ml);
            SequenceCorpus corpus = ItemSequences.builder().withThreshold(3.5).build().from(task.ratedTrain()); // MovieLens "liked"
            Path ratings = d.resolve(ml.format().ratingsFile());
            out.printf(Locale.ROOT, "%n## %s — %d sentences, %d tokens, %d distinct items (train part of T, ratings >= 3.5)%n",
                    d.getFileName(), corpus.numSequences(), corpus.numTokens(), corpus.distinctTokens());
            for (int dim : dims) {
                List<Run> runs = new ArrayList<>();
                fit(task, corpus, dim, 2, seeds[0], true); // warm-up: the JIT compiles the kernels, not timed
                for (long seed : seeds) {
                    runs.add(fit(task, corpus, dim, 2, seed, true));
                }
                runs.add(fit(task, corpus, dim, 1, seeds[0], true));
                for (long seed : seeds) {
                    runs.add(fit(task, corpus, dim, 2, seed, false));
                }
                runs.add(fit(task, corpus, dim, 1, seeds[0], false));
                if (gensim.isPresent() && Files.isDirectory(dir)) {
                    for (long seed : seeds) {
                        runs.add(gensim(gensim.get(), dir, ratings, dim, 2, seed, corpus.numTokens()));
                    }
                    runs.add(gensim(gensim.get(), dir, ratings, dim, 1, seeds[0], corpus.numTokens()));
                }
                if (numpy.isPresent() && Files.isDirectory(dir)) {
                    runs.add(spark(numpy.get(), dir, ratings, dim, seeds[0]));
                }
                print(out, dim, runs);
            }
        }
        if (synthetic) {
            syntheticRuns(out, dir, gensim);
        }
        return 0;
    }

    private void syntheticRuns(PrintStream out, Path dir, Optional<Python> gensim) throws IOException {
        long t0 = System.nanoTime();
        SyntheticSequences gen = SyntheticSequences.protocolW().build();
        SequenceCorpus corpus = gen.corpus();
        double genSeconds = (System.nanoTime() - t0) / 1e9;
        Files.createDirectories(work);
        Path file = work.resolve("recsys4j-protocol-w.txt");
        gen.write(file);
        gen.writeTopics(Path.of(file + ".topics"));
        out.printf(Locale.ROOT, "%n## Synthetic corpus (protocol W) — %d sequences, %,d tokens, %d items in %d topics, "
                        + "generated in %.1f s, written to %s%n", corpus.numSequences(), corpus.numTokens(),
                corpus.distinctTokens(), gen.numTopics(), genSeconds, file);
        List<Run> runs = new ArrayList<>();
        for (boolean shared : new boolean[] {true, false}) {
            for (int threads : new int[] {1, 2}) {
                Word2VecModel m = config(64, 1, threads, seeds[0], shared).fit(corpus);
                double purity = purity(m, gen);
                System.err.printf(Locale.ROOT, "recsys4j synthetic threads %d shared %b: %.1f s, purity %.4f%n", threads,
                        shared, m.stats().seconds(), purity);
                runs.add(new Run(shared ? SHARED : PER_PAIR, threads, seeds[0], m.stats().seconds(),
                        m.stats().tokensPerSecond(), purity, Double.NaN, m.coverage()));
            }
        }
        if (gensim.isPresent() && Files.isDirectory(dir)) {
            for (int workers : new int[] {1, 2}) {
                JsonNode j = lastJson(gensim.get().runFile(dir.resolve("synthetic_gensim.py"), workers, file.toString(),
                        "--dim", "64", "--workers", Integer.toString(workers), "--epochs", "1",
                        "--seed", Long.toString(seeds[0])));
                runs.add(new Run("gensim " + j.path("gensim").asText() + " LineSentence", workers, seeds[0],
                        j.get("train_s").asDouble(), j.get("raw_words_per_s").asDouble(),
                        j.get("topic_purity_at10").asDouble(), Double.NaN, Double.NaN));
            }
            JsonNode j = lastJson(gensim.get().runFile(dir.resolve("synthetic_gensim.py"), 2, file.toString(),
                    "--dim", "64", "--workers", "2", "--epochs", "1", "--corpus-file", "--seed", Long.toString(seeds[0])));
            runs.add(new Run("gensim " + j.path("gensim").asText() + " corpus_file", 2, seeds[0],
                    j.get("train_s").asDouble(), j.get("raw_words_per_s").asDouble(),
                    j.get("topic_purity_at10").asDouble(), Double.NaN, Double.NaN));
        }
        Path spark = dir.resolve("spark").resolve("run.sh");
        if (!noSpark && Files.isRegularFile(spark)) {
            Path stats = work.resolve("recsys4j-protocol-w-spark.json");
            Processes.output(List.of("bash", spark.toString(), "--input", file.toString(), "--maxTokens",
                    Long.toString(sparkPrefix), "--dim", "64", "--window", "5", "--iter", "1", "--minCount", "1",
                    "--partitions", "1", "--stats", stats.toString()), 0);
            JsonNode j = JSON.readTree(Files.readString(stats));
            runs.add(new Run("Spark MLlib " + j.path("spark").asText() + " (HS), first " + j.get("tokens").asLong()
                    + " tokens", 1, seeds[0], j.get("fit_s").asDouble(), j.get("words_per_s").asDouble(), Double.NaN,
                    Double.NaN, Double.NaN));
        }
        out.printf(Locale.ROOT, "%n### dim 64, window 5, 5 negatives, sample 1e-3, 1 epoch — load %s%n%n",
                Machine.loadAverage());
        out.println("| system | threads | train s | tokens/s | topic purity@10 |");
        out.println("|---|---:|---:|---:|---:|");
        for (Run r : runs) {
            out.printf(Locale.ROOT, "| %s | %d | %.1f | %,.0f | %s |%n", r.system(), r.threads(), r.seconds(),
                    r.tokensPerSecond(), Double.isNaN(r.hr10()) ? "—" : String.format(Locale.ROOT, "%.4f", r.hr10()));
        }
        out.println();
        for (String who : new String[] {SHARED, PER_PAIR}) {
            for (int t : new int[] {1, 2}) {
                double ours = median(runs, who, t, Run::tokensPerSecond);
                out.printf(Locale.ROOT, "- %s, %d thread(s): %,.0f tokens/s = %s gensim LineSentence's (workers %d), "
                                + "%s Spark's (1 partition)%n", who, t, ours,
                        ratio(ours, median(runs, "gensim " + gensimVersion(runs) + " LineSentence", t, Run::tokensPerSecond)),
                        t, ratio(ours, median(runs, "Spark", 1, Run::tokensPerSecond)));
            }
        }
    }

    private static String gensimVersion(List<Run> runs) {
        return runs.stream().filter(r -> r.system().startsWith("gensim ")).map(r -> r.system().split(" ")[1])
                .findFirst().orElse("");
    }

    /**
     * Returns the anchors' planted-structure figure: over up to 2,000 items seen at least 20 times (drawn with a
     * fixed seed), the share of each one's 10 nearest neighbours (cosine) that share its topic.
     */
    static double purity(Word2VecModel m, SyntheticSequences gen) {
        SequenceCorpus c = gen.corpus();
        List<Integer> cand = new ArrayList<>();
        for (int i = 0; i < c.vocabulary().size(); i++) {
            if (c.count(i) >= 20 && m.hasVectorAt(i)) {
                cand.add(i);
            }
        }
        java.util.Collections.shuffle(cand, new java.util.Random(3));
        List<Integer> queries = cand.subList(0, Math.min(2000, cand.size()));
        double[] same = new double[queries.size()];
        org.recsys4j.core.util.Parallel.forRange(queries.size(), 2, 16, (from, to) -> {
            for (int q = from; q < to; q++) {
                int item = queries.get(q);
                int hits = 0;
                for (Neighbor n : m.mostSimilarToIndex(item, 10)) {
                    hits += gen.topicAt(n.index()) == gen.topicAt(item) ? 1 : 0;
                }
                same[q] = hits / 10.0;
            }
        });
        return java.util.Arrays.stream(same).average().orElse(Double.NaN);
    }

    /** Our settings for the comparison: gensim's defaults, as its anchor runs them. */
    static Word2Vec config(int dim, int epochs, int threads, long seed, boolean sharedNegatives) {
        return Word2Vec.builder().withDim(dim).withWindow(5).withNegative(5).withSample(1e-3).withAlpha(0.025)
                .withMinAlpha(0.0001).withNsExponent(0.75).withEpochs(epochs).withMinCount(1)
                .withSharedNegatives(sharedNegatives).withThreads(threads).withSeed(seed).build();
    }

    static final String SHARED = "Recsys4J (shared negatives)";
    static final String PER_PAIR = "Recsys4J (per-pair negatives)";

    private Run fit(LeaveLastOutTask task, SequenceCorpus corpus, int dim, int threads, long seed, boolean shared) {
        Word2VecModel m = config(dim, epochs, threads, seed, shared).fit(corpus);
        RankingReport s = RankingEvaluator.builder().withThreads(2).build().similarItems(task, m.similarity());
        System.err.printf(Locale.ROOT, "recsys4j dim %d threads %d seed %d shared %b: %.3f s, HR@10 %.4f%n", dim,
                threads, seed, shared, m.stats().seconds(), s.hitRate(10));
        return new Run(shared ? SHARED : PER_PAIR, threads, seed, m.stats().seconds(), m.stats().tokensPerSecond(), s.hitRate(10),
                s.ndcg(10), m.coverage());
    }

    private Run gensim(Python py, Path dir, Path ratings, int dim, int workers, long seed, long tokens) throws IOException {
        JsonNode j = lastJson(py.runFile(dir.resolve("gensim_item2vec.py"), workers, "--data", ratings.toString(),
                "--dim", Integer.toString(dim), "--workers", Integer.toString(workers), "--seed", Long.toString(seed),
                "--epochs", Integer.toString(epochs)));
        double s = j.get("train_s").asDouble();
        return new Run("gensim " + j.path("gensim").asText(), workers, seed, s, tokens * (double) epochs / s,
                j.get("S_hr").asDouble(), j.get("S_ndcg").asDouble(), Double.NaN);
    }

    private Run spark(Python py, Path dir, Path ratings, int dim, long seed) throws IOException {
        JsonNode j = lastJson(py.runFile(dir.resolve("spark_item2vec.py"), 0, "--data", ratings.toString(),
                "--dim", Integer.toString(dim), "--partitions", "1", "--seed", Long.toString(seed),
                "--iter", Integer.toString(epochs)));
        return new Run("Spark MLlib " + j.path("spark").asText() + " (HS)", 1, seed, j.get("fit_s").asDouble(),
                j.get("words_per_s").asDouble(), j.get("S_hr").asDouble(), j.get("S_ndcg").asDouble(), Double.NaN);
    }

    static JsonNode lastJson(String output) throws IOException {
        String[] lines = output.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].startsWith("{")) {
                return JSON.readTree(lines[i]);
            }
        }
        throw new IOException("no JSON result line in the anchor's output: " + output);
    }

    private static void print(PrintStream out, int dim, List<Run> runs) {
        out.printf(Locale.ROOT, "%n### dim %d, window 5, 5 negatives (Spark: hierarchical softmax), sample 1e-3, "
                + "min count 1 — load %s%n%n", dim, Machine.loadAverage());
        out.println("| system | threads | seed | train s | tokens/s | S HR@10 | S NDCG@10 |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (Run r : runs) {
            out.printf(Locale.ROOT, "| %s | %d | %d | %.2f | %,.0f | %.4f | %.4f |%n", r.system(), r.threads(), r.seed(),
                    r.seconds(), r.tokensPerSecond(), r.hr10(), r.ndcg10());
        }
        out.println();
        for (String who : new String[] {SHARED, PER_PAIR}) {
            for (int t : new int[] {2, 1}) {
                double ours = median(runs, who, t, Run::tokensPerSecond);
                double gensim = median(runs, "gensim", t, Run::tokensPerSecond);
                double spark = median(runs, "Spark", 1, Run::tokensPerSecond);
                out.printf(Locale.ROOT, "- %s, %d thread(s): median %,.0f tokens/s = %s gensim's, %s Spark's (1 partition); "
                                + "mean S HR@10 %.4f vs gensim %.4f%n", who, t, ours, ratio(ours, gensim), ratio(ours, spark),
                        mean(runs, who, t, Run::hr10), mean(runs, "gensim", t, Run::hr10));
            }
        }
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? "n/a" : String.format(Locale.ROOT, "%.1f×", a / b);
    }

    private static boolean matches(Run r, String system) {
        return system.startsWith("Recsys4J") ? r.system().equals(system) : r.system().startsWith(system);
    }

    private static double median(List<Run> runs, String system, int threads, java.util.function.ToDoubleFunction<Run> f) {
        double[] v = runs.stream().filter(r -> matches(r, system) && r.threads() == threads).mapToDouble(f)
                .toArray();
        return v.length == 0 ? Double.NaN : Stats.median(v);
    }

    private static double mean(List<Run> runs, String system, int threads, java.util.function.ToDoubleFunction<Run> f) {
        return runs.stream().filter(r -> matches(r, system) && r.threads() == threads).mapToDouble(f)
                .average().orElse(Double.NaN);
    }
}
