package org.recsys4j.examples.cli;

import org.recsys4j.core.synth.SyntheticMovieLens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code generate}: writes synthetic ml-latest-format data (ratings.csv, movies.csv, links.csv) with
 * planted user and item clusters, for tests and scale benchmarks. The defaults give the ml-25m shape.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write synthetic MovieLens-format data with planted clusters (default: the ml-25m shape).")
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to write into (created if needed).")
    Path out;

    @Option(names = "--users", paramLabel = "N", defaultValue = "162541", description = "Users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--items", paramLabel = "N", defaultValue = "59047", description = "Items (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--ratings", paramLabel = "N", defaultValue = "25000095", description = "Ratings (default: ${DEFAULT-VALUE}).")
    long ratings;

    @Option(names = "--clusters", paramLabel = "N", defaultValue = "20", description = "User/item clusters (default: ${DEFAULT-VALUE}).")
    int clusters;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        SyntheticMovieLens gen;
        try {
            gen = SyntheticMovieLens.builder(users, items, ratings, seed).withClusters(clusters).build();
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            // the builder names its fields as the options are named, without the dashes
            throw new UserError(m.matches("(users|items|ratings|clusters|seed)\\b.*") ? "--" + m : m);
        }
        Checks.writableFolder("--out", out);
        long t0 = System.nanoTime();
        gen.writeLatestCsv(out);
        System.out.printf(Locale.ROOT, "wrote %s into %s in %.1f s%n", gen, out, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
