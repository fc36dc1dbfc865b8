package org.recsys4j.examples.cli;

import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.examples.bench.AnchorFigures;
import org.recsys4j.examples.bench.AnchorRow;
import org.recsys4j.examples.bench.Leaderboards;
import org.recsys4j.examples.bench.Machine;
import org.recsys4j.examples.bench.ServedPipelines;
import org.recsys4j.examples.report.GeneratedSections;
import org.recsys4j.examples.report.Leaderboard;
import org.recsys4j.examples.topn.BaselineTable;
import org.recsys4j.examples.train.Progress;
import org.recsys4j.examples.train.ServingModels;
import org.recsys4j.examples.train.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code evaluate}: the leaderboards of protocols T, S, R and C — every model the project has, with its settings
 * and seeds, the anchors' figures beside ours — on one or more MovieLens folders, printed as markdown; with
 * {@code --all}, on ml-100k and ml-latest-small, written into the generated sections of
 * {@code docs/evaluation.md} with a bar chart per table and the table of the scaled synthetic data. With
 * {@code --events FILE --items FILE} ({@link EventDataOptions}), protocol T for the baselines on your own data.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Leaderboards of protocols T, S, R and C (docs/evaluation.md), printed as markdown.",
                "--all: every protocol on ml-100k and ml-latest-small plus the synthetic-data table, written into the "
                        + "generated sections of docs/evaluation.md with bar charts in docs/img/.",
                "--events FILE --items FILE and a mapping (--mapping FILE or the column flags): protocol T for the "
                        + "baselines on your own data (docs/your-data.md)."})
public final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    BaselineOptions baselines;

    @Mixin
    EventDataOptions yours;

    /**
     * The tables this command can make: the four protocols, the synthetic-data table and the served pipelines
     * (every pipeline of the demo server, built as the server builds it from the T train split, under T and S).
     */
    enum Protocol { T, S, R, C, SYNTHETIC, PIPELINES }

    /** The data sets of {@code --all} when {@code --data} is not given. */
    static final List<Path> DEFAULT_DATA = List.of(Path.of("../shared/data/ml-100k"),
            Path.of("../shared/data/ml-latest-small"));

    @Option(names = "--data", paramLabel = "DIR",
            description = "MovieLens folders (repeatable); required without --all, default with --all: "
                    + "../shared/data/ml-100k and ../shared/data/ml-latest-small.")
    List<Path> data;

    @Option(names = "--protocol", paramLabel = "P", split = ",",
            description = "Tables to make, from T, S, R, C, SYNTHETIC, PIPELINES (default: T,S,R; with --all: all of them). "
                    + "PIPELINES: every pipeline the demo server offers, retrained on the T train split, under T and S, "
                    + "with coverage, novelty and personalisation, beside each of its components; with --all also on "
                    + "the planted data (ServedPipelines.plantedData()).")
    Set<Protocol> protocols;

    @Option(names = "--all", description = "Write the leaderboards into the generated sections of --doc "
            + "(<!-- leaderboard-P:begin --> … <!-- leaderboard-P:end -->) and their charts into img/ beside it.")
    boolean all;

    @Option(names = "--doc", paramLabel = "FILE", defaultValue = "docs/evaluation.md",
            description = "The page --all regenerates (default: ${DEFAULT-VALUE}).")
    Path doc;

    @Option(names = "--anchors", paramLabel = "DIR", defaultValue = "../shared/anchors",
            description = "The anchors folder whose RESULTS.md figures go beside ours (default: ${DEFAULT-VALUE}).")
    Path anchorsDir;

    @Option(names = "--run-anchors", description = "Run the numpy top-N anchor now (protocol T; needs python3 with "
            + "numpy and scipy) instead of quoting its recorded figures. S and C always quote the recorded figures "
            + "(live: bench word2vec, bench ctr).")
    boolean runAnchors;

    @Option(names = "--quick", description = "Skip the slow rows: tuned item2vec (S), the ml-25m-shape synthetic set; "
            + "protocol C with one seed.")
    boolean quick;

    @Option(names = "--ctr-seeds", paramLabel = "S", split = ",", defaultValue = "1,2,3",
            description = "Seeds of every CTR model (default: ${DEFAULT-VALUE}; --quick: the first only).")
    long[] ctrSeeds;

    @Option(names = "--ctr-max-epochs", paramLabel = "N", defaultValue = "20",
            description = "Epoch limit of CTR training (default: ${DEFAULT-VALUE}).")
    int ctrMaxEpochs;

    @Option(names = "--planted", description = "With PIPELINES: also evaluate the served pipelines on generated planted "
            + "data (clusters, genres independent of them, cross-cluster blockbusters; see docs/evaluation.md), with the "
            + "share of each top-10 in the user's cluster. Always on with --all.")
    boolean planted;

    @Override
    public Integer call() throws IOException {
        if (yours.given()) {
            return evaluateYourData();
        }
        long started = System.nanoTime();
        int threads = baselines.threads();
        // --planted alone: the served pipelines on the planted data only
        List<Path> dirs = data != null ? data : all ? DEFAULT_DATA : planted ? List.of() : null;
        if (planted && !all && (protocols == null || !protocols.contains(Protocol.PIPELINES))) {
            throw new UserError("--planted evaluates the served pipelines: add --protocol PIPELINES");
        }
        if (dirs == null) {
            throw new UserError("--data DIR is required (or --all, whose default is ../shared/data/ml-100k and "
                    + "../shared/data/ml-latest-small)");
        }
        for (Path dir : dirs) {
            if (data == null && !Files.isDirectory(dir)) {
                throw new UserError("--data " + dir + ": no such folder (the default of --all; pass --data DIR to "
                        + "evaluate another folder)");
            }
            Checks.movieLensFolder("--data", dir);
        }
        baselines.easeLambdas();
        baselines.userNeighbours();
        Set<Protocol> chosen = protocols != null ? EnumSet.copyOf(protocols)
                : all ? EnumSet.allOf(Protocol.class) : EnumSet.of(Protocol.T, Protocol.S, Protocol.R);
        if (chosen.isEmpty()) {
            throw new UserError("--protocol: give at least one of T, S, R, C, SYNTHETIC");
        }
        if (ctrSeeds.length == 0) {
            throw new UserError("--ctr-seeds: give at least one seed");
        }
        Checks.range("--ctr-max-epochs", ctrMaxEpochs, 1, TrainingOptions.MAX_EPOCHS);
        long[] seeds = quick ? new long[] {ctrSeeds[0]} : ctrSeeds;
        if (all) {
            checkDoc(chosen);
        }
        AnchorFigures anchors = Files.isDirectory(anchorsDir) ? AnchorFigures.read(anchorsDir) : AnchorFigures.empty();
        Leaderboards lb = new Leaderboards(new Leaderboards.Settings(threads, baselines.userNeighbours(),
                baselines.easeLambdas(), seeds, ctrMaxEpochs, quick), anchors);
        PrintStream out = System.out;
        Map<Protocol, StringBuilder> sections = new LinkedHashMap<>();
        List<Path> charts = new ArrayList<>();
        for (Protocol p : chosen) {
            if (p != Protocol.SYNTHETIC) {
                sections.put(p, new StringBuilder(header(p, seeds)));
            }
        }
        for (Path dir : dirs) {
            MovieLensData d = MovieLens.load(dir, LoadOptions.lenient());
            String name = dir.toAbsolutePath().normalize().getFileName().toString();
            if (!all) {
                out.printf(Locale.ROOT, "%n## %s (%s)%n%n", name, d.report().oneLine());
            }
            LeaveLastOutTask task = chosen.contains(Protocol.T) || chosen.contains(Protocol.S) ? Tasks.leaveLastOut(d) : null;
            for (Protocol p : chosen) {
                Leaderboard board;
                try {
                    board = switch (p) {
                        case T -> lb.protocolT(name, task, runAnchors ? lb.runTopNAnchor(anchorsDir, d,
                                why -> System.err.println("numpy anchor not run (" + why + "): recorded figures used"))
                                : Optional.<List<AnchorRow>>empty());
                        case S -> lb.protocolS(name, task);
                        case R -> lb.protocolR(name, d);
                        case C -> lb.protocolC(name, d);
                        case SYNTHETIC -> null;
                        case PIPELINES -> servedPipelines(name, d, threads, null);
                    };
                } catch (IllegalArgumentException e) {
                    // the options were checked before: what a protocol refuses now is the data (too small a split)
                    throw new UserError(dir + ": protocol " + p + " cannot be evaluated on " + d.ratings().size()
                            + " ratings by " + d.ratings().numUsers() + " users (" + d.report().oneLine() + "): "
                            + e.getMessage());
                }
                if (board == null) {
                    continue;
                }
                if (all) {
                    StringBuilder sb = sections.get(p);
                    sb.append('\n').append(board.markdown());
                    if (p != Protocol.R) {
                        String png = "leaderboard-" + p.name().toLowerCase(Locale.ROOT) + "-" + name + ".png";
                        Path file = imgDir().resolve(png);
                        // S: the anchors count ties in the model's favour; C: AUC from 0.5, the level of chance
                        board.chart(file, p == Protocol.S ? 4 : 0, p == Protocol.C ? 0.5 : Double.NaN);
                        charts.add(file);
                        sb.append("\n![").append(board.title()).append("](img/").append(png).append(")\n");
                    }
                } else {
                    out.println(board.markdown());
                }
            }
        }
        if (chosen.contains(Protocol.PIPELINES) && (planted || all)) {
            Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "recsys4j-planted");
            try {
                org.recsys4j.core.synth.SyntheticMovieLens gen = ServedPipelines.plantedData();
                gen.writeLatestCsv(dir);
                MovieLensData d = MovieLens.load(dir, LoadOptions.lenient());
                String name = "planted data";
                Leaderboard board = servedPipelines(name, d, threads, ServedPipelines.planted(gen, d));
                if (all) {
                    sections.get(Protocol.PIPELINES).append('\n').append(board.markdown());
                } else {
                    out.println(board.markdown());
                }
            } finally {
                deleteTree(dir);
            }
        }
        if (chosen.contains(Protocol.SYNTHETIC)) {
            Path work = Path.of(System.getProperty("java.io.tmpdir"));
            Leaderboard synth = lb.synthetic(work);
            if (all) {
                sections.put(Protocol.SYNTHETIC, new StringBuilder(header(Protocol.SYNTHETIC, seeds)).append('\n')
                        .append(synth.markdown()));
            } else {
                out.println(synth.markdown());
            }
        }
        if (all) {
            double minutes = (System.nanoTime() - started) / 60e9;
            for (Map.Entry<Protocol, StringBuilder> e : sections.entrySet()) {
                e.getValue().append(String.format(Locale.ROOT, "%n_This section was regenerated by a run of %.1f min "
                        + "(all selected tables)._%n", minutes));
                GeneratedSections.replace(doc, section(e.getKey()), e.getValue().toString());
            }
            out.printf(Locale.ROOT, "wrote %d section(s) of %s and %d chart(s) in %s in %.1f min%n", sections.size(), doc,
                    charts.size(), imgDir(), minutes);
        }
        return 0;
    }

    /**
     * {@code evaluate --events FILE --items FILE ...}: protocol T for the baselines on your own data, whose
     * interactions are the feedback policy's (one per (user, item) pair; protocol T takes each as value 1). Other
     * protocols are refused: S's item2vec rows and R, C assume MovieLens ratings.
     */
    private Integer evaluateYourData() throws IOException {
        if (data != null) {
            throw new UserError("--data and --events: evaluate MovieLens folders (--data) or your own data (--events, "
                    + "--items), not both");
        }
        if (all) {
            throw new UserError("--all regenerates the MovieLens leaderboards of docs/evaluation.md and does not take "
                    + "--events; drop --all to evaluate your own data");
        }
        if (runAnchors) {
            throw new UserError("--run-anchors runs the numpy anchor on MovieLens ratings and does not take --events");
        }
        if (protocols != null) {
            for (Protocol p : protocols) {
                if (p != Protocol.T) {
                    throw new UserError("--protocol " + p + ": on your own data (--events) only protocol T is evaluated "
                            + "(S's item2vec rows, R and C assume MovieLens ratings)");
                }
            }
        }
        int threads = baselines.threads();
        baselines.easeLambdas();
        baselines.userNeighbours();
        yours.check();
        PrintStream out = System.out;
        EventData d = yours.load(LoadOptions.lenient(), out);
        LeaveLastOutTask task = LeaveLastOutTask.of(d.interactions());
        if (task.numCases() == 0) {
            throw new UserError(d.eventsFile() + ": no user has two or more interactions after the feedback policy, so "
                    + "protocol T has nothing to evaluate (" + d.feedback().report().summary() + ")");
        }
        Leaderboards lb = new Leaderboards(new Leaderboards.Settings(threads, baselines.userNeighbours(),
                baselines.easeLambdas(), new long[] {1}, 1, quick), AnchorFigures.empty());
        Leaderboard board;
        try {
            board = lb.protocolT(d.name(), task, Optional.empty(), List.of(sequenceModel(threads)));
        } catch (IllegalArgumentException e) {
            throw new UserError(d.eventsFile() + ": protocol T cannot be evaluated on " + d.interactions().size()
                    + " interactions by " + d.interactions().numUsers() + " users: " + e.getMessage());
        }
        // the same table without the anchor column: the reference systems ran on MovieLens only
        Leaderboard mine = new Leaderboard(board.title(), String.format(Locale.ROOT, "%,d users evaluated, %,d items, "
                + "%,d train interactions. Your data: each (user, item) pair the feedback policy made is one "
                + "interaction (value 1); a user's last pair by time is the test item. Policy: %s. No anchor: the "
                + "reference systems ran on MovieLens.", task.numCases(), task.universeSize(), task.train().size(),
                d.policy()), board.columns(), null, board.rows());
        out.printf(Locale.ROOT, "%n## %s%n%n", d.name());
        out.println(mine.markdown());
        return 0;
    }

    /**
     * The sequence model {@code serve --events} serves (SASRec with the demo's settings, {@link
     * ServingModels#fitSequenceModel}), fitted on protocol T's train part: early-stopped on each user's last train
     * interaction, never on the test item.
     */
    private static BaselineTable.Entry sequenceModel(int threads) {
        TrainingSettings s = TrainingSettings.defaults().withThreads(threads);
        return new BaselineTable.Entry("SASRec", String.format(Locale.ROOT, "served: dim %d, last %d, %s %d negatives, "
                        + "batch %d, ≤ %d epochs, patience %d, seed %d", ServingModels.SEQ_DIM, ServingModels.SEQ_MAX_LENGTH,
                ServingModels.SEQ_LOSS.name().toLowerCase(Locale.ROOT).replace('_', ' '), ServingModels.SEQ_NEGATIVES,
                ServingModels.SEQ_BATCH_SIZE, s.seqEpochs(), ServingModels.SEQ_PATIENCE, s.seed()),
                train -> ServingModels.fitSequenceModel(train, s, Progress.silent(), new java.util.LinkedHashMap<>())
                        .userScorer(train));
    }

    /** The served-pipelines table of one data set ({@link ServedPipelines}), trained with the server's defaults. */
    private Leaderboard servedPipelines(String name, MovieLensData d, int threads, ServedPipelines.Planted truth) {
        TrainingSettings training = TrainingSettings.defaults().withThreads(threads);
        ServedPipelines.Evaluation results;
        try {
            results = ServedPipelines.evaluate(d, training, threads, truth, System.err);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("served pipelines on " + name + ": " + e.getMessage(), e);
        }
        LeaveLastOutTask task = LeaveLastOutTask.of(d.ratings());
        return ServedPipelines.board(name, String.format(Locale.ROOT, "%,d users, %,d items, %,d train ratings. "
                + "Every model, list and statistic of the pipelines rebuilt from the T train split (the server's "
                + "training, %s); budgets %,d ms per stage, no cache. Pipelines in bold; each component (a recall "
                + "channel alone, a ranker over every item) below them. S: the request holds the user's last train "
                + "item as its seed, no user.%s", task.numCases(), task.universeSize(), task.train().size(),
                training, ServedPipelines.BUDGET_MILLIS, truth == null ? "" : " Data: " + ServedPipelines.PLANTED_TEXT
                        + "; in own cluster = share of the top-10 in the user's planted cluster, users with at least 10 "
                        + "unseen items in it.") + " Served recall: " + results.merge() + ".", results.results(),
                truth != null);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Returns the name of a table's generated section, e.g. {@code leaderboard-T}. */
    static String section(Protocol p) {
        return "leaderboard-" + p.name();
    }

    private Path imgDir() {
        Path parent = doc.toAbsolutePath().getParent();
        return parent.resolve("img");
    }

    /** Fails before any model is fitted when the page or one of its markers is missing. */
    private void checkDoc(Set<Protocol> chosen) throws IOException {
        if (!Files.isRegularFile(doc)) {
            throw new UserError("--doc " + doc + ": no such file (run from the project root, or pass --doc FILE)");
        }
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        for (Protocol p : chosen) {
            try {
                GeneratedSections.replace(text, section(p), "");
            } catch (IllegalArgumentException e) {
                throw new UserError("--doc " + doc + ": " + e.getMessage() + " (add the lines "
                        + GeneratedSections.begin(section(p)) + " and " + GeneratedSections.end(section(p)) + ")");
            }
        }
    }

    private String header(Protocol p, long[] seeds) {
        StringBuilder b = new StringBuilder("_Generated by `evaluate --all");
        if (quick) {
            b.append(" --quick");
        }
        if (runAnchors) {
            b.append(" --run-anchors");
        }
        b.append("` — do not edit by hand. Machine: ").append(Machine.describe()).append("; ")
                .append(baselines.threads()).append(" threads");
        if (p == Protocol.C) {
            b.append("; CTR seeds ");
            for (int i = 0; i < seeds.length; i++) {
                b.append(i == 0 ? "" : ", ").append(seeds[i]);
            }
        }
        return b.append("._\n").toString();
    }
}
