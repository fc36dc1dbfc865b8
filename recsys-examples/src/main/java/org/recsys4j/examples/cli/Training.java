package org.recsys4j.examples.cli;

import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.io.LoadReport;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.examples.train.Fingerprint;
import org.recsys4j.examples.train.Progress;
import org.recsys4j.examples.train.ServingModels;
import org.recsys4j.examples.train.TrainingReport;
import org.recsys4j.examples.train.TrainingSettings;
import org.recsys4j.examples.train.WorkDir;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The shared first half of {@code train}, {@code serve} and {@code demo}: data, then the models from the work folder. */
final class Training {
    /**
     * What {@link #run} produced.
     *
     * @param data          the loaded data
     * @param models        the trained (or reused) models
     * @param settings      the training settings
     * @param work          the work folder
     * @param dataSeconds   seconds to find, fingerprint and load the data
     * @param modelSeconds  seconds to train or load the models
     */
    record Trained(MovieLensData data, ServingModels models, TrainingSettings settings, WorkDir work, double dataSeconds,
                   double modelSeconds) {
    }

    private Training() {
    }

    /**
     * Throws a {@link UserError} that says how many rows there are and which filter removed them when
     * the data cannot train the demo's models: no rating at all; no user with two liked ratings (rating
     * at least {@link ServingModels#LIKED}, what item2vec, DeepWalk, Node2vec, implicit ALS and item-CF
     * learn from); no rating with {@link SampleSpec#minPriorEvents() two} earlier ratings of its
     * user (protocol C's samples, what DeepFM learns from).
     */
    static void explainUntrainable(MovieLensData data, Path dir) {
        Interactions r = data.ratings();
        String file = data.format().ratingsFile();
        LoadReport.FileReport f = data.report().file(file).orElse(null);
        if (r.size() == 0) {
            throw new UserError(dir + ": no ratings to train on: " + file + (f == null || f.rowsRead() == 0
                    ? " has no data rows" : " kept 0 of " + f.rowsRead() + " rows (" + data.report().oneLine() + ")"));
        }
        int[] likedPerUser = new int[r.numUsers()];
        int[] perUser = new int[r.numUsers()];
        long liked = 0;
        for (int k = 0; k < r.size(); k++) {
            perUser[r.user(k)]++;
            if (r.value(k) >= ServingModels.LIKED) {
                likedPerUser[r.user(k)]++;
                liked++;
            }
        }
        long usersWithTwoLiked = java.util.Arrays.stream(likedPerUser).filter(c -> c >= 2).count();
        String kept = count(r.size(), "rating") + " by " + count(r.numUsers(), "user") + " kept from " + file
                + (f != null && f.skippedTotal() > 0 ? " (" + f.skippedTotal() + " rows skipped)" : "");
        if (usersWithTwoLiked == 0) {
            throw new UserError(String.format(Locale.ROOT, "%s: %s, but no user has two liked ratings: the filter rating "
                    + ">= %s keeps %,d of them, and item2vec, DeepWalk, Node2vec, implicit ALS and item-CF learn from "
                    + "the liked ratings of users with at least two", dir, kept, ServingModels.LIKED, liked));
        }
        int minPrior = SampleSpec.protocolC().minPriorEvents();
        long samples = 0;
        for (int c : perUser) {
            samples += Math.max(0, c - minPrior);
        }
        if (samples == 0) {
            throw new UserError(String.format(Locale.ROOT, "%s: %s, but DeepFM (protocol C) learns from ratings with at "
                    + "least %d earlier ratings of the same user, and none has (the most active user has %d ratings)",
                    dir, kept, minPrior, java.util.Arrays.stream(perUser).max().orElse(0)));
        }
    }

    private static String describe(MovieLensData data) {
        return count(data.ratings().size(), "rating") + " by " + count(data.ratings().numUsers(), "user") + ", "
                + count(data.catalog().size(), "movie") + "; too few for the training splits";
    }

    private static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    /**
     * Checks every option of a training command before any work (the order puts the cheap checks
     * first: settings, the data folder and its layout, then the work folder, which it creates).
     */
    static void check(DataOptions dataOptions, TrainingOptions options) {
        options.settings();
        dataOptions.check();
        options.check();
    }

    static Trained run(DataOptions dataOptions, TrainingOptions options, PrintStream out) {
        TrainingSettings settings = options.settings();
        WorkDir work = options.workDir();
        Progress progress = options.progress(out);
        long t0 = System.nanoTime();
        Path dir = dataOptions.resolve(out, progress);
        MovieLensData data;
        String dataKey;
        try (Progress.Step step = progress.start("load data", 0, "")) {
            data = MovieLens.load(dir, dataOptions.loadOptions());
            dataKey = Fingerprint.of("data", 1).add("folder", Fingerprint.ofFolder(dir)).add("options", dataOptions.loadOptions())
                    .hex();
            step.message(String.format(Locale.ROOT, "%,d ratings", data.ratings().size()));
        } catch (IOException e) {
            throw new UserError("cannot load " + dir + ": " + org.recsys4j.core.util.ErrorText.describe(e));
        }
        explainUntrainable(data, dir);
        double dataSeconds = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "data: %s (%s): %,d users, %,d movies, %,d ratings; %s%n", dir, data.format(),
                data.ratings().numUsers(), data.catalog().size(), data.ratings().size(), data.report().oneLine());
        out.printf(Locale.ROOT, "models: %s%n", work.root() == null ? "trained now, not saved (--no-save)"
                : "work folder " + work.root().toAbsolutePath().normalize() + " (reused while their inputs are unchanged)");
        long t1 = System.nanoTime();
        ServingModels models;
        try {
            models = ServingModels.obtain(data, dataKey, settings, work, progress);
        } catch (UncheckedIOException e) {
            throw new UserError(org.recsys4j.core.util.ErrorText.describe(e.getCause() != null ? e.getCause() : e));
        } catch (IllegalArgumentException e) {
            // the settings were checked before: what a trainer refuses now is the data (too few ratings for a split)
            throw new UserError("cannot train on " + dir + " (" + describe(data) + "): " + e.getMessage());
        }
        double modelSeconds = (System.nanoTime() - t1) / 1e9;
        List<WorkDir.Entry> entries = models.entries();
        long reused = entries.stream().filter(WorkDir.Entry::reused).count();
        out.printf(Locale.ROOT, "%nmodels ready in %.1f s (%d of %d artifacts reused):%n", modelSeconds, reused, entries.size());
        TrainingReport.printSummary(out, entries);
        if (work.root() != null) {
            Path plots = work.root().resolve("plots");
            // loss curves: drawn when something was trained, or when they are missing
            if (reused < entries.size() || !Files.exists(plots.resolve("loss-deepfm.png"))) {
                try {
                    List<Path> files = TrainingReport.writeLossCurves(plots, entries);
                    out.printf(Locale.ROOT, "loss curves: %s%n", files.isEmpty() ? "none recorded" : plots.toAbsolutePath().normalize());
                } catch (IOException | RuntimeException e) {
                    out.println("loss curves not drawn: " + e.getMessage());
                }
            }
        }
        return new Trained(data, models, settings, work, dataSeconds, modelSeconds);
    }
}
