package org.recsys4j.examples.cli;

import org.recsys4j.core.data.InteractionStats;
import org.recsys4j.core.data.ItemCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The README's main command: prepares MovieLens (downloading ml-latest-small when no {@code --data} is
 * given), trains the embeddings, the item-CF table and DeepFM and builds the vector indexes (each with
 * a progress bar, each saved to the work folder and reused on the next run while its inputs are
 * unchanged), prints what was trained and where it is saved, then serves the web pages and the JSON API
 * until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Prepare MovieLens, train the embeddings and models, build the indexes, then serve the web page.",
                "Artifacts are saved to the work folder and reused while their inputs are unchanged."})
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    TrainingOptions training;

    @Mixin
    ServeOptions serve;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        serve.check();
        Training.check(data, training);
        PrintStream out = System.out;
        out.println("Recsys4J demo: MovieLens -> item2vec, DeepWalk, Node2vec, implicit ALS, item-CF, HNSW indexes, DeepFM "
                + "-> recall, rank, re-rank -> web page");
        Training.Trained trained = Training.run(data, training, out);
        out.println(describe(trained.data().catalog()));
        out.print(InteractionStats.of(trained.data().ratings()).describe());
        out.printf(Locale.ROOT, "DeepFM ranks the multi-channel recall in the multi-deepfm pipeline: test AUC %.4f on protocol C.%n",
                trained.models().deepFmTestAuc());
        return serve.serve(trained, out, t0);
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
