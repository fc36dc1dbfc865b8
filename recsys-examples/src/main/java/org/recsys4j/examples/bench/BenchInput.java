package org.recsys4j.examples.bench;

import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.examples.cli.Checks;
import org.recsys4j.examples.cli.UserError;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The input checks every bench command shares, so that bad input ends it as every command's does: one line on
 * stderr and exit status 2 ({@link UserError}), never a stack trace or status 1. The options are checked first,
 * before any output (each command with {@link Checks}); then {@link #folders} checks every {@code --data}
 * folder before the first is loaded (a bench over two data sets does not fail after an hour on the second's
 * typo); then the command's work runs under {@link #guard}, told of each data set as it is loaded
 * ({@link #on}): an {@link IllegalArgumentException} from the library while it works on a data set can only
 * come from the data, since the options were checked (data too small for the protocol: no user with a test
 * item, no samples, one class only), and becomes an error naming the folder and its size. One instance per
 * command run; not thread-safe (the commands load their data sets one after the other).
 */
final class BenchInput {
    private final String bench;
    private Path dir;
    private String size;

    /** @param bench the command, e.g. {@code bench ials}, for the messages */
    BenchInput(String bench) {
        this.bench = Objects.requireNonNull(bench, "bench");
    }

    /** A command's work. */
    @FunctionalInterface
    interface Work {
        /** Runs the work and returns the exit status. */
        Integer run() throws Exception;
    }

    /** Checks that every folder exists and holds a MovieLens layout, naming the option and the first bad folder. */
    static void folders(String option, List<Path> dirs) {
        if (dirs == null || dirs.isEmpty()) {
            throw new UserError(option + ": give at least one folder");
        }
        for (Path d : dirs) {
            Checks.movieLensFolder(option, d);
        }
    }

    /** Records the MovieLens data set the work is on from now on. */
    void on(Path folder, MovieLensData data) {
        on(folder, describe(data));
    }

    /**
     * Records the data set the work is on from now on.
     *
     * @param folder where it was read from
     * @param size   its size, for the message, e.g. {@code 30 base vectors × 4, 4 queries}
     */
    void on(Path folder, String size) {
        dir = folder;
        this.size = size;
    }

    /**
     * Runs the command's work (its options already checked).
     *
     * @throws UserError if the work refuses the data set it is on ({@link #on}) with an
     *                   {@link IllegalArgumentException}: its message, with the folder and the data set's size
     */
    Integer guard(Work work) throws Exception {
        try {
            return work.run();
        } catch (IllegalArgumentException e) {
            if (dir == null) {
                throw e;   // not about a data set: a bug, reported as one (status 1)
            }
            throw new UserError(dir + " (" + size + "): too small for " + bench + ": " + e.getMessage());
        }
    }

    /** Describes a data set's size: ratings, users, movies. */
    static String describe(MovieLensData data) {
        return count(data.ratings().size(), "rating") + " by " + count(data.ratings().numUsers(), "user") + ", "
                + count(data.catalog().size(), "movie");
    }

    private static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }
}
