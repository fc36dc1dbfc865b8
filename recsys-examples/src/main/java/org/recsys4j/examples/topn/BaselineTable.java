package org.recsys4j.examples.topn;

import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;
import org.recsys4j.core.eval.RankingReport;
import org.recsys4j.core.model.UserItemScorer;
import org.recsys4j.examples.bench.Stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Fits a list of models on a protocol T task and evaluates each: the table the demo prints and
 * {@code docs/evaluation.md} shows.
 */
public final class BaselineTable {
    /**
     * One model to fit: a name, its settings as text, how to fit it on train data, and the name the numpy
     * anchor ({@code anchors/topn/topn_refs.py}) prints for the same model, if it has one.
     *
     * @param name     the model's name, e.g. {@code EASE}
     * @param settings its hyper-parameters as shown in the table
     * @param fit      fits the model on the task's train interactions
     * @param anchor   the anchor's model name, e.g. {@code iALS f=64 reg=0.1 a=10.0}, or null to derive it
     */
    public record Entry(String name, String settings, Function<Interactions, ? extends UserItemScorer> fit,
                        String anchor) {
        /** Checks that no part but {@code anchor} is null. */
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(fit, "fit");
        }

        /** An entry without an explicit anchor name. */
        public Entry(String name, String settings, Function<Interactions, ? extends UserItemScorer> fit) {
            this(name, settings, fit, null);
        }
    }

    /**
     * One evaluated model.
     *
     * @param entry      what was fit
     * @param report     its protocol T report
     * @param fitSeconds wall-clock seconds of the fit (the median when it was repeated)
     * @param failure    why the model could not be fitted on this data (then {@code report} is null)
     */
    public record Row(Entry entry, RankingReport report, double fitSeconds, String failure) {
        /** Returns true if the model was fitted and evaluated. */
        public boolean ok() {
            return failure == null;
        }
    }

    private final List<Row> rows = new ArrayList<>();

    /**
     * Fits and evaluates every entry in order, fitting each once; {@code progress} receives each
     * finished row.
     */
    public static BaselineTable run(LeaveLastOutTask task, List<Entry> entries, RankingEvaluator evaluator,
                                    Consumer<Row> progress) {
        return run(task, entries, evaluator, 1, progress);
    }

    /**
     * Fits every entry {@code fits} times (the fit time reported is the median; the first fit in a
     * JVM includes JIT compilation), then evaluates the last model; {@code progress} receives each
     * finished row.
     */
    public static BaselineTable run(LeaveLastOutTask task, List<Entry> entries, RankingEvaluator evaluator,
                                    int fits, Consumer<Row> progress) {
        if (fits <= 0) {
            throw new IllegalArgumentException("fits: " + fits + ", must be > 0");
        }
        BaselineTable t = new BaselineTable();
        for (Entry e : entries) {
            double[] seconds = new double[fits];
            UserItemScorer model = null;
            try {
                for (int f = 0; f < fits; f++) {
                    long t0 = System.nanoTime();
                    model = e.fit().apply(task.train());
                    seconds[f] = (System.nanoTime() - t0) / 1e9;
                }
            } catch (IllegalArgumentException ex) {
                // a model whose settings cannot work on this data (e.g. a dense matrix too large): report, go on
                Row row = new Row(e, null, Double.NaN, ex.getMessage());
                t.rows.add(row);
                progress.accept(row);
                continue;
            }
            double fit = Stats.median(seconds);
            Row row = new Row(e, evaluator.topN(task, model), fit, null);
            t.rows.add(row);
            progress.accept(row);
        }
        return t;
    }

    /** Returns the rows in the order they were run. */
    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Returns the markdown header of {@link #markdown(Row)} rows. */
    public static String header() {
        return "| model | settings | HR@10 | NDCG@10 | HR@20 | NDCG@20 | MRR | coverage@10 | fit s | eval s |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|";
    }

    /** Returns one row as a markdown table line. */
    public static String markdown(Row r) {
        if (!r.ok()) {
            return "| " + r.entry().name() + " | " + r.entry().settings() + " | not fitted: " + r.failure()
                    + " | | | | | | | |";
        }
        RankingReport p = r.report();
        return String.format(Locale.ROOT, "| %s | %s | %.6f | %.6f | %.6f | %.6f | %.6f | %.4f | %.2f | %.2f |",
                r.entry().name(), r.entry().settings(), p.hitRate(10), p.ndcg(10), p.hitRate(20), p.ndcg(20),
                p.mrr(), p.catalogueCoverage(), r.fitSeconds(), p.seconds());
    }

    /** Returns the whole table as markdown. */
    public String markdown() {
        StringBuilder sb = new StringBuilder(header());
        for (Row r : rows) {
            sb.append('\n').append(markdown(r));
        }
        return sb.toString();
    }
}
