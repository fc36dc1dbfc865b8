package org.recsys4j.examples.topn;

import org.recsys4j.core.baseline.Ease;
import org.recsys4j.core.baseline.ItemKnn;
import org.recsys4j.core.baseline.ItemPop;
import org.recsys4j.core.baseline.UserKnn;
import org.recsys4j.embedding.mf.ImplicitAls;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The foundation baselines and iALS at the settings the demo, the benchmarks and the docs use.
 */
public final class Baselines {
    private Baselines() {
    }

    /**
     * Returns ItemPop, ItemKNN (cosine, full neighbourhood, as the numpy anchor), UserKNN, one EASE
     * entry per λ, and iALS at the anchor's setting (f=64, reg=0.1, α=10, 15 iterations) with the exact
     * solver (the anchor's method) and with conjugate gradient.
     */
    public static List<BaselineTable.Entry> standard(int threads, int userNeighbours, double... easeLambdas) {
        List<BaselineTable.Entry> list = new ArrayList<>();
        list.add(new BaselineTable.Entry("ItemPop", "train counts", train -> ItemPop.create().fit(train)));
        list.add(new BaselineTable.Entry("ItemKNN", "cosine, all neighbours",
                train -> ItemKnn.builder().withThreads(threads).build().fit(train)));
        list.add(new BaselineTable.Entry("UserKNN", "cosine, " + userNeighbours + " neighbours",
                train -> UserKnn.builder().withNeighbours(userNeighbours).withThreads(threads).build().fit(train)));
        for (double l : easeLambdas) {
            list.add(ease(threads, l, Ease.Solver.AUTO));
        }
        list.add(ials(threads, 64, 0.1, 10.0, 15, ImplicitAls.Solver.EXACT));
        list.add(ials(threads, 64, 0.1, 10.0, 15, ImplicitAls.Solver.CONJUGATE_GRADIENT));
        return list;
    }

    /**
     * Returns an EASE entry with the given solver; its settings read {@code λ=L} for AUTO and
     * {@code λ=L, primal} / {@code λ=L, dual} otherwise.
     */
    public static BaselineTable.Entry ease(int threads, double lambda, Ease.Solver solver) {
        String settings = "λ=" + fmt(lambda) + (solver == Ease.Solver.AUTO ? "" : ", " + solver.name().toLowerCase(Locale.ROOT));
        return new BaselineTable.Entry("EASE", settings,
                train -> Ease.builder().withLambda(lambda).withSolver(solver).withThreads(threads).build().fit(train));
    }

    /**
     * Returns an iALS entry (seed 0, init normal(0, 0.01) as the anchor); its anchor name is the numpy
     * anchor's {@code iALS f=F reg=R a=A}, for either solver.
     */
    public static BaselineTable.Entry ials(int threads, int factors, double reg, double alpha, int iterations,
                                           ImplicitAls.Solver solver) {
        String how = solver == ImplicitAls.Solver.EXACT ? "exact"
                : "CG " + ImplicitAls.DEFAULT_CG_STEPS + " steps";
        String settings = "f=" + factors + ", reg=" + fmt(reg) + ", α=" + fmt(alpha) + ", " + iterations + " it, " + how;
        String anchor = "iALS f=" + factors + " reg=" + reg + " a=" + alpha;
        return new BaselineTable.Entry("iALS", settings, train -> ImplicitAls.builder().withFactors(factors)
                .withRegularization(reg).withAlpha(alpha).withIterations(iterations).withSolver(solver)
                .withThreads(threads).build().fit(train), anchor);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
