package org.recsys4j.examples.cli;

import org.recsys4j.core.data.InteractionStats;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.examples.topn.BaselineTable;
import org.recsys4j.examples.topn.Baselines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The README's main command: loads a MovieLens data set (downloading ml-latest-small when no
 * {@code --data} is given), prints its statistics and the load report, then the protocol T table
 * of the baselines.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Load MovieLens, print its statistics and the protocol T table of the baselines.")
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    BaselineOptions baselines;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        int threads = baselines.threads();
        double[] lambdas = baselines.easeLambdas();
        int userNeighbours = baselines.userNeighbours();
        PrintStream out = System.out;
        long t0 = System.nanoTime();
        MovieLensData d = data.load(out);
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "Recsys4J demo: %s (%s), loaded in %.2f s%n", d.dir(), d.format(), loadSeconds);
        out.println(d.report().summary());
        ItemCatalog catalog = d.catalog();
        out.println(describe(catalog));
        out.print(InteractionStats.of(d.ratings()).describe());

        LeaveLastOutTask task = Tasks.leaveLastOut(d);
        out.printf(Locale.ROOT, "%nProtocol T (leave-last-out, full ranking, ties count against the model): "
                + "%d users, %d items, %d train interactions%n%n", task.numCases(), task.universeSize(), task.train().size());
        RankingEvaluator evaluator = RankingEvaluator.builder().threads(threads).build();
        out.println(BaselineTable.header());
        BaselineTable.run(task, Baselines.standard(threads, userNeighbours, lambdas), evaluator,
                row -> out.println(BaselineTable.markdown(row)));
        out.printf(Locale.ROOT, "%nDone in %.1f s. Protocols: ../shared/protocols.md; figures: docs/evaluation.md%n",
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    static String describe(ItemCatalog c) {
        int noYear = 0;
        int noGenre = 0;
        int tagged = 0;
        for (int i = 0; i < c.size(); i++) {
            noYear += c.year(i).isEmpty() ? 1 : 0;
            noGenre += c.genres(i).length == 0 ? 1 : 0;
            tagged += c.tags(i).isEmpty() ? 0 : 1;
        }
        return String.format(Locale.ROOT, "catalogue: %,d items, %d genres, %d without a release year, "
                + "%d without genres, %d with tags", c.size(), c.genreVocabulary().size(), noYear, noGenre, tagged);
    }
}
