package org.recsys4j.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The speed goals of issue 6 checked on one {@code bench ann} run: each goal compares the best single-thread
 * queries/s of one of our indexes that reaches a recall@10 target with the best of an anchor (or of our brute
 * force) that reaches the same target, both measured in the same run, or compares build times. A goal whose
 * rows are missing from the run (anchor not run, metric not measured) is left out.
 *
 * <p>Speed is judged by queries/s per second of the searching thread's CPU time when both rows have it, since
 * the anchors and our indexes run one after the other on a shared machine whose load changes between them;
 * otherwise (Spark, which runs each query as a 2-thread job) by wall-clock queries/s. Both ratios are shown.
 */
public final class AnnGoals {
    private AnnGoals() {
    }

    /**
     * One checked goal.
     *
     * @param metric   {@code l2} or {@code cos}
     * @param goal     what is wanted, e.g. {@code HNSW ≥ 2× hnswlib-core at recall@10 ≥ 0.95}
     * @param measured the figures it was judged on
     * @param ratio    ours / theirs (or theirs / ours for build times, so larger is always better), on the basis
     *                 the measured text names
     * @param wanted   the ratio needed
     */
    public record Goal(String metric, String goal, String measured, double ratio, double wanted) {
        /** Checks the texts are present. */
        public Goal {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(goal, "goal");
            Objects.requireNonNull(measured, "measured");
        }

        /** Returns whether the measured ratio reaches the wanted one. */
        public boolean met() {
            return ratio >= wanted;
        }
    }

    /**
     * Evaluates every goal whose rows are present in {@code rows} (both metrics may be mixed).
     *
     * @param rows the rows of one run, ours and the anchors'
     * @return the goals, in a fixed order
     */
    public static List<Goal> evaluate(List<AnnBench.Row> rows) {
        List<Goal> goals = new ArrayList<>();
        for (String m : new String[] {"l2", "cos"}) {
            Predicate<AnnBench.Row> hnsw = ours("Recsys4J HNSW");
            Predicate<AnnBench.Row> ivf = ours("Recsys4J IVF-Flat");
            Predicate<AnnBench.Row> bf = r -> !r.anchor() && r.system().equals("Recsys4J brute force")
                    && !r.settings().startsWith("searchBatch");
            for (double t : new double[] {0.95, 0.99}) {
                speed(goals, rows, m, t, "HNSW", hnsw, "C++ hnswlib", theirs("hnswlib (C++)"), 0.8);
                speed(goals, rows, m, t, "HNSW", hnsw, "faiss IndexHNSWFlat", theirs("IndexHNSWFlat"), 1.0);
                speed(goals, rows, m, t, "HNSW", hnsw, "hnswlib-core", theirs("hnswlib-core"), 2.0);
            }
            build(goals, rows, m, "HNSW 1-thread build", ours("Recsys4J HNSW (1 build thread)"), "C++ hnswlib's",
                    theirs("hnswlib (C++)"), 1 / 1.5);
            build(goals, rows, m, "HNSW 2-thread build", ours("Recsys4J HNSW"), "our 1-thread build",
                    ours("Recsys4J HNSW (1 build thread)"), 1.8);
            for (double t : new double[] {0.95, 0.99}) {
                speed(goals, rows, m, t, "IVF-Flat", ivf, "faiss IndexIVFFlat", theirs("IndexIVFFlat"), 1.0);
            }
            build(goals, rows, m, "IVF-Flat 1-thread build", ours("Recsys4J IVF-Flat (1 build thread)"),
                    "faiss IndexIVFFlat's (1 thread)", theirs("IndexIVFFlat"), 1 / 1.5);
            speed(goals, rows, m, 1.0, "brute force", bf, "faiss IndexFlat", theirs("IndexFlat"), 1.2);
            for (String lsh : new String[] {"E2LSH", "sign-LSH"}) {
                speed(goals, rows, m, 0.9, lsh, ours("Recsys4J " + lsh), "our brute force", bf, 5.0);
                speed(goals, rows, m, 0.9, lsh, ours("Recsys4J " + lsh), "Spark BRP", theirs("Spark"), 100.0);
            }
        }
        return goals;
    }

    /**
     * Formats goals as a markdown table: metric, goal, measured, ratio, met.
     *
     * @param goals the evaluated goals
     * @return the table, or a line saying no goal could be checked
     */
    public static String markdown(List<Goal> goals) {
        if (goals.isEmpty()) {
            return "(no goal could be checked: run the anchors and the indexes they compare with)\n";
        }
        StringBuilder s = new StringBuilder("| metric | goal | measured (same run) | ratio | met |\n|---|---|---|---:|---|\n");
        for (Goal g : goals) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f× (need ≥ %.2f×) | %s |%n", g.metric(), g.goal(),
                    g.measured(), g.ratio(), g.wanted(), g.met() ? "**yes**" : "no"));
        }
        return s.toString();
    }

    private static Predicate<AnnBench.Row> ours(String system) {
        return r -> !r.anchor() && r.system().equals(system);
    }

    private static Predicate<AnnBench.Row> theirs(String part) {
        return r -> r.anchor() && r.system().contains(part);
    }

    /** The fastest row of {@code which} reaching {@code target}, or null. */
    private static AnnBench.Row best(List<AnnBench.Row> rows, String m, double target, Predicate<AnnBench.Row> which) {
        AnnBench.Row best = null;
        for (AnnBench.Row r : rows) {
            if (r.metric().equals(m) && which.test(r) && r.recall10() >= target - 5e-5
                    && (best == null || r.qps1() > best.qps1())) {
                best = r;
            }
        }
        return best;
    }

    private static boolean any(List<AnnBench.Row> rows, String m, Predicate<AnnBench.Row> which) {
        return rows.stream().anyMatch(r -> r.metric().equals(m) && which.test(r));
    }

    private static void speed(List<Goal> goals, List<AnnBench.Row> rows, String m, double target, String oursName,
                              Predicate<AnnBench.Row> ours, String theirsName, Predicate<AnnBench.Row> theirs,
                              double wanted) {
        if (!any(rows, m, ours) || !any(rows, m, theirs)) {
            return;
        }
        String goal = String.format(Locale.ROOT, "%s ≥ %s× %s at recall@10 ≥ %s", oursName, trim(wanted), theirsName,
                trim(target));
        AnnBench.Row a = best(rows, m, target, ours);
        AnnBench.Row b = best(rows, m, target, theirs);
        if (a == null || b == null) {
            goals.add(new Goal(m, goal, (a == null ? oursName : theirsName) + " does not reach " + trim(target)
                    + " in this run", a == null ? 0 : Double.POSITIVE_INFINITY, wanted));
            return;
        }
        double wall = a.qps1() / b.qps1();
        double cpu = a.qpsCpu() / b.qpsCpu();
        boolean byCpu = Double.isFinite(cpu);
        goals.add(new Goal(m, goal, String.format(Locale.ROOT,
                "%s (%.4f): %s QPS, %s by CPU vs %s %s (%.4f): %s QPS, %s by CPU; wall-clock ratio %.2f×%s",
                a.settings(), a.recall10(), AnnBench.qps(a.qps1()), AnnBench.qps(a.qpsCpu()), b.system(), b.settings(),
                b.recall10(), AnnBench.qps(b.qps1()), AnnBench.qps(b.qpsCpu()), wall,
                byCpu ? ", judged by CPU time" : ", judged by wall clock"), byCpu ? cpu : wall, wanted));
    }

    private static void build(List<Goal> goals, List<AnnBench.Row> rows, String m, String oursName,
                              Predicate<AnnBench.Row> ours, String theirsName, Predicate<AnnBench.Row> theirs,
                              double wanted) {
        AnnBench.Row a = rows.stream().filter(r -> r.metric().equals(m) && ours.test(r)).findFirst().orElse(null);
        AnnBench.Row b = rows.stream().filter(r -> r.metric().equals(m) && theirs.test(r)).findFirst().orElse(null);
        if (a == null || b == null) {
            return;
        }
        String goal = wanted < 1 ? String.format(Locale.ROOT, "%s ≤ %s× %s", oursName, trim(1 / wanted), theirsName)
                : String.format(Locale.ROOT, "%s ≥ %s× faster than %s", oursName, trim(wanted), theirsName);
        goals.add(new Goal(m, goal, String.format(Locale.ROOT, "%.1f s vs %.1f s", a.buildSeconds(), b.buildSeconds()),
                b.buildSeconds() / a.buildSeconds(), wanted));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v)
                .replaceAll("0+$", "");
    }
}
