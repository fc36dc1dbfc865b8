package org.recsys4j.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;
import org.recsys4j.core.eval.RankingReport;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.examples.cli.Checks;
import org.recsys4j.examples.cli.Tasks;
import org.recsys4j.examples.cli.UserError;
import org.recsys4j.rank.seq.Gru4Rec;
import org.recsys4j.rank.seq.SasRec;
import org.recsys4j.rank.seq.SequenceFit;
import org.recsys4j.rank.seq.SequenceLoss;
import org.recsys4j.rank.seq.SequenceModel;
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
 * {@code bench seq}: protocol T for the sequential recommenders (SASRec with full softmax or the original BCE,
 * GRU4Rec with full softmax) next to their PyTorch twins ({@code ../shared/anchors/seq/seq_refs.py}) run on the
 * same file in the same run, model by model and seed by seed: HR@10 and NDCG@10 (ties against the model, the
 * best-validation checkpoint fed each user's full train sequence), epochs, and training sequences per second.
 */
@Command(name = "seq", mixinStandardHelpOptions = true,
        description = "Protocol T of SASRec and GRU4Rec next to their PyTorch twins, measured in the same run.")
public final class SeqBench implements Callable<Integer> {
    /** The model configurations, by the name the anchor's result files use. */
    enum Config {
        SASREC_CE("sasrec-ce", "sasrec", "ce"),
        SASREC_BCE("sasrec-bce", "sasrec", "bce"),
        GRU_CE("gru-ce", "gru", "ce"),
        /** Sampled softmax, uniform negatives, no correction: the anchor's diagnostic {@code ssm} loss. */
        SASREC_SSM("sasrec-ssm", "sasrec", "ssm"),
        /** Sampled softmax with popularity negatives and the logQ correction; the anchor has no twin. */
        SASREC_LOGQ("sasrec-logq", "sasrec", null),
        /** gSASRec's calibrated gBCE over uniform negatives: the anchor's {@code gbce} loss. */
        SASREC_GBCE("sasrec-gbce", "sasrec", "gbce");

        final String label;
        final String torchModel;
        final String torchLoss;

        Config(String label, String torchModel, String torchLoss) {
            this.label = label;
            this.torchModel = torchModel;
            this.torchLoss = torchLoss;
        }
    }

    @Option(names = "--data", paramLabel = "DIR", required = true, split = ",",
            description = "MovieLens folders (repeatable or comma-separated), e.g. ../shared/data/ml-100k.")
    List<Path> data;

    @Option(names = "--models", split = ",", defaultValue = "sasrec-ce,sasrec-bce,gru-ce",
            description = "Models: sasrec-ce, sasrec-bce, gru-ce, sasrec-ssm (sampled softmax, uniform negatives), "
                    + "sasrec-logq (sampled softmax, popularity negatives, logQ correction; no torch twin), "
                    + "sasrec-gbce (gSASRec's calibrated gBCE, --negatives uniform negatives, --calibration t) "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--seeds", split = ",", defaultValue = "0", description = "Seeds (default: ${DEFAULT-VALUE}).")
    long[] seeds;

    @Option(names = "--threads", defaultValue = "2", description = "Threads, ours and torch's (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--hidden", defaultValue = "64", description = "Width (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--dropout", defaultValue = "0.2", description = "Dropout (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--maxlen", defaultValue = "200", description = "Longest sequence read (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--max-epochs", defaultValue = "300", description = "Epoch limit, both (default: ${DEFAULT-VALUE}).")
    int maxEpochs;

    @Option(names = "--patience", defaultValue = "20", description = "Early-stopping patience, both (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--max-seconds", defaultValue = "600",
            description = "Wall-clock cap of each training, both, checked after each epoch (default: ${DEFAULT-VALUE}).")
    double maxSeconds;

    @Option(names = "--batch", defaultValue = "128", description = "Sequences per step, both (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--negatives", defaultValue = "256",
            description = "Negatives per position of sasrec-ssm / sasrec-logq / sasrec-gbce, both (default: "
                    + "${DEFAULT-VALUE}).")
    int negatives;

    @Option(names = "--calibration", defaultValue = "0.75",
            description = "gBCE's calibration t of sasrec-gbce, in [0, 1] (default: ${DEFAULT-VALUE}, gSASRec's).")
    double calibration;

    @Option(names = "--windows", description = "Also train the transitions older than --maxlen, both sides.")
    boolean windows;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate, both (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--anchors", paramLabel = "DIR", defaultValue = "../shared/anchors",
            description = "The anchors folder (default: ${DEFAULT-VALUE}).")
    Path anchors;

    @Option(names = "--no-torch", description = "Skip the PyTorch twins.")
    boolean noTorch;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BenchInput input = new BenchInput("bench seq");

    /**
     * One training run's figures: HR@10 / NDCG@10 over all test users, HR@10 over the users whose test item
     * shares its timestamp with their last train item ("tied") and over the rest.
     */
    record Run(double hr, double ndcg, double hrTied, double hrUntied, int epochs, int bestEpoch, String stop,
               double sequencesPerSecond, double trainSeconds, String load) {
    }

    @Override
    public Integer call() throws Exception {
        return input.guard(this::measure);
    }

    private Integer measure() throws IOException {
        List<Config> configs = new ArrayList<>();
        for (String m : models) {
            Config c = null;
            for (Config k : Config.values()) {
                if (k.label.equals(m.trim())) {
                    c = k;
                }
            }
            if (c == null) {
                throw new UserError("--models: '" + m + "' is not one of sasrec-ce, sasrec-bce, gru-ce, sasrec-ssm, "
                        + "sasrec-logq, sasrec-gbce");
            }
            configs.add(c);
        }
        if (seeds.length == 0) {
            throw new UserError("--seeds: give at least one");
        }
        Checks.range("--threads", threads, 1, 1024);
        Checks.range("--hidden", hidden, 1, 4096);
        Checks.range("--maxlen", maxLength, 1, 1 << 16);
        Checks.range("--max-epochs", maxEpochs, 1, 100_000);
        Checks.range("--patience", patience, 1, 100_000);
        Checks.positive("--max-seconds", maxSeconds, 1e7);
        Checks.range("--batch", batch, 1, 1 << 20);
        Checks.range("--negatives", negatives, 1, 1 << 20);
        Checks.positive("--lr", learningRate, 1);
        Checks.range("--calibration", calibration, 0, 1);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new UserError("--dropout " + dropout + ": must be in [0, 1)");
        }
        BenchInput.folders("--data", data);
        PrintStream out = System.out;
        out.println("# bench seq — " + Machine.describe());
        Path script = anchors.resolve("seq").resolve("seq_refs.py");
        Optional<Python> torch = noTorch ? Optional.empty() : Python.find("torch", "numpy", "scipy");
        if (!noTorch && (torch.isEmpty() || !Files.isRegularFile(script))) {
            out.println("(torch unavailable: " + (torch.isEmpty() ? "no python3 with torch, numpy and scipy"
                    : script + " not found") + "; our figures only)");
            torch = Optional.empty();
        }
        out.printf(Locale.ROOT, "settings: hidden %d, dropout %s, maxlen %d, 2 blocks 1 head (SASRec), batch %d, Adam lr %s "
                        + "beta2 0.98, patience %d, max epochs %d, cap %.0f s per training, threads %d; seeds %s; validation = "
                        + "each user's last train item; test = best-validation checkpoint fed the full train sequence; ties "
                        + "against the model; negatives (sampled losses) %d; gBCE calibration %s; windows %s; \"tied\" = users whose test item has the timestamp of their last train item "
                        + "(both sides order a user's items by (timestamp, item id))%n", hidden, dropout, maxLength, batch,
                learningRate, patience, maxEpochs, maxSeconds, threads, java.util.Arrays.toString(seeds), negatives, calibration,
                windows);
        for (Path dir : data) {
            MovieLensData d = MovieLens.load(dir, LoadOptions.lenient());
            input.on(dir, d);
            LeaveLastOutTask task = Tasks.leaveLastOut(d);
            boolean[] tied = tiedCases(task);
            int nTied = 0;
            for (boolean t : tied) {
                nTied += t ? 1 : 0;
            }
            Path ratings = dir.resolve(d.format().ratingsFile());
            out.printf(Locale.ROOT, "%n## %s — %d users, %d items, %d train interactions; %d test items (%.1f%%) share "
                            + "the last train item's timestamp%n%n", dir.getFileName(), task.numCases(), task.universeSize(),
                    task.train().size(), nTied, 100.0 * nTied / task.numCases());
            out.println("| model | seed | Recsys4J HR@10 / NDCG@10 | torch HR@10 / NDCG@10 | Δ HR@10 | HR@10 tied / untied, "
                    + "ours | HR@10 tied / untied, torch | Recsys4J epochs (best) | torch epochs (best) | Recsys4J seq/s | "
                    + "torch seq/s | speed ratio | load before (ours / torch) |");
            out.println("|---|---:|---|---|---:|---|---|---|---|---:|---:|---:|---|");
            List<String> summary = new ArrayList<>();
            for (Config c : configs) {
                List<Run> ours = new ArrayList<>();
                List<Run> theirs = new ArrayList<>();
                for (long seed : seeds) {
                    Run o = ours(task, tied, c, seed);
                    ours.add(o);
                    Run t = torch.isPresent() && c.torchLoss != null ? torch(torch.get(), script, ratings, c, seed) : null;
                    if (t != null) {
                        theirs.add(t);
                    }
                    out.printf(Locale.ROOT, "| %s | %d | %.4f / %.4f | %s | %s | %.4f / %.4f | %s | %d (%d, %s) | %s | %,.0f | %s | %s | %s / %s |%n",
                            c.label, seed, o.hr, o.ndcg,
                            t == null ? "—" : String.format(Locale.ROOT, "%.4f / %.4f", t.hr, t.ndcg),
                            t == null ? "—" : String.format(Locale.ROOT, "%+.4f", o.hr - t.hr),
                            o.hrTied, o.hrUntied,
                            t == null ? "—" : String.format(Locale.ROOT, "%.4f / %.4f", t.hrTied, t.hrUntied),
                            o.epochs, o.bestEpoch, o.stop,
                            t == null ? "—" : String.format(Locale.ROOT, "%d (%d, %s)", t.epochs, t.bestEpoch, t.stop),
                            o.sequencesPerSecond,
                            t == null ? "—" : String.format(Locale.ROOT, "%,.0f", t.sequencesPerSecond),
                            t == null ? "—" : String.format(Locale.ROOT, "%.2f×", o.sequencesPerSecond / t.sequencesPerSecond),
                            o.load, t == null ? "—" : t.load);
                    out.flush();
                }
                summary.add(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %,.0f | %s |", c.label, ours.size(),
                        spread(ours), theirs.isEmpty() ? "—" : spread(theirs),
                        theirs.isEmpty() ? "—" : String.format(Locale.ROOT, "%+.4f",
                                mean(ours, Run::hr) - mean(theirs, Run::hr)),
                        theirs.isEmpty() ? "—" : String.format(Locale.ROOT, "%+.4f",
                                mean(ours, Run::ndcg) - mean(theirs, Run::ndcg)),
                        mean(ours, Run::sequencesPerSecond),
                        theirs.isEmpty() ? "—" : String.format(Locale.ROOT, "%,.0f", mean(theirs, Run::sequencesPerSecond))));
            }
            out.printf(Locale.ROOT, "%nMeans ± sample standard deviation over seeds:%n%n");
            out.println("| model | seeds | Recsys4J HR@10 / NDCG@10 | torch HR@10 / NDCG@10 | Δ HR@10 | Δ NDCG@10 | "
                    + "Recsys4J seq/s | torch seq/s |");
            out.println("|---|---:|---|---|---:|---:|---:|---:|");
            summary.forEach(out::println);
            out.flush();
        }
        return 0;
    }

    /**
     * Per test case, whether the test item's timestamp equals the user's last train item's: inside one second
     * MovieLens' order is its rating UI's, and both sides break the tie by item id.
     */
    static boolean[] tiedCases(LeaveLastOutTask task) {
        Interactions test = task.split().test();
        Interactions train = task.train();
        Interactions.Csr byUser = train.byUser();
        long[] testTime = new long[Math.max(test.numUsers(), train.numUsers())];
        for (int k = 0; k < test.size(); k++) {
            testTime[test.user(k)] = test.timestamp(k);
        }
        boolean[] tied = new boolean[task.numCases()];
        for (int c = 0; c < tied.length; c++) {
            int u = task.testUser(c);
            tied[c] = byUser.degree(u) > 0 && train.timestamp(byUser.entry(byUser.end(u) - 1)) == testTime[u];
        }
        return tied;
    }

    private static double hitRate(int[] ranks, boolean[] tied, boolean which) {
        int n = 0;
        int hits = 0;
        for (int c = 0; c < ranks.length; c++) {
            if (tied[c] == which) {
                n++;
                hits += ranks[c] < 10 ? 1 : 0;
            }
        }
        return n == 0 ? Double.NaN : hits / (double) n;
    }

    private Run ours(LeaveLastOutTask task, boolean[] tied, Config c, long seed) {
        String load = Machine.loadAverage();
        SequenceModel m;
        if (c == Config.GRU_CE) {
            m = Gru4Rec.builder().withDim(hidden).withDropout(dropout).withMaxLength(maxLength).withLoss(SequenceLoss.SOFTMAX)
                    .withWindows(windows).withBatchSize(batch).withLearningRate(learningRate).withMaxEpochs(maxEpochs).withPatience(patience).withMaxSeconds(maxSeconds).withSeed(seed)
                    .withThreads(threads).withListener(e -> System.err.println("java " + c.label + " s" + seed + " " + e))
                    .build().fit(task.train());
        } else {
            SequenceLoss loss = switch (c) {
                case SASREC_CE -> SequenceLoss.SOFTMAX;
                case SASREC_BCE -> SequenceLoss.BCE;
                case SASREC_SSM -> SequenceLoss.SAMPLED_SOFTMAX;
                case SASREC_LOGQ -> SequenceLoss.LOGQ_SAMPLED_SOFTMAX;
                case SASREC_GBCE -> SequenceLoss.GBCE;
                case GRU_CE -> throw new IllegalStateException();
            };
            m = SasRec.builder().withDim(hidden).withDropout(dropout).withMaxLength(maxLength)
                    .withLoss(loss).withNegatives(negatives).withCalibration(calibration).withWindows(windows)
                    .withBatchSize(batch).withLearningRate(learningRate).withMaxEpochs(maxEpochs).withPatience(patience).withMaxSeconds(maxSeconds).withSeed(seed)
                    .withThreads(threads).withListener(e -> System.err.println("java " + c.label + " s" + seed + " " + e))
                    .build().fit(task.train());
        }
        RankingReport r = RankingEvaluator.builder().withThreads(threads).build().topN(task, m.userScorer(task.train()));
        SequenceFit f = m.fit().orElseThrow();
        int[] ranks = r.ranks();
        return new Run(r.hitRate(10), r.ndcg(10), hitRate(ranks, tied, true), hitRate(ranks, tied, false),
                f.epochsRun(), f.bestEpoch(), f.stopReason(), f.sequencesPerSecond(),
                f.stepSeconds(), load);
    }

    private Run torch(Python py, Path script, Path ratings, Config c, long seed) throws IOException {
        String load = Machine.loadAverage();
        Path json = Files.createTempFile("recsys4j-seq-torch", ".json");
        try {
            py.runFile(script, threads, ratings.toString(), "--model", c.torchModel, "--loss", c.torchLoss,
                    "--seed", Long.toString(seed), "--hidden", Integer.toString(hidden), "--dropout", Double.toString(dropout),
                    "--maxlen", Integer.toString(maxLength), "--max-epochs", Integer.toString(maxEpochs),
                    "--patience", Integer.toString(patience), "--max-seconds", Double.toString(maxSeconds),
                    "--batch", Integer.toString(batch), "--lr", Double.toString(learningRate),
                    "--neg", Integer.toString(negatives), "--t", Double.toString(calibration),
                    "--windows", windows ? "1" : "0",
                    "--threads", Integer.toString(threads), "--out", json.toString());
            JsonNode root = JSON.readTree(json.toFile());
            JsonNode sel = root.get("selection");
            JsonNode test = root.get("test_ckpt");
            int epochs = sel.get("epochs_run").asInt();
            double trainS = sel.get("train_s").asDouble();
            JsonNode byTie = root.get("test_ckpt_by_tie");
            return new Run(test.get("pess_hr").asDouble(), test.get("pess_ndcg").asDouble(),
                    byTie.get("test_ts_eq_last_train").get("pess_hr").asDouble(),
                    byTie.get("test_ts_after_last_train").get("pess_hr").asDouble(), epochs,
                    sel.get("best_epoch").asInt(), sel.get("stopped").asText().replace("max_epochs", "maxEpochs")
                    .replace("max_seconds", "maxSeconds"), sel.get("train_rows").asDouble() * epochs / trainS, trainS, load);
        } finally {
            Files.deleteIfExists(json);
        }
    }

    private static double mean(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        return runs.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static double sd(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        double m = mean(runs, f);
        return Math.sqrt(runs.stream().mapToDouble(r -> (f.applyAsDouble(r) - m) * (f.applyAsDouble(r) - m)).sum()
                / Math.max(1, runs.size() - 1));
    }

    private static String spread(List<Run> runs) {
        return String.format(Locale.ROOT, "%.4f ± %.4f / %.4f ± %.4f", mean(runs, Run::hr), sd(runs, Run::hr),
                mean(runs, Run::ndcg), sd(runs, Run::ndcg));
    }
}
