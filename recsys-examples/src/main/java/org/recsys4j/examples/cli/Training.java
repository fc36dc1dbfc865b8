package org.recsys4j.examples.cli;

import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
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
            throw new UserError("cannot load " + dir + ": " + e.getMessage());
        }
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
            throw new UserError(e.getMessage());
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
