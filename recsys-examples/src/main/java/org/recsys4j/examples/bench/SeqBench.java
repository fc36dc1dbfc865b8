package org.recsys4j.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        GRU_CE("gru-ce", "gru", "ce");

        final String label;
        final String torchModel;
        final String torchLoss;

        Config(String label, String torchModel, String torchLoss) {
            this.label = label;
            this.torchModel = torchModel;
            this.torchLoss = torchLoss;
        }
    }

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "MovieLens folders (repeatable), e.g. ../shared/data/ml-100k.")
    List<Path> data;

    @Option(names = "--models", split = ",", defaultValue = "sasrec-ce,sasrec-bce,gru-ce",
            description = "Models: sasrec-ce, sasrec-bce, gru-ce (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--anchors", paramLabel = "DIR", defaultValue = "../shared/anchors",
            description = "The anchors folder (default: ${DEFAULT-VALUE}).")
    Path anchors;

    @Option(names = "--no-torch", description = "Skip the PyTorch twins.")
    boolean noTorch;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BenchInput input = new BenchInput("bench seq");

    /** One training run's figures. */
    record Run(double hr, double ndcg, int epochs, int bestEpoch, String stop, double sequencesPerSecond,
               double trainSeconds, String load) {
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
                throw new UserError("--models: '" + m + "' is not one of sasrec-ce, sasrec-bce, gru-ce");
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
        out.printf(Locale.ROOT, "settings: hidden %d, dropout %s, maxlen %d, 2 blocks 1 head (SASRec), batch 128, Adam lr 1e-3 "
                        + "beta2 0.98, patience %d, max epochs %d, cap %.0f s per training, threads %d; validation = each "
                        + "user's last train item; test = best-validation checkpoint fed the full train sequence; ties "
                        + "against the model%n", hidden, dropout, maxLength, patience, maxEpochs, maxSeconds, threads);
        for (Path dir : data) {
            MovieLensData d = MovieLens.load(dir, LoadOptions.lenient());
            input.on(dir, d);
            LeaveLastOutTask task = Tasks.leaveLastOut(d);
            Path ratings = dir.resolve(d.format().ratingsFile());
            out.printf(Locale.ROOT, "%n## %s — %d users, %d items, %d train interactions%n%n", dir.getFileName(),
                    task.numCases(), task.universeSize(), task.train().size());
            out.println("| model | seed | Recsys4J HR@10 / NDCG@10 | torch HR@10 / NDCG@10 | Recsys4J epochs (best) | "
                    + "torch epochs (best) | Recsys4J seq/s | torch seq/s | speed ratio | load before (ours / torch) |");
            out.println("|---|---:|---|---|---|---|---:|---:|---:|---|");
            for (Config c : configs) {
                List<Run> ours = new ArrayList<>();
                List<Run> theirs = new ArrayList<>();
                for (long seed : seeds) {
                    Run o = ours(task, c, seed);
                    ours.add(o);
                    Run t = torch.isPresent() ? torch(torch.get(), script, ratings, c, seed) : null;
                    if (t != null) {
                        theirs.add(t);
                    }
                    out.printf(Locale.ROOT, "| %s | %d | %.4f / %.4f | %s | %d (%d, %s) | %s | %,.0f | %s | %s | %s / %s |%n",
                            c.label, seed, o.hr, o.ndcg,
                            t == null ? "—" : String.format(Locale.ROOT, "%.4f / %.4f", t.hr, t.ndcg),
                            o.epochs, o.bestEpoch, o.stop,
                            t == null ? "—" : String.format(Locale.ROOT, "%d (%d, %s)", t.epochs, t.bestEpoch, t.stop),
                            o.sequencesPerSecond,
                            t == null ? "—" : String.format(Locale.ROOT, "%,.0f", t.sequencesPerSecond),
                            t == null ? "—" : String.format(Locale.ROOT, "%.2f×", o.sequencesPerSecond / t.sequencesPerSecond),
                            o.load, t == null ? "—" : t.load);
                    out.flush();
                }
                out.printf(Locale.ROOT, "| **%s mean** | %d seeds | %s | %s | | | %,.0f | %s | | |%n", c.label, ours.size(),
                        mean(ours), theirs.isEmpty() ? "—" : mean(theirs), ours.stream().mapToDouble(Run::sequencesPerSecond).average().orElse(0),
                        theirs.isEmpty() ? "—" : String.format(Locale.ROOT, "%,.0f",
                                theirs.stream().mapToDouble(Run::sequencesPerSecond).average().orElse(0)));
            }
        }
        return 0;
    }

    private Run ours(LeaveLastOutTask task, Config c, long seed) {
        String load = Machine.loadAverage();
        SequenceModel m;
        if (c == Config.GRU_CE) {
            m = Gru4Rec.builder().withDim(hidden).withDropout(dropout).withMaxLength(maxLength).withLoss(SequenceLoss.SOFTMAX)
                    .withMaxEpochs(maxEpochs).withPatience(patience).withMaxSeconds(maxSeconds).withSeed(seed)
                    .withThreads(threads).withListener(e -> System.err.println("java " + c.label + " s" + seed + " " + e))
                    .build().fit(task.train());
        } else {
            m = SasRec.builder().withDim(hidden).withDropout(dropout).withMaxLength(maxLength)
                    .withLoss(c == Config.SASREC_CE ? SequenceLoss.SOFTMAX : SequenceLoss.BCE)
                    .withMaxEpochs(maxEpochs).withPatience(patience).withMaxSeconds(maxSeconds).withSeed(seed)
                    .withThreads(threads).withListener(e -> System.err.println("java " + c.label + " s" + seed + " " + e))
                    .build().fit(task.train());
        }
        RankingReport r = RankingEvaluator.builder().withThreads(threads).build().topN(task, m.userScorer(task.train()));
        SequenceFit f = m.fit().orElseThrow();
        return new Run(r.hitRate(10), r.ndcg(10), f.epochsRun(), f.bestEpoch(), f.stopReason(), f.sequencesPerSecond(),
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
                    "--threads", Integer.toString(threads), "--out", json.toString());
            JsonNode root = JSON.readTree(json.toFile());
            JsonNode sel = root.get("selection");
            JsonNode test = root.get("test_ckpt");
            int epochs = sel.get("epochs_run").asInt();
            double trainS = sel.get("train_s").asDouble();
            return new Run(test.get("pess_hr").asDouble(), test.get("pess_ndcg").asDouble(), epochs,
                    sel.get("best_epoch").asInt(), sel.get("stopped").asText().replace("max_epochs", "maxEpochs")
                    .replace("max_seconds", "maxSeconds"), sel.get("train_rows").asDouble() * epochs / trainS, trainS, load);
        } finally {
            Files.deleteIfExists(json);
        }
    }

    private static String mean(List<Run> runs) {
        double hr = runs.stream().mapToDouble(Run::hr).average().orElse(Double.NaN);
        double nd = runs.stream().mapToDouble(Run::ndcg).average().orElse(Double.NaN);
        double sd = Math.sqrt(runs.stream().mapToDouble(r -> (r.hr() - hr) * (r.hr() - hr)).sum() / Math.max(1, runs.size() - 1));
        return String.format(Locale.ROOT, "%.4f / %.4f (HR sd %.4f)", hr, nd, sd);
    }
}
