package org.recsys4j.examples.cli;

import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.util.ErrorText;
import org.recsys4j.examples.data.DataSetCache;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The options every command that reads MovieLens shares: where the data is and how strictly to read it. */
public final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "A MovieLens folder (ml-latest[-small], ml-100k, ml-1m or ml-10m; format auto-detected). "
                    + "Without it the data set named by --dataset is downloaded into the cache.")
    Path data;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "ml-latest-small",
            description = "The GroupLens archive to download when --data is absent (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Download cache (default: $RECSYS4J_CACHE or ~/.cache/recsys4j).")
    Path cache;

    @Option(names = "--sha256", paramLabel = "HEX", description = "Pin the SHA-256 the downloaded archive must have.")
    String sha256;

    @Option(names = "--base-url", paramLabel = "URL", hidden = true, description = "Where archives are downloaded from.")
    URI baseUrl = DataSetCache.GROUPLENS;

    @Option(names = "--strict", description = "Fail on the first bad row instead of skipping and reporting bad rows "
            + "(lenient mode still fails when a file is unusable or keeps fewer than half its rows).")
    boolean strict;

    /**
     * Checks the options before any work: {@code --data} is a folder holding a known MovieLens layout;
     * without it, the data set name, the pinned checksum, the download URL and (when the data set is
     * not cached yet) that the cache folder can be written.
     */
    void check() {
        if (data != null) {
            Checks.movieLensFolder("--data", data);
            return;
        }
        DataSetCache c = cache(System.out, org.recsys4j.examples.train.Progress.silent());
        try {
            c.dir(dataset);
        } catch (IllegalArgumentException e) {
            throw new UserError("--dataset " + dataset + ": " + e.getMessage());
        }
        if (sha256 != null && !sha256.matches("[0-9a-fA-F]{64}")) {
            throw new UserError("--sha256 " + sha256 + ": must be 64 hexadecimal digits");
        }
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UserError("--base-url " + baseUrl + ": must be an http or https URL");
        }
        if (!c.isCached(dataset)) {
            Checks.writableFolder(cache != null ? "--cache" : "the download cache (--cache)", cacheDir());
        }
    }

    private Path cacheDir() {
        return cache != null ? cache : DataSetCache.defaultDir();
    }

    private DataSetCache cache(PrintStream log, org.recsys4j.examples.train.Progress progress) {
        return new DataSetCache(cacheDir(), baseUrl, log, progress);
    }

    /** Returns the data folder: {@code --data}, or the cached (downloaded if needed) data set. */
    Path resolve(PrintStream log) {
        return resolve(log, org.recsys4j.examples.train.Progress.silent());
    }

    /** Returns the data folder: {@code --data}, or the cached data set, downloaded with a progress step if needed. */
    Path resolve(PrintStream log, org.recsys4j.examples.train.Progress progress) {
        if (data != null) {
            return Checks.existingFolder("--data", data);
        }
        try {
            return cache(log, progress).resolve(dataset, Optional.ofNullable(sha256));
        } catch (IOException | UncheckedIOException e) {
            throw new UserError("could not download " + dataset + ": "
                    + ErrorText.describe(e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e)
                    + ". Offline? Pass --data DIR with a MovieLens folder, e.g. --data ../shared/data/ml-latest-small");
        }
    }

    /**
     * Returns the MovieLens options given explicitly ({@code --data}, {@code --sha256}, {@code --cache}), which
     * another data source (your own events) must not be mixed with; empty if none.
     */
    java.util.List<String> movieLensOptionsGiven() {
        java.util.List<String> given = new java.util.ArrayList<>();
        if (data != null) {
            given.add("--data");
        }
        if (sha256 != null) {
            given.add("--sha256");
        }
        if (cache != null) {
            given.add("--cache");
        }
        return given;
    }

    /** Returns the load options: lenient unless {@code --strict}. */
    LoadOptions loadOptions() {
        return strict ? LoadOptions.strict() : LoadOptions.lenient();
    }

    /** Resolves and loads the data set. */
    MovieLensData load(PrintStream log) {
        Path dir = resolve(log);
        try {
            return MovieLens.load(dir, loadOptions());
        } catch (IOException e) {
            throw new UserError("cannot load " + dir + ": " + ErrorText.describe(e));
        }
    }
}
