package org.recsys4j.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.recsys4j.core.eval.Metrics;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.sample.Part;
import org.recsys4j.core.sample.ProtocolCFeatures;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.examples.cli.Checks;
import org.recsys4j.examples.cli.UserError;
import org.recsys4j.rank.ctr.CtrData;
import org.recsys4j.rank.ctr.CtrTrainer;
import org.recsys4j.rank.ctr.ModelSpec;
import org.recsys4j.rank.ctr.ModelType;
import org.recsys4j.rank.ctr.ProtocolC;
import org.recsys4j.rank.ctr.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code bench ctr}: protocol C — every CTR model of {@code org.recsys4j.rank.ctr} trained on the fit
 * part, early-stopped on validation, scored on test; learning rate chosen on validation (seed 1), then
 * seeds 1..3; next to the PyTorch twins of {@code ../shared/anchors/ctr/train.py} run in the same run on
 * the same samples (DIN's and DIEN's twins: {@code seq_ctr_anchor.py}, bundled, which runs train.py's loop
 * with two more models). Then the feature choice on the validation slice (dropping the identity-like fields).
 */
@Command(name = "ctr", mixinStandardHelpOptions = true,
        description = "Protocol C: CTR models (LR, FM, Emb+MLP, Wide&Deep, DeepFM, NeuralCF, two-tower, DIN, DIEN) vs PyTorch, same run.")
public final class CtrBench implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", split = ",",
            defaultValue = "../shared/data/ml-latest-small,../shared/data/ml-100k",
            description = "MovieLens folders (default: ${DEFAULT-VALUE}).")
    List<Path> data;

    @Option(names = "--models", split = ",", defaultValue = "LOGISTIC_REGRESSION,FM,EMBEDDING_MLP,WIDE_DEEP,DEEP_FM,NEURAL_CF,TWO_TOWER,DIN,DIEN",
            description = "Models (default: all).")
    List<ModelType> models;

    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3", description = "Seeds (default: ${DEFAULT-VALUE}).")
    long[] seeds;

    @Option(names = "--lr-grid", split = ",", defaultValue = "1e-2,3e-3,1e-3,3e-4,1e-4",
            description = "Learning rates; the one with the lowest best-epoch validation log-loss for the first seed is used (default: ${DEFAULT-VALUE}).")
    double[] lrGrid;

    @Option(names = "--mini-batch-l2", split = ",", defaultValue = "0", paramLabel = "λ",
            description = "Weights of the mini-batch aware L2 (DIN's paper; CtrTrainer.withMiniBatchL2), chosen with the"
                    + " learning rate on validation as one grid; DIN's and DIEN's twins search the same grid, train.py's"
                    + " models have none (default: ${DEFAULT-VALUE}).")
    double[] mbl2Grid;

    @Option(names = "--threads", defaultValue = "2", description = "Training threads, ours and torch's (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--batch", defaultValue = "256", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--max-epochs", defaultValue = "20", description = "Epoch limit (default: ${DEFAULT-VALUE}).")
    int maxEpochs;

    @Option(names = "--anchors", paramLabel = "DIR", defaultValue = "../shared/anchors",
            description = "The anchors folder (default: ${DEFAULT-VALUE}).")
    Path anchors;

    @Option(names = "--no-torch", description = "Skip the PyTorch reference run.")
    boolean noTorch;

    @Option(names = "--no-ablations", description = "Skip the feature choice (dropped fields) part.")
    boolean noAblations;

    @Option(names = "--features-only", description = "Only the feature choice, each configuration with its own "
            + "learning rate chosen on validation from --lr-grid (no main comparison, no torch).")
    boolean featuresOnly;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<ModelType, String> TORCH_NAMES = new EnumMap<>(Map.of(
            ModelType.LOGISTIC_REGRESSION, "lr", ModelType.FM, "fm", ModelType.EMBEDDING_MLP, "emb_mlp",
            ModelType.WIDE_DEEP, "wide_deep", ModelType.DEEP_FM, "deepfm", ModelType.NEURAL_CF, "ncf",
            ModelType.TWO_TOWER, "two_tower", ModelType.DIN, "din", ModelType.DIEN, "dien"));
    /** The models whose twins are ours ({@code seq_ctr_anchor.py}, run with train.py's loop), not train.py's. */
    private static final java.util.Set<ModelType> OUR_TWINS = java.util.EnumSet.of(ModelType.DIN, ModelType.DIEN);
    private static final List<ModelType> ABLATION_MODELS = List.of(ModelType.LOGISTIC_REGRESSION,
            ModelType.EMBEDDING_MLP, ModelType.DEEP_FM, ModelType.TWO_TOWER);
    private static final List<List<String>> DROPS = List.of(List.of(), List.of(ProtocolCFeatures.USER),
            List.of(ProtocolCFeatures.USER, ProtocolCFeatures.RECENT));
    /** Every sparse field: what is left is the six numerics. */
    private static final List<String> ALL_SPARSE = List.of(ProtocolCFeatures.USER, ProtocolCFeatures.MOVIE,
            ProtocolCFeatures.GENRES, ProtocolCFeatures.YEAR, ProtocolCFeatures.RECENT, ProtocolCFeatures.FAVOURITE);

    /** Mean figures of one model over the seeds. */
    record Figures(double lr, double mbl2, double auc, double aucSd, double logLoss, double samplesPerSecond, String epochs,
                   double trainSeconds, String load) {
    }

    /** One training run scored on validation and test. */
    record Run(long seed, double valLoss, double valAuc, double testAuc, double testLogLoss, double samplesPerSecond,
               int epochs, int bestEpoch, double trainSeconds, String load) {
    }

    private final BenchInput input = new BenchInput("bench ctr");

    @Override
    public Integer call() throws Exception {
        return input.guard(this::measure);
    }

    private Integer measure() throws IOException {
        if (seeds.length == 0 || lrGrid.length == 0) {
            throw new UserError("--seeds and --lr-grid: give at least one value each");
        }
        Checks.range("--threads", threads, 1, 1024);
        Checks.range("--batch", batch, 1, 1 << 20);
        Checks.range("--max-epochs", maxEpochs, 1, 10_000);
        for (double lr : lrGrid) {
            Checks.positive("--lr-grid", lr, 10);
        }
        if (mbl2Grid.length == 0) {
            throw new UserError("--mini-batch-l2: give at least one value (0: none)");
        }
        for (double l : mbl2Grid) {
            if (!(l >= 0) || Double.isInfinite(l)) {
                throw new UserError("--mini-batch-l2: " + l + ", must be >= 0 and finite");
            }
        }
        BenchInput.folders("--data", data);
        PrintStream out = System.out;
        out.println("# bench ctr — " + Machine.describe());
        Path script = anchors.resolve("ctr").resolve("train.py");
        Optional<Python> torch = noTorch ? Optional.empty() : Python.find("torch", "numpy");
        if (!noTorch && (torch.isEmpty() || !Files.isRegularFile(script))) {
            out.println("(torch unavailable: " + (torch.isEmpty() ? "no python3 with torch (apt-get install -y python3-torch)"
                    : script + " not found") + ")");
        }
        for (Path d : data) {
            runDataSet(out, d, torch.filter(p -> Files.isRegularFile(script)), script);
        }
        return 0;
    }

    private CtrTrainer.Builder trainer(ModelSpec spec, double lr, long seed) {
        return CtrTrainer.builder(spec).withLearningRate(lr).withSeed(seed).withThreads(threads).withBatchSize(batch)
                .withMaxEpochs(maxEpochs);
    }

    private Run run(ProtocolC pc, ModelSpec spec, CtrData fit, CtrData val, CtrData test, double lr, long seed) {
        return run(pc, spec, fit, val, test, lr, 0, seed);
    }

    private Run run(ProtocolC pc, ModelSpec spec, CtrData fit, CtrData val, CtrData test, double lr, double mbl2,
                    long seed) {
        return run(trainer(spec, lr, seed).withMiniBatchL2(mbl2).build(), fit, val, test);
    }

    /**
     * Trains one model with {@code trainer} on {@code fit}, early-stopped on {@code val}, and scores it on
     * {@code test} (predicting with the trainer's thread count); records the load average before the run.
     */
    static Run run(CtrTrainer trainer, CtrData fit, CtrData val, CtrData test) {
        String load = Machine.loadAverage();
        TrainingResult r = trainer.fit(fit, val);
        double[] p = new double[test.size()];
        r.model().predict(test, p, trainer.threads());
        boolean[] y = test.labelArray();
        return new Run(trainer.seed(), r.bestValidationLoss(), r.history().get(r.bestEpoch() - 1).validationAuc(),
                Metrics.auc(p, y), Metrics.logLoss(p, y), r.samplesPerSecond(), r.epochsRun(), r.bestEpoch(),
                r.trainSeconds(), load);
    }

    private void runDataSet(PrintStream out, Path dir, Optional<Python> torch, Path script) throws IOException {
        long t0 = System.nanoTime();
        MovieLensData ml = MovieLens.load(dir, LoadOptions.lenient());
        input.on(dir, ml);
        SampleSet samples = SampleSet.build(ml.ratings(), ml.catalog(), SampleSpec.protocolC());
        ProtocolC pc = ProtocolC.of(samples);
        out.printf(Locale.ROOT, "%n## %s — %d samples: fit %d, validation %d, test %d (built in %.1f s); schema %s%n",
                dir.getFileName(), samples.size(), samples.count(Part.FIT), samples.count(Part.VALIDATION),
                samples.count(Part.TEST), (System.nanoTime() - t0) / 1e9, pc.schema());
        out.printf(Locale.ROOT, "baseline: user as-of mean rating, test AUC %.4f%n", userMeanAuc(samples));
        // JIT warm-up, not reported: one epoch of every model
        for (ModelType m : models) {
            trainer(ProtocolC.spec(m), 1e-3, 99).withMaxEpochs(1).build().fit(pc.fit());
        }
        if (featuresOnly) {
            ablations(out, pc, null, Optional.empty(), script, Map.of(), dir);
            return;
        }
        Map<ModelType, Figures> ours = new EnumMap<>(ModelType.class);
        Map<ModelType, Double> chosenLr = new EnumMap<>(ModelType.class);
        Map<ModelType, Figures> theirs = new EnumMap<>(ModelType.class);
        Map<String, Double> torchLr = new LinkedHashMap<>();
        StringBuilder grid = new StringBuilder();
        StringBuilder seedList = new StringBuilder();
        StringBuilder mbl2List = new StringBuilder();
        for (double lr : lrGrid) {
            grid.append(grid.length() == 0 ? "" : ",").append(lr);
        }
        for (double l : mbl2Grid) {
            mbl2List.append(mbl2List.length() == 0 ? "" : ",").append(l);
        }
        Map<ModelType, Double> chosenMbl2 = new EnumMap<>(ModelType.class);
        for (long s : seeds) {
            seedList.append(seedList.length() == 0 ? "" : ",").append(s);
        }
        // model by model, ours then torch's, so that both see about the same machine load
        for (ModelType m : models) {
            ModelSpec spec = ProtocolC.spec(m);
            // (lr, λ) as one grid, in order; the first with the lowest validation log-loss for the first seed
            double lr = Double.NaN;
            double mbl2 = Double.NaN;
            Run chosen = null;
            StringBuilder sel = new StringBuilder();
            for (double l : mbl2Grid) {
                for (double g : lrGrid) {
                    Run r = run(pc, spec, pc.fit(), pc.validation(), pc.test(), g, l, seeds[0]);
                    sel.append(String.format(Locale.ROOT, " %g%s:%.4f", g, mbl2Grid.length > 1 ? "/" + l : "", r.valLoss()));
                    if (chosen == null || r.valLoss() < chosen.valLoss()) {
                        chosen = r;
                        lr = g;
                        mbl2 = l;
                    }
                }
            }
            chosenLr.put(m, lr);
            chosenMbl2.put(m, mbl2);
            List<Run> runs = new ArrayList<>();
            runs.add(chosen); // deterministic: the first seed's run at these settings is the selection run
            for (int s = 1; s < seeds.length; s++) {
                runs.add(run(pc, spec, pc.fit(), pc.validation(), pc.test(), lr, mbl2, seeds[s]));
            }
            Figures f = figures(lr, mbl2, runs);
            ours.put(m, f);
            out.printf(Locale.ROOT, "java  %-10s lr %g mini-batch L2 %g (val log-loss by lr%s:%s) test AUC %.4f ± %.4f log-loss %.4f %,.0f samples/s epochs %s load %s%n",
                    m.label(), lr, mbl2, mbl2Grid.length > 1 ? "/λ" : "", sel, f.auc(), f.aucSd(), f.logLoss(),
                    f.samplesPerSecond(), f.epochs(), f.load());
            if (torch.isPresent()) {
                Path json = Files.createTempFile("recsys4j-ctr-torch", ".json");
                try {
                    String[] args = {"--data", dir.toString(), "--models", TORCH_NAMES.get(m),
                            "--seeds", seedList.toString(), "--lr-grid", grid.toString(), "--threads",
                            Integer.toString(threads), "--max-epochs", Integer.toString(maxEpochs), "--out", json.toString()};
                    if (OUR_TWINS.contains(m)) {
                        List<String> a = new ArrayList<>(List.of("--anchors-ctr", script.getParent().toString(),
                                "--mini-batch-l2", mbl2List.toString()));
                        a.addAll(List.of(args));
                        torch.get().run(TopNBench.resource("seq_ctr_anchor.py"), threads, a.toArray(new String[0]));
                    } else {
                        torch.get().runFile(script, threads, args);
                    }
                    JsonNode root = JSON.readTree(json.toFile());
                    List<Run> truns = new ArrayList<>();
                    double tlr = Double.NaN;
                    double tl2 = 0;
                    for (JsonNode r : root.get("runs")) {
                        tlr = r.get("lr").asDouble();
                        tl2 = r.has("mini_batch_l2") ? r.get("mini_batch_l2").asDouble() : 0;
                        truns.add(new Run(r.get("seed").asLong(), Double.NaN, Double.NaN, r.get("test_auc").asDouble(),
                                r.get("test_logloss").asDouble(), r.get("samples_per_s").asDouble(),
                                r.get("epochs_run").asInt(), r.get("best_epoch").asInt(),
                                r.get("train_seconds").asDouble(), r.get("loadavg_before").get(0).asText()));
                    }
                    if (!truns.isEmpty()) {
                        Figures t = figures(tlr, tl2, truns);
                        theirs.put(m, t);
                        torchLr.put(TORCH_NAMES.get(m), tlr);
                        out.printf(Locale.ROOT, "torch %-10s lr %g mini-batch L2 %g test AUC %.4f ± %.4f log-loss %.4f %,.0f samples/s epochs %s load %s%n",
                                m.label(), tlr, tl2, t.auc(), t.aucSd(), t.logLoss(), t.samplesPerSecond(), t.epochs(), t.load());
                    }
                } finally {
                    Files.deleteIfExists(json);
                }
            }
        }
        out.printf(Locale.ROOT, "%n### %s — test AUC / log-loss (mean of %d seeds), training samples/s (%d threads, batch %d)%n%n",
                dir.getFileName(), seeds.length, threads, batch);
        out.println("| model | Java lr | Java λ | Java AUC | Java log-loss | Java samples/s | Java epochs (best) | Java load | torch lr | torch λ | torch AUC | torch log-loss | torch samples/s | torch epochs (best) | torch load | ΔAUC | speed ratio |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (ModelType m : models) {
            Figures a = ours.get(m);
            Figures b = theirs.get(m);
            out.printf(Locale.ROOT, "| %s | %.0e | %s | %.4f ± %.4f | %.4f | %,.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    m.label(), a.lr(), lambda(a.mbl2()), a.auc(), a.aucSd(), a.logLoss(), a.samplesPerSecond(), a.epochs(),
                    a.load(),
                    b == null ? "–" : String.format(Locale.ROOT, "%.0e", b.lr()),
                    b == null ? "–" : lambda(b.mbl2()),
                    b == null ? "–" : String.format(Locale.ROOT, "%.4f ± %.4f", b.auc(), b.aucSd()),
                    b == null ? "–" : String.format(Locale.ROOT, "%.4f", b.logLoss()),
                    b == null ? "–" : String.format(Locale.ROOT, "%,.0f", b.samplesPerSecond()),
                    b == null ? "–" : b.epochs(),
                    b == null ? "–" : b.load(),
                    b == null ? "–" : String.format(Locale.ROOT, "%+.4f", a.auc() - b.auc()),
                    b == null ? "–" : String.format(Locale.ROOT, "%.2f×", a.samplesPerSecond() / b.samplesPerSecond()));
        }
        if (!noAblations) {
            ablations(out, pc, chosenLr, torch, script, torchLr, dir);
        }
    }

    private void ablations(PrintStream out, ProtocolC pc, Map<ModelType, Double> chosenLr, Optional<Python> torch,
                           Path script, Map<String, Double> torchLr, Path dir) throws IOException {
        boolean ownLr = chosenLr == null;
        out.printf(Locale.ROOT, "%n### %s — feature choice on the validation slice (%s; seed %d chooses, %d seeds on test)%n%n",
                dir.getFileName(), ownLr ? "each configuration's lr chosen on validation" : "lr of the main run",
                seeds[0], seeds.length);
        out.println("| model | dropped fields | lr | val log-loss (seed 1) | val AUC (seed 1) | test AUC | test log-loss | samples/s |");
        out.println("|---|---|---|---|---|---|---|---|");
        String bestName = null;
        double bestValAuc = -1;
        Figures bestFigures = null;
        for (ModelType m : ABLATION_MODELS) {
            if (!ownLr && !chosenLr.containsKey(m)) {
                continue;
            }
            if (ownLr && !models.contains(m)) {
                continue;
            }
            List<List<String>> drops = new ArrayList<>(DROPS);
            if (ownLr) {
                drops.add(List.of(ProtocolCFeatures.USER, ProtocolCFeatures.RECENT, ProtocolCFeatures.MOVIE));
            }
            if (m == ModelType.LOGISTIC_REGRESSION) {
                drops.add(ALL_SPARSE);
            }
            for (List<String> drop : drops) {
                ModelSpec spec = ProtocolC.spec(m).withoutFields(drop);
                CtrData fit = pc.fit().withoutFields(drop);
                CtrData val = pc.validation().withoutFields(drop);
                CtrData test = pc.test().withoutFields(drop);
                List<Run> runs = new ArrayList<>();
                double lr;
                if (ownLr) {
                    Run bestRun = null;
                    double bestLr = Double.NaN;
                    for (double g : lrGrid) {
                        Run r = run(pc, spec, fit, val, test, g, seeds[0]);
                        if (bestRun == null || r.valLoss() < bestRun.valLoss()) {
                            bestRun = r;
                            bestLr = g;
                        }
                    }
                    lr = bestLr;
                    runs.add(bestRun);
                    for (int k = 1; k < seeds.length; k++) {
                        runs.add(run(pc, spec, fit, val, test, lr, seeds[k]));
                    }
                } else {
                    lr = chosenLr.get(m);
                    for (long s : seeds) {
                        runs.add(run(pc, spec, fit, val, test, lr, s));
                    }
                }
                Figures f = figures(lr, runs);
                Run first = runs.get(0);
                String dropped = drop.isEmpty() ? "none" : drop.equals(ALL_SPARSE) ? "all six sparse fields (numerics only)"
                        : String.join(", ", drop);
                String name = m.label() + " − " + dropped;
                out.printf(Locale.ROOT, "| %s | %s | %.0e | %.4f | %.4f | %.4f ± %.4f | %.4f | %,.0f |%n", m.label(),
                        dropped, lr, first.valLoss(), first.valAuc(), f.auc(), f.aucSd(), f.logLoss(), f.samplesPerSecond());
                if (first.valAuc() > bestValAuc) {
                    bestValAuc = first.valAuc();
                    bestName = name;
                    bestFigures = f;
                }
            }
        }
        if (bestFigures != null) {
            out.printf(Locale.ROOT, "%nbest Java setup by validation AUC (seed %d): %s — val AUC %.4f, test AUC %.4f ± %.4f, log-loss %.4f%n",
                    seeds[0], bestName, bestValAuc, bestFigures.auc(), bestFigures.aucSd(), bestFigures.logLoss());
        }
        List<String> names = new ArrayList<>();
        for (ModelType m : ABLATION_MODELS) {
            if (torchLr.containsKey(TORCH_NAMES.get(m))) {
                names.add(TORCH_NAMES.get(m));
            }
        }
        if (torch.isPresent() && !names.isEmpty()) {
            Path json = Files.createTempFile("recsys4j-ctr-torch-drop", ".json");
            Path lrs = Files.createTempFile("recsys4j-ctr-torch-lr", ".json");
            com.fasterxml.jackson.databind.node.ObjectNode root0 = JSON.createObjectNode();
            com.fasterxml.jackson.databind.node.ObjectNode sel = root0.putObject("lr_selection");
            torchLr.forEach((k, v) -> sel.putObject(k).put("chosen", v));
            JSON.writeValue(lrs.toFile(), root0);
            torch.get().runFile(script, threads, "--data", dir.toString(), "--models", String.join(",", names),
                    "--seeds", Long.toString(seeds[0]), "--drop", "user,recent", "--lr-from", lrs.toString(),
                    "--threads", Integer.toString(threads), "--max-epochs", Integer.toString(maxEpochs),
                    "--out", json.toString());
            JsonNode root = JSON.readTree(json.toFile());
            StringBuilder b = new StringBuilder("torch, same run, dropped userId and recentPositive (seed " + seeds[0] + "):");
            for (JsonNode r : root.get("runs")) {
                b.append(String.format(Locale.ROOT, " %s test AUC %.4f log-loss %.4f;", r.get("model").asText(),
                        r.get("test_auc").asDouble(), r.get("test_logloss").asDouble()));
            }
            out.println(b);
            Files.deleteIfExists(json);
            Files.deleteIfExists(lrs);
        }
    }

    /** Returns the test AUC of the baseline that scores a sample by its user's as-of mean rating. */
    static double userMeanAuc(SampleSet s) {
        List<Integer> test = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            if (s.part(i) == Part.TEST) {
                test.add(i);
            }
        }
        double[] score = new double[test.size()];
        boolean[] y = new boolean[test.size()];
        for (int k = 0; k < score.length; k++) {
            score[k] = s.userMean(test.get(k));
            y[k] = s.label(test.get(k));
        }
        return Metrics.auc(score, y);
    }

    /** Returns the mean figures (and the AUC's sample sd) of the runs of one model at one learning rate. */
    static Figures figures(double lr, List<Run> runs) {
        return figures(lr, 0, runs);
    }

    private static String lambda(double mbl2) {
        return mbl2 == 0 ? "0" : String.format(Locale.ROOT, "%g", mbl2);
    }

    /** Mean figures of runs at learning rate {@code lr} and mini-batch aware L2 weight {@code mbl2}. */
    static Figures figures(double lr, double mbl2, List<Run> runs) {
        double auc = 0;
        double ll = 0;
        double sps = 0;
        double secs = 0;
        StringBuilder epochs = new StringBuilder();
        StringBuilder load = new StringBuilder();
        for (Run r : runs) {
            auc += r.testAuc();
            ll += r.testLogLoss();
            sps += r.samplesPerSecond();
            secs += r.trainSeconds();
            epochs.append(epochs.length() == 0 ? "" : ", ").append(r.epochs()).append(" (").append(r.bestEpoch()).append(')');
            load.append(load.length() == 0 ? "" : "/").append(r.load());
        }
        int n = runs.size();
        double mean = auc / n;
        double var = 0;
        for (Run r : runs) {
            var += (r.testAuc() - mean) * (r.testAuc() - mean);
        }
        double sd = n > 1 ? Math.sqrt(var / (n - 1)) : 0;
        return new Figures(lr, mbl2, mean, sd, ll / n, sps / n, epochs.toString(), secs / n, load.toString());
    }
}
