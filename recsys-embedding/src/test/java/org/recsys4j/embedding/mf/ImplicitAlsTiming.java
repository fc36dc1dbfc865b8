package org.recsys4j.embedding.mf;

import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;

import java.nio.file.Path;

/**
 * Times iALS fits at the anchor's setting on a MovieLens folder. Not a test; run by hand:
 * <pre>
 * java -cp recsys-embedding/target/classes:recsys-embedding/target/test-classes:recsys-core/target/classes:$FASTUTIL \
 *     org.recsys4j.embedding.mf.ImplicitAlsTiming ../shared/data/ml-100k threads [exact|cg] [repeats]
 * </pre>
 */
public final class ImplicitAlsTiming {
    private ImplicitAlsTiming() {
    }

    /** Runs the timing; arguments as in the class comment. */
    public static void main(String[] args) throws Exception {
        LeaveLastOutTask task = LeaveLastOutTask.of(MovieLens.load(Path.of(args[0]), LoadOptions.lenient()).ratings());
        int threads = Integer.parseInt(args[1]);
        ImplicitAls.Solver s = args.length > 2 && args[2].equals("cg") ? ImplicitAls.Solver.CONJUGATE_GRADIENT
                : ImplicitAls.Solver.EXACT;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        for (int r = 0; r < repeats; r++) {
            ImplicitAlsModel m = ImplicitAls.builder().withFactors(64).withRegularization(0.1).withAlpha(10)
                    .withIterations(15).withSolver(s).withThreads(threads).build().fit(task.train());
            System.out.printf("%s threads %d: fit %.3f s%n", s, threads, m.fitSeconds());
        }
    }
}
