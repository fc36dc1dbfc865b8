package org.recsys4j.examples.cli;

import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.io.LoadReport;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.examples.server.ServingData;
import org.recsys4j.examples.train.EventCtr;
import org.recsys4j.examples.train.EventModels;
import org.recsys4j.examples.train.EventSettings;
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
     * @param progress      how the command shows the progress of long steps (serving's start reports there too)
     */
    record Trained(MovieLensData data, ServingModels models, TrainingSettings settings, WorkDir work, double dataSeconds,
                   double modelSeconds, Progress progress) {
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

    /**
     * Checks the options of {@code train --events FILE --items FILE} before any work: no MovieLens option is mixed
     * in, the training settings, your data's files, mapping and policy, then the work folder.
     */
    static EventDataOptions.Checked checkYourData(DataOptions dataOptions, EventDataOptions yours, TrainingOptions options,
                                                  EventModelOptions models) {
        List<String> movieLens = dataOptions.movieLensOptionsGiven();
        if (!movieLens.isEmpty()) {
            throw new UserError(String.join(", ", movieLens) + " and --events: train on a MovieLens folder or on your "
                    + "own data (--events, --items), not both");
        }
        options.settings();
        models.settings();
        EventDataOptions.Checked checked = yours.check();
        options.check();
        return checked;
    }

    /** The work folder's subfolder of the models of your own data (the demo's stay in the folder itself). */
    static final String YOUR_DATA_FOLDER = "events";

    /**
     * {@code train --events FILE --items FILE}: reads your data, applies the feedback policy and obtains
     * {@link EventModels} in the work folder's {@value #YOUR_DATA_FOLDER} subfolder; prints what was trained and,
     * as a first look, the items most similar to the most interacted one by item2vec and by item-CF.
     */
    static YourTrained runYourData(DataOptions dataOptions, EventDataOptions yours, TrainingOptions options,
                                   EventModelOptions modelOptions, PrintStream out) throws IOException {
        long t0 = System.nanoTime();
        TrainingSettings settings = options.settings();
        EventSettings eventSettings = modelOptions.settings();
        WorkDir work = options.workDir(YOUR_DATA_FOLDER);
        Progress progress = options.progress(out);
        EventData data = yours.load(dataOptions.loadOptions(), out);
        Interactions x = data.interactions();
        if (x.size() == 0) {
            throw new UserError(data.eventsFile() + ": no interactions to train on (" + data.feedback().report().summary()
                    + ")");
        }
        org.recsys4j.embedding.seq.SequenceCorpus sessions;   // built once: checked here, item2vec learns from it
        try {
            sessions = EventModels.sessions(x);   // x is not empty, so ItemSequences fails, saying why, when none is left
        } catch (IllegalArgumentException e) {
            throw new UserError(String.format(Locale.ROOT, "%s: %,d interactions by %,d users, but no user has two "
                    + "interactions at most %d minutes apart: item2vec learns from such sessions and has nothing to learn "
                    + "from (%s; %s)", data.eventsFile(), x.size(), x.numUsers(), EventModels.SESSION_GAP_SECONDS / 60,
                    data.feedback().report().summary(), e.getMessage()));
        }
        out.printf(Locale.ROOT, "models: %s%n", work.root() == null ? "trained now, not saved (--no-save)"
                : "work folder " + work.root().toAbsolutePath().normalize() + " (reused while their inputs are unchanged)");
        long t1 = System.nanoTime();
        double dataSeconds = (t1 - t0) / 1e9;
        EventModels models;
        try {
            models = EventModels.obtain(new EventModels.Input(data.log(), data.policy(), data.catalog(), x, data.key()),
                    sessions, settings, eventSettings, work, progress);
        } catch (UncheckedIOException e) {
            throw new UserError(org.recsys4j.core.util.ErrorText.describe(e.getCause() != null ? e.getCause() : e));
        } catch (IllegalArgumentException e) {
            // the settings were checked before: what a trainer refuses now is the data
            throw new UserError("cannot train on " + data.eventsFile() + " (" + String.format(Locale.ROOT,
                    "%,d interactions by %,d users", x.size(), x.numUsers()) + "): " + e.getMessage());
        }
        List<WorkDir.Entry> entries = models.entries();
        long reused = entries.stream().filter(WorkDir.Entry::reused).count();
        out.printf(Locale.ROOT, "%nmodels ready in %.1f s (%d of %d artifacts reused):%n", (System.nanoTime() - t1) / 1e9,
                reused, entries.size());
        TrainingReport.printSummary(out, entries);
        if (work.root() != null && reused < entries.size()) {
            try {
                List<Path> files = TrainingReport.writeLossCurves(work.root().resolve("plots"), entries);
                out.printf(Locale.ROOT, "loss curves: %s%n", files.isEmpty() ? "none recorded"
                        : work.root().resolve("plots").toAbsolutePath().normalize());
            } catch (IOException | RuntimeException e) {
                out.println("loss curves not drawn: " + e.getMessage());
            }
        }
        printCtr(out, models);
        if (models.sequenceModel().isEmpty()) {
            out.printf(Locale.ROOT, "sequence model (pipeline %s): none: %s%n", ServingData.SEQ_PIPELINE,
                    models.sequenceSkipped());
        }
        printFirstLook(out, data, models);
        return new YourTrained(data, models, settings, dataSeconds, (System.nanoTime() - t1) / 1e9, progress);
    }

    /**
     * What {@link #runYourData} produced, for {@code serve --events FILE --items FILE}.
     *
     * @param data         your data as read, with the policy's interactions
     * @param models       the models
     * @param settings     the training settings
     * @param dataSeconds  the time reading took
     * @param modelSeconds the time the models took (loading or training)
     * @param progress     how the command shows the progress of long steps
     */
    record YourTrained(EventData data, EventModels models, TrainingSettings settings, double dataSeconds,
                       double modelSeconds, Progress progress) {
    }

    /**
     * Prints the CTR ranker: its model, label rule, attributes and samples, and its test AUC against the popularity
     * baseline's on the same held-out time split; or why there is none.
     */
    static void printCtr(PrintStream out, EventModels models) {
        if (models.ctr().isEmpty()) {
            out.printf(Locale.ROOT, "%nctr ranker: none: %s%n", models.ctrSkipped());
            return;
        }
        EventCtr ctr = models.ctr().get();
        org.recsys4j.core.sample.SampleSpec spec = ctr.spec();
        out.printf(Locale.ROOT, "%nctr ranker %s: %s on %,d samples (fit %,d, validation %,d, test %,d: the latest %d%% "
                        + "of the seconds held out); label %s; item attributes %s; favourites %s%n", ctr.rankerName(),
                ctr.type(), ctr.data().samples().size(), ctr.data().fit().size(), ctr.data().validation().size(),
                ctr.data().test().size(), 100 - 100 * spec.trainNum() / spec.trainDen(), spec.labelRule(),
                spec.itemAttributes(), spec.favourites());
        out.printf(Locale.ROOT, "  test AUC %.4f, popularity baseline %.4f (%+.4f)%n", ctr.testAuc(), ctr.popularityAuc(),
                ctr.testAuc() - ctr.popularityAuc());
    }

    /** Prints the 5 items nearest to the most interacted item, by item2vec (cosine) and by item-CF. */
    private static void printFirstLook(PrintStream out, EventData data, EventModels models) {
        Interactions x = data.interactions();
        int[] count = new int[x.numItems()];
        for (int k = 0; k < x.size(); k++) {
            count[x.item(k)]++;
        }
        int top = 0;
        for (int i = 1; i < count.length; i++) {
            top = count[i] > count[top] ? i : top;
        }
        String id = x.items().id(top);
        out.printf(Locale.ROOT, "%nfirst look: the items most like %s, the most interacted item (%,d users)%n",
                label(data, id), count[top]);
        org.recsys4j.core.data.EmbeddingTable v = models.itemVectors().get("item2vec");
        int row = v.ids().indexOf(id);
        List<String> similar = new java.util.ArrayList<>();
        if (row >= 0) {
            org.recsys4j.recall.index.Neighbors n = models.indexes().get("item2vec").search(v.vector(row), 6);
            for (int r = 0; r < n.size() && similar.size() < 5; r++) {
                String other = models.indexes().get("item2vec").ids().id(n.rows()[r]);
                if (!other.equals(id)) {
                    similar.add(label(data, other));
                }
            }
        }
        out.println("  item2vec: " + (similar.isEmpty() ? "(no vector: the item is in no session of two items)"
                : String.join(", ", similar)));
        List<String> cf = new java.util.ArrayList<>();
        int[] nb = models.itemCf().neighbors(top);
        for (int r = 0; r < nb.length && cf.size() < 5; r++) {
            cf.add(label(data, x.items().id(nb[r])));
        }
        out.println("  item-cf:  " + (cf.isEmpty() ? "(no neighbours)" : String.join(", ", cf)));
    }

    /** Returns {@code id} and, when the catalogue has a text attribute, the item's first one: {@code sku-1 (Blue Boot)}. */
    private static String label(EventData data, String id) {
        org.recsys4j.core.data.ItemCatalog c = data.catalog();
        int i = c.items().indexOf(id);
        for (org.recsys4j.core.data.ItemAttribute a : c.attributes()) {
            if (i >= 0 && a.type() == org.recsys4j.core.data.AttributeType.TEXT) {
                return a.textAt(i).filter(t -> !t.isBlank()).map(t -> id + " (" + t + ")").orElse(id);
            }
        }
        return id;
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
        return new Trained(data, models, settings, work, dataSeconds, modelSeconds, progress);
    }
}
