package org.recsys4j.examples.topn;

import org.recsys4j.core.baseline.Ease;
import org.recsys4j.core.baseline.ItemKnn;
import org.recsys4j.core.baseline.ItemPop;
import org.recsys4j.core.baseline.UserKnn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The four foundation baselines at the settings the demo and the docs use. */
public final class Baselines {
    private Baselines() {
    }

    /**
     * Returns ItemPop, ItemKNN (cosine, full neighbourhood, as the numpy anchor), UserKNN and one EASE
     * entry per λ.
     */
    public static List<BaselineTable.Entry> standard(int threads, int userNeighbours, double... easeLambdas) {
        List<BaselineTable.Entry> list = new ArrayList<>();
        list.add(new BaselineTable.Entry("ItemPop", "train counts", train -> ItemPop.builder().build().fit(train)));
        list.add(new BaselineTable.Entry("ItemKNN", "cosine, all neighbours",
                train -> ItemKnn.builder().withThreads(threads).build().fit(train)));
        list.add(new BaselineTable.Entry("UserKNN", "cosine, " + userNeighbours + " neighbours",
                train -> UserKnn.builder().withNeighbours(userNeighbours).withThreads(threads).build().fit(train)));
        for (double l : easeLambdas) {
            list.add(ease(threads, l, Ease.Solver.AUTO));
        }
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

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
