package org.recsys4j.examples.cli;

import org.recsys4j.examples.train.Progress;
import org.recsys4j.examples.train.TrainingSettings;
import org.recsys4j.examples.train.WorkDir;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** The options of every command that trains the demo's models: where artifacts go, and the training settings. */
public final class TrainingOptions {
    /** How progress is shown. */
    enum ProgressOption { AUTO, BARS, LINES, NONE }

    @Option(names = "--work", paramLabel = "DIR",
            description = "Work folder: trained models and indexes are saved here and reused while their inputs "
                    + "are unchanged (default: $RECSYS4J_WORK or ./recsys4j-work).")
    Path work;

    @Option(names = "--no-save", description = "Train everything now and save nothing (ignores --work).")
    boolean noSave;

    @Option(names = "--dim", paramLabel = "D", description = "Embedding dimension, 2 to 4096 (default: 32).")
    Integer dim;

    @Option(names = "--epochs", paramLabel = "N", description = "word2vec epochs of item2vec, DeepWalk and Node2vec, 1 to 10000 (default: 5).")
    Integer epochs;

    @Option(names = "--ctr-epochs", paramLabel = "N", description = "DeepFM epochs at most, early stopping on validation, 1 to 10000 (default: 10).")
    Integer ctrEpochs;

    @Option(names = "--seq-epochs", paramLabel = "N", description = "SASRec epochs at most, early stopping on each user's "
            + "last training item, 1 to 10000 (default: " + TrainingSettings.DEFAULT_SEQ_EPOCHS + ").")
    Integer seqEpochs;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Training threads, 1 to 1024 (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every fit (default: 42).")
    Long seed;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "AUTO",
            description = "Progress display: AUTO (bars on a terminal, lines otherwise), BARS, LINES or NONE (default: ${DEFAULT-VALUE}).")
    ProgressOption progress;

    /** Largest {@code --dim}: beyond it the vectors of a large catalogue would not fit a normal heap. */
    static final int MAX_DIM = 4096;
    /** Largest {@code --epochs}, {@code --ctr-epochs} and {@code --seq-epochs}. */
    static final int MAX_EPOCHS = 10_000;
    /** Largest {@code --threads}. */
    static final int MAX_THREADS = 1024;

    /**
     * Checks every option that needs no data, naming the bad one: the ranges of the training settings
     * (the lower bounds are {@link TrainingSettings}'), then that the work folder can be created and
     * written in (unless {@code --no-save}). Call before any work.
     */
    void check() {
        settings();
        workFolder();
    }

    /** Returns the training settings, checked (a bad value is a {@link UserError} naming the option). */
    TrainingSettings settings() {
        if (dim != null) {
            Checks.atMost("--dim", dim, MAX_DIM);
        }
        if (epochs != null) {
            Checks.atMost("--epochs", epochs, MAX_EPOCHS);
        }
        if (ctrEpochs != null) {
            Checks.atMost("--ctr-epochs", ctrEpochs, MAX_EPOCHS);
        }
        if (seqEpochs != null) {
            Checks.atMost("--seq-epochs", seqEpochs, MAX_EPOCHS);
        }
        Checks.atMost("--threads", threads, MAX_THREADS);
        TrainingSettings d = TrainingSettings.defaults();
        try {
            return new TrainingSettings(dim != null ? dim : d.dim(), epochs != null ? epochs : d.epochs(), d.walksPerNode(),
                    d.walkLength(), d.alsIterations(), ctrEpochs != null ? ctrEpochs : d.ctrEpochs(),
                    seqEpochs != null ? seqEpochs : d.seqEpochs(), threads,
                    seed != null ? seed : d.seed());
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            String option = m.startsWith("dim ") ? "--dim" : m.startsWith("epochs ") ? "--epochs"
                    : m.startsWith("ctrEpochs ") ? "--ctr-epochs" : m.startsWith("seqEpochs ") ? "--seq-epochs"
                    : m.startsWith("threads ") ? "--threads" : "settings";
            throw new UserError(option + ": " + m);
        }
    }

    /** Returns the work folder's path (null with {@code --no-save}), created and checked writable. */
    private Path workFolder() {
        if (noSave) {
            return null;
        }
        Path dir = work;
        String option = "--work";
        if (dir == null) {
            String env = System.getenv("RECSYS4J_WORK");
            boolean fromEnv = env != null && !env.isBlank();
            dir = Path.of(fromEnv ? env : "recsys4j-work");
            option = fromEnv ? "$RECSYS4J_WORK" : "the work folder (--work)";
        }
        return Checks.writableFolder(option, dir);
    }

    /** Returns the work folder ({@link WorkDir#none()} with {@code --no-save}). */
    WorkDir workDir() {
        Path dir = workFolder();
        if (dir == null) {
            return WorkDir.none();
        }
        try {
            return WorkDir.at(dir);
        } catch (IOException e) {
            throw new UserError("--work " + dir + ": " + org.recsys4j.core.util.ErrorText.describe(e));
        }
    }

    /**
     * Returns the subfolder {@code name} of the work folder ({@link WorkDir#none()} with {@code --no-save}), so the
     * artifacts of another data source do not replace the demo's.
     */
    WorkDir workDir(String name) {
        Path dir = workFolder();
        if (dir == null) {
            return WorkDir.none();
        }
        Path sub = dir.resolve(name);
        try {
            return WorkDir.at(sub);
        } catch (IOException e) {
            throw new UserError("--work " + sub + ": " + org.recsys4j.core.util.ErrorText.describe(e));
        }
    }

    /** Returns the progress display on {@code out}. */
    Progress progress(PrintStream out) {
        return switch (progress) {
            case AUTO -> Progress.auto(out);
            case BARS -> Progress.of(Progress.Mode.BARS, out);
            case LINES -> Progress.of(Progress.Mode.LINES, out);
            case NONE -> Progress.silent();
        };
    }
}
