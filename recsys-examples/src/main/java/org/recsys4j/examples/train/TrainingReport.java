package org.recsys4j.examples.train;

import org.recsys4j.examples.report.Plots;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the demo's training did, for people: a summary table of the artifacts (trained or reused, time,
 * size, file, the headline figure of each) and training-loss curves drawn from the losses the trainers
 * reported (saved with each artifact, so they are drawn on a reuse too).
 */
public final class TrainingReport {
    private TrainingReport() {
    }

    /**
     * Prints one line per artifact; an artifact reused although its file is not the one it was saved as (replaced
     * by hand) says so.
     *
     * @param out     where to print
     * @param entries what the work folder did ({@link ServingModels#entries()})
     */
    public static void printSummary(PrintStream out, List<WorkDir.Entry> entries) {
        out.printf(Locale.ROOT, "  %-15s %-8s %8s %9s  %-17s %s%n", "artifact", "status", "seconds", "size", "file", "figures");
        for (WorkDir.Entry e : entries) {
            out.printf(Locale.ROOT, "  %-15s %-8s %8.2f %9s  %-17s %s%n", e.name(), e.reused() ? "reused" : "trained",
                    e.seconds(), e.file() == null ? "-" : bytes(e.bytes()), e.file() == null ? "(not saved)" : e.file().getFileName(),
                    figures(e.notes()) + (e.reused() && !e.why().isEmpty() ? " [" + e.why() + "]" : ""));
        }
    }

    /**
     * Returns the headline figures of an artifact's notes: first → last loss (per epoch or iteration), vectors, test AUC,
     * a sequence model's validation NDCG@10 at its best epoch.
     */
    static String figures(Map<String, String> notes) {
        List<String> parts = new ArrayList<>();
        if (notes.containsKey("vectors")) {
            parts.add(notes.get("vectors") + " vectors");
        }
        double[] loss = values(notes.get("loss"));
        if (loss.length > 0) {
            parts.add(String.format(Locale.ROOT, "loss %.4g -> %.4g", loss[0], loss[loss.length - 1]));
        }
        if (notes.containsKey("testAuc")) {
            parts.add(String.format(Locale.ROOT, "test AUC %.4f (best epoch %s)", Double.parseDouble(notes.get("testAuc")),
                    notes.getOrDefault("bestEpoch", "?")));
        }
        double[] ndcg = values(notes.get("validationNdcg"));
        if (ndcg.length > 0 && notes.containsKey("bestEpoch")) {   // a sequence model: early-stopped on validation NDCG@10
            int best = Integer.parseInt(notes.get("bestEpoch"));
            parts.add(String.format(Locale.ROOT, "val NDCG@10 %.4f (best epoch %d of %d)",
                    best >= 1 && best <= ndcg.length ? ndcg[best - 1] : Double.NaN, best, ndcg.length));
        }
        return String.join(", ", parts);
    }

    /**
     * Draws the training-loss curves into {@code dir}: {@code loss-word2vec.png} (item2vec, DeepWalk,
     * Node2vec: the mean loss of each epoch), {@code loss-ials.png} (objective per
     * iteration) and {@code loss-deepfm.png} (train and validation log-loss per epoch). A chart whose
     * losses are unknown is skipped.
     *
     * @param dir     the folder (created if needed)
     * @param entries what the work folder did
     * @return the files written
     * @throws IOException if a file cannot be written
     */
    public static List<Path> writeLossCurves(Path dir, List<WorkDir.Entry> entries) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        List<Plots.Series> w2v = new ArrayList<>();
        List<Plots.Series> ials = new ArrayList<>();
        List<Plots.Series> ctr = new ArrayList<>();
        for (WorkDir.Entry e : entries) {
            Map<String, String> n = e.notes();
            double[] loss = values(n.get("loss"));
            switch (e.name()) {
                case "item2vec", "deepwalk", "node2vec" -> {
                    double[] at = values(n.get("lossAtEpoch"));
                    if (loss.length > 0 && at.length == loss.length) {
                        w2v.add(new Plots.Series(e.name(), at, loss));
                    }
                }
                case "als" -> {
                    if (loss.length > 0) {
                        ials.add(new Plots.Series("implicit ALS", iota(loss.length), loss));
                    }
                }
                case "deepfm" -> {
                    double[] train = values(n.get("trainLoss"));
                    double[] val = values(n.get("validationLoss"));
                    if (train.length > 0 && val.length == train.length) {
                        ctr.add(new Plots.Series("train log-loss", iota(train.length), train));
                        ctr.add(new Plots.Series("validation log-loss", iota(val.length), val));
                    }
                }
                default -> { }
            }
        }
        if (!w2v.isEmpty()) {
            Path f = dir.resolve("loss-word2vec.png");
            Plots.lines(f, new Plots.Axes("Skip-gram training loss (mean per pair over each epoch)", "epoch", false,
                    "loss", false), w2v);
            written.add(f);
        }
        if (!ials.isEmpty()) {
            Path f = dir.resolve("loss-ials.png");
            Plots.lines(f, new Plots.Axes("Implicit ALS objective per iteration", "iteration", false, "objective", true), ials);
            written.add(f);
        }
        if (!ctr.isEmpty()) {
            Path f = dir.resolve("loss-deepfm.png");
            Plots.lines(f, new Plots.Axes("DeepFM on protocol C: log-loss per epoch", "epoch", false, "log-loss", false), ctr);
            written.add(f);
        }
        return written;
    }

    private static double[] iota(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    /** Parses a comma-separated list of numbers; empty for null or blank. */
    static double[] values(String csv) {
        if (csv == null || csv.isBlank()) {
            return new double[0];
        }
        String[] parts = csv.split(",");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Double.parseDouble(parts[i].trim());
        }
        return v;
    }

    private static String bytes(long b) {
        if (b >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MB", b / 1048576.0);
        }
        return String.format(Locale.ROOT, "%.0f kB", b / 1024.0);
    }
}
