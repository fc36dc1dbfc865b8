package org.recsys4j.examples.cli;

import picocli.CommandLine.Option;

/** The options of every command that fits the foundation's baselines: threads and their settings. */
public final class BaselineOptions {
    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--ease-lambda", paramLabel = "L", split = ",", defaultValue = "50,100,200",
            description = "EASE regularisation values (default: ${DEFAULT-VALUE}).")
    double[] easeLambdas;

    @Option(names = "--user-knn-neighbours", paramLabel = "N", defaultValue = "50",
            description = "Neighbours of user-based CF (default: ${DEFAULT-VALUE}).")
    int userNeighbours;

    /** Returns the thread count after checking it. */
    public int threads() {
        if (threads <= 0) {
            throw new UserError("--threads " + threads + ": must be > 0");
        }
        return threads;
    }

    /** Returns the EASE λ values after checking them. */
    public double[] easeLambdas() {
        for (double l : easeLambdas) {
            if (!(l > 0) || Double.isInfinite(l)) {
                throw new UserError("--ease-lambda " + l + ": must be a finite number > 0");
            }
        }
        return easeLambdas.clone();
    }

    /** Returns the UserKNN neighbour count after checking it. */
    public int userNeighbours() {
        if (userNeighbours <= 0) {
            throw new UserError("--user-knn-neighbours " + userNeighbours + ": must be > 0");
        }
        return userNeighbours;
    }
}
