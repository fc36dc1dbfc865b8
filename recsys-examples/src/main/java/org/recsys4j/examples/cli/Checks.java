package org.recsys4j.examples.cli;

import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.util.ErrorText;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Checks of option values that every command shares (the bench commands too); each failure is a
 * {@link UserError} naming the option, so it ends the command with one line and exit status 2.
 */
public final class Checks {
    private Checks() {
    }

    /** Returns {@code value} if it is in {@code [min, max]}, else throws naming the option. */
    public static int range(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UserError(option + " " + value + ": must be in [" + min + ", " + max + "]");
        }
        return value;
    }

    /** Returns {@code value} if it is in {@code [min, max]}, else throws naming the option. */
    public static long range(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UserError(option + " " + value + ": must be in [" + min + ", " + max + "]");
        }
        return value;
    }

    /** Returns {@code value} if it is a number in {@code [min, max]}, else throws naming the option (NaN is not). */
    public static double range(String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new UserError(option + " " + value + ": must be in [" + plain(min) + ", " + plain(max) + "]");
        }
        return value;
    }

    /** A bound as written: 1 rather than 1.0. */
    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Returns {@code value} if it is a finite number in {@code (0, max]}, else throws naming the option (a learning
     * rate, a regularisation weight).
     */
    public static double positive(String option, double value, double max) {
        if (!(value > 0 && value <= max)) {   // also NaN
            throw new UserError(option + " " + value + ": must be a number in (0, " + max + "]");
        }
        return value;
    }

    /** Returns {@code value} if it is at most {@code max}, else throws naming the option. */
    static int atMost(String option, int value, int max) {
        if (value > max) {
            throw new UserError(option + " " + value + ": must be at most " + max);
        }
        return value;
    }

    /** Throws unless {@code dir} is an existing folder. */
    static Path existingFolder(String option, Path dir) {
        if (!Files.exists(dir)) {
            throw new UserError(option + " " + dir + ": no such folder");
        }
        if (!Files.isDirectory(dir)) {
            throw new UserError(option + " " + dir + ": not a folder");
        }
        return dir;
    }

    /** Throws unless {@code dir} is a folder holding a MovieLens layout ({@link MovieLens#detect}), naming what was found. */
    public static Path movieLensFolder(String option, Path dir) {
        existingFolder(option, dir);
        try {
            MovieLens.detect(dir);
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw new UserError(option + " " + dir + ": " + (e.getReason() != null ? e.getReason() : ErrorText.own(e)));
        } catch (IOException e) {
            throw new UserError(option + " " + dir + ": " + ErrorText.describe(e));
        }
        return dir;
    }

    /**
     * Makes sure {@code dir} is a folder this process can write in, creating it (and its parents) if
     * needed; throws a user error saying what went wrong, e.g. {@code --work /proc/foo: cannot create
     * the folder (/proc does not accept new folders)}.
     */
    static Path writableFolder(String option, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError(option + " " + dir + ": exists and is not a folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError(option + " " + dir + ": cannot create the folder (" + whyNot(dir, e) + ")");
        }
        try {
            Path probe = Files.createTempFile(dir, ".recsys4j-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new UserError(option + " " + dir + ": cannot write in the folder (" + whyNot(dir, e) + ")");
        }
        return dir;
    }

    /** Returns the reason of a file system failure without repeating the path. */
    private static String whyNot(Path dir, IOException e) {
        if (e instanceof NoSuchFileException) {
            Path p = dir.toAbsolutePath().normalize();
            Path existing = p.getParent();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing != null && Files.isDirectory(existing)) {
                return existing + " does not accept new folders";
            }
        }
        if (e instanceof FileSystemException f) {
            String own = ErrorText.own(f);
            String prefix = f.getFile() == null ? "" : f.getFile() + ": ";
            String reason = own.startsWith(prefix) ? own.substring(prefix.length()) : own;
            return f.getFile() != null && !Path.of(f.getFile()).toAbsolutePath().normalize()
                    .equals(dir.toAbsolutePath().normalize()) ? f.getFile() + ": " + reason : reason;
        }
        return ErrorText.describe(e);
    }
}
