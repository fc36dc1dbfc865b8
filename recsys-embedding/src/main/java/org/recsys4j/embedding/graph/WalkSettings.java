package org.recsys4j.embedding.graph;

import org.recsys4j.core.util.Parallel;

import java.util.Objects;

/** The settings {@link DeepWalk} and {@link Node2Vec} share, validated as they are set. */
final class WalkSettings {
    int walkLength = 10;
    int walksPerNode = 10;
    int numWalks;
    StartSelection startBy = StartSelection.UNIFORM_EACH_NODE;
    long seed = 42L;
    int threads = 1;

    WalkSettings copy() {
        WalkSettings s = new WalkSettings();
        s.walkLength = walkLength;
        s.walksPerNode = walksPerNode;
        s.numWalks = numWalks;
        s.startBy = startBy;
        s.seed = seed;
        s.threads = threads;
        return s;
    }

    void walkLength(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("walkLength: " + n + ", must be >= 1");
        }
        walkLength = n;
    }

    void walksPerNode(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("walksPerNode: " + n + ", must be >= 1");
        }
        walksPerNode = n;
    }

    void numWalks(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("numWalks: " + n + ", must be >= 0 (0: walksPerNode per start node)");
        }
        numWalks = n;
    }

    void startBy(StartSelection s) {
        startBy = Objects.requireNonNull(s, "startBy");
    }

    void threads(int n) {
        threads = Parallel.checkThreads(n);
    }

    @Override
    public String toString() {
        return "walkLength=" + walkLength + ", walksPerNode=" + walksPerNode + ", numWalks=" + numWalks + ", startBy="
                + startBy + ", seed=" + seed + ", threads=" + threads;
    }
}
