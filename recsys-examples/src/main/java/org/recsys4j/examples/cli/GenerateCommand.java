package org.recsys4j.examples.cli;

import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.core.synth.SyntheticShop;
import org.recsys4j.core.util.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code generate}: writes synthetic ml-latest-format data (ratings.csv, movies.csv, links.csv) with
 * planted user and item clusters, for tests and scale benchmarks. The defaults give the ml-25m shape.
 * {@code generate shop} writes an online shop instead ({@link Shop}).
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write synthetic MovieLens-format data with planted clusters (default: the ml-25m shape).",
                "generate shop: an online shop's events.csv, items.csv and mapping.txt instead."},
        subcommands = GenerateCommand.Shop.class)
public final class GenerateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // not required = true: picocli would then demand it before the shop subcommand too
    @Option(names = "--out", paramLabel = "DIR", description = "Folder to write into (created if needed; required).")
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

    @Option(names = "--independent-genres", description = "Draw each movie's genres at random, independent of its "
            + "cluster (genres then say nothing of taste).")
    boolean independentGenres;

    @Option(names = "--blockbusters", paramLabel = "N", defaultValue = "0", description = "Cross-cluster blockbusters: "
            + "movies 0..N-1 rated by most users whatever their cluster (default: ${DEFAULT-VALUE}).")
    int blockbusters;

    @Option(names = "--blockbuster-share", paramLabel = "P", defaultValue = "0.7", description = "Probability that a "
            + "user rates a given blockbuster (default: ${DEFAULT-VALUE}).")
    double blockbusterShare;

    @Option(names = "--planted", description = "Issue 18's planted shape (SyntheticMovieLens.planted): "
            + SyntheticMovieLens.PLANTED_USERS + " users, " + SyntheticMovieLens.PLANTED_ITEMS + " movies, "
            + SyntheticMovieLens.PLANTED_RATINGS + " ratings, " + SyntheticMovieLens.PLANTED_CLUSTERS + " clusters, "
            + "independent genres, " + SyntheticMovieLens.PLANTED_BLOCKBUSTERS + " blockbusters each rated by "
            + SyntheticMovieLens.PLANTED_BLOCKBUSTER_SHARE + " of the users; an option given as well overrides its part.")
    boolean planted;

    @Override
    public Integer call() throws IOException {
        if (out == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--out=DIR'");
        }
        SyntheticMovieLens gen;
        try {
            SyntheticMovieLens.Builder b;
            if (planted) {
                // the one planted definition; the options given on the command line override its parts
                b = SyntheticMovieLens.plantedBuilder(given("--users") ? users : SyntheticMovieLens.PLANTED_USERS,
                        given("--items") ? items : SyntheticMovieLens.PLANTED_ITEMS,
                        given("--ratings") ? ratings : SyntheticMovieLens.PLANTED_RATINGS, seed);
                if (given("--clusters")) {
                    b.withClusters(clusters);
                }
                if (given("--blockbusters")) {
                    b.withBlockbusters(blockbusters);
                }
                if (given("--blockbuster-share")) {
                    b.withBlockbusterShare(blockbusterShare);
                }
            } else {
                b = SyntheticMovieLens.builder(users, items, ratings, seed).withClusters(clusters)
                        .withIndependentGenres(independentGenres).withBlockbusters(blockbusters)
                        .withBlockbusterShare(blockbusterShare);
            }
            gen = b.build();
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            // the builder names its fields as the options are named, without the dashes (camelCase -> kebab-case)
            int colon = m.indexOf(':');
            throw new UserError(colon > 0 && m.substring(0, colon).matches("users|items|ratings|clusters|seed|blockbusters"
                    + "|blockbusterShare") ? flag(m.substring(0, colon)) + m.substring(colon) : m);
        }
        Checks.writableFolder("--out", out);
        long t0 = System.nanoTime();
        gen.writeLatestCsv(out);
        System.out.printf(Locale.ROOT, "wrote %s into %s in %.1f s%n", gen, out, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult() != null && spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** Returns {@code --kebab-case} of a builder's option name, e.g. {@code --sessions-per-user}. */
    static String flag(String option) {
        return "--" + option.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /**
     * {@code generate shop}: writes an online shop with planted structure ({@link SyntheticShop}): {@code events.csv}
     * (sessions of views, carts and purchases, string ids), {@code items.csv} (categories × brands, prices, price
     * bands, tags) and {@code mapping.txt}, the mapping file that describes both for {@code train} and
     * {@code evaluate --events}, with the guide's feedback policy (view 1, cart 3, buy 10, summed per pair).
     */
    @Command(name = "shop", mixinStandardHelpOptions = true,
            description = {"Write a synthetic online shop: events.csv (sessions of view / cart / buy events), items.csv "
                    + "(categories x brands, prices) and mapping.txt (their mapping and a feedback policy), for "
                    + "train and evaluate --events (docs/your-data.md)."})
    static final class Shop implements Callable<Integer> {
        /** The name of the mapping file written next to the data. */
        static final String MAPPING_FILE = "mapping.txt";
        /** The feedback policy written into the mapping: the guide's (docs/your-data.md). */
        static final Feedback POLICY = Feedback.eventWeights(weights(), Feedback.Combine.SUM);

        private static Map<String, Double> weights() {
            Map<String, Double> w = new LinkedHashMap<>();   // in funnel order, so the file is the same at every run
            w.put("view", 1.0);
            w.put("cart", 3.0);
            w.put("buy", 10.0);
            return w;
        }

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to write into (created if "
                + "needed).")
        Path out;

        @Option(names = "--users", paramLabel = "N", defaultValue = "2000", description = "Users (default: ${DEFAULT-VALUE}).")
        int users;

        @Option(names = "--items", paramLabel = "N", defaultValue = "400", description = "Items (default: ${DEFAULT-VALUE}).")
        int items;

        @Option(names = "--categories", paramLabel = "N", defaultValue = "8", description = "Categories (default: "
                + "${DEFAULT-VALUE}).")
        int categories;

        @Option(names = "--sessions-per-user", paramLabel = "M", defaultValue = "6", description = "Mean sessions per "
                + "user (default: ${DEFAULT-VALUE}).")
        double sessionsPerUser;

        @Option(names = "--days", paramLabel = "N", defaultValue = "90", description = "Days the events span (default: "
                + "${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed (default: "
                + "${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws IOException {
            SyntheticShop shop;
            try {
                shop = SyntheticShop.builder(users, items, seed).withCategories(categories)
                        .withSessionsPerUser(sessionsPerUser).withDays(days).build();
            } catch (IllegalArgumentException e) {
                String m = String.valueOf(e.getMessage());
                int colon = m.indexOf(':');
                throw new UserError(colon > 0 && m.substring(0, colon).matches("[a-zA-Z]+")
                        ? flag(m.substring(0, colon)) + m.substring(colon) : m);
            }
            Checks.writableFolder("--out", out);
            long t0 = System.nanoTime();
            SyntheticShop.Planted planted = shop.write(out);
            String mapping = DataMapping.format(SyntheticShop.eventMapping(), SyntheticShop.catalogMapping(), POLICY,
                    List.of("The mapping of the shop `recsys4j generate shop` wrote: " + shop + ".",
                            "Use: recsys4j evaluate --events events.csv --items items.csv --mapping mapping.txt",
                            "(docs/your-data.md, \"On the command line\", lists every key).",
                            "The policy is the guide's choice: a cart counts 3 views, a purchase 10 (intent grows down the "
                                    + "funnel), summed per (user, item) pair."));
            AtomicFiles.write(out.resolve(MAPPING_FILE), mapping.getBytes(StandardCharsets.UTF_8));
            System.out.printf(Locale.ROOT, "wrote %s into %s in %.1f s: %,d events (%,d views, %,d carts, %,d purchases) "
                    + "in %,d sessions; %,d items in %d categories%n", shop, out, (System.nanoTime() - t0) / 1e9,
                    planted.events(), planted.events("view"), planted.events("cart"), planted.events("buy"),
                    planted.sessions(), items, categories);
            System.out.printf(Locale.ROOT, "files: %s, %s, %s%n", out.resolve("events.csv"), out.resolve("items.csv"),
                    out.resolve(MAPPING_FILE));
            System.out.printf(Locale.ROOT, "next: recsys4j evaluate --events %s --items %s --mapping %s%n",
                    out.resolve("events.csv"), out.resolve("items.csv"), out.resolve(MAPPING_FILE));
            return 0;
        }
    }
}
