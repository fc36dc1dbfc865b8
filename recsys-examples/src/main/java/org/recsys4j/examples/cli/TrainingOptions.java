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

    @Option(names = "--dim", paramLabel = "D", description = "Embedding dimension (default: 32).")
    Integer dim;

    @Option(names = "--epochs", paramLabel = "N", description = "word2vec epochs of item2vec, DeepWalk and Node2vec (default: 5).")
    Integer epochs;

    @Option(names = "--ctr-epochs", paramLabel = "N", description = "DeepFM epochs at most, early stopping on validation (default: 10).")
    Integer ctrEpochs;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Training threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every fit (default: 42).")
    Long seed;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "AUTO",
            description = "Progress display: AUTO (bars on a terminal, lines otherwise), BARS, LINES or NONE (default: ${DEFAULT-VALUE}).")
    ProgressOption progress;

    /** Returns the training settings, checked (a bad value is a {@link UserError} naming the option). */
    TrainingSettings settings() {
        TrainingSettings d = TrainingSettings.defaults();
        try {
            return new TrainingSettings(dim != null ? dim : d.dim(), epochs != null ? epochs : d.epochs(), d.walksPerNode(),
                    d.walkLength(), d.alsIterations(), ctrEpochs != null ? ctrEpochs : d.ctrEpochs(), threads,
                    seed != null ? seed : d.seed());
        } catch (IllegalArgumentException e) {
            throw new UserError("--dim / --epochs / --ctr-epochs / --threads: " + e.getMessage());
        }
    }

    /** Returns the work folder ({@link WorkDir#none()} with {@code --no-save}). */
    WorkDir workDir() {
        if (noSave) {
            return WorkDir.none();
        }
        Path dir = work;
        if (dir == null) {
            String env = System.getenv("RECSYS4J_WORK");
            dir = Path.of(env != null && !env.isBlank() ? env : "recsys4j-work");
        }
        try {
            return WorkDir.at(dir);
        } catch (IOException e) {
            throw new UserError("--work " + dir + ": " + e.getMessage());
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
