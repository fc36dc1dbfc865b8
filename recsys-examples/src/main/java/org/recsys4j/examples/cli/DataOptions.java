package org.recsys4j.examples.cli;

import org.recsys4j.core.movielens.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.examples.data.DataSetCache;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Option(names = "--strict", description = "Fail on the first bad row instead of skipping and reporting bad rows.")
    boolean strict;

    /** Returns the data folder: {@code --data}, or the cached (downloaded if needed) data set. */
    Path resolve(PrintStream log) {
        return resolve(log, org.recsys4j.examples.train.Progress.silent());
    }

    /** Returns the data folder: {@code --data}, or the cached data set, downloaded with a progress step if needed. */
    Path resolve(PrintStream log, org.recsys4j.examples.train.Progress progress) {
        if (data != null) {
            if (!Files.isDirectory(data)) {
                throw new UserError("--data " + data + ": no such folder");
            }
            return data;
        }
        DataSetCache c = new DataSetCache(cache != null ? cache : DataSetCache.defaultDir(), baseUrl, log, progress);
        try {
            return c.resolve(dataset, Optional.ofNullable(sha256));
        } catch (IOException | UncheckedIOException e) {
            throw new UserError("could not download " + dataset + " (" + e.getMessage() + ").\n"
                    + "Offline? Pass --data DIR with a MovieLens folder, e.g. --data ../shared/data/ml-latest-small");
        }
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
            throw new UserError("cannot load " + dir + ": " + e.getMessage());
        }
    }
}
