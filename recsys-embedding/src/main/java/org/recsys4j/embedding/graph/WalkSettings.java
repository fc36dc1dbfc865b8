package org.recsys4j.embedding.graph;

import org.recsys4j.core.util.Parallel;

import java.util.Objects;

/**
 * The settings {@link DeepWalk} and {@link Node2Vec} share: stored by their builders, checked once by
 * {@link #validate()} when a walker is built.
 */
final class WalkSettings {
    /** The default number of nodes of a walk, start included. */
    static final int WALK_LENGTH = 10;
    /** The default number of walks per start node. */
    static final int WALKS_PER_NODE = 10;
    /** The default total number of walks: 0, meaning walksPerNode per start node. */
    static final int NUM_WALKS = 0;
    /** The default random seed. */
    static final long SEED = 42L;
    /** The default number of threads: all available processors (the walks do not depend on it). */
    static final int THREADS = Parallel.availableThreads();

    int walkLength = WALK_LENGTH;
    int walksPerNode = WALKS_PER_NODE;
    int numWalks = NUM_WALKS;
    StartSelection startBy = StartSelection.UNIFORM_EACH_NODE;
    long seed = SEED;
    int threads = THREADS;

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

    /**
     * Checks every setting.
     *
     * @throws NullPointerException     naming {@code startBy} if it is null
     * @throws IllegalArgumentException naming the setting out of range
     */
    void validate() {
        if (walkLength < 1) {
            throw new IllegalArgumentException("walkLength: " + walkLength + ", must be >= 1");
        }
        if (walksPerNode < 1) {
            throw new IllegalArgumentException("walksPerNode: " + walksPerNode + ", must be >= 1");
        }
        if (numWalks < 0) {
            throw new IllegalArgumentException("numWalks: " + numWalks
                    + ", must be >= 0 (0: walksPerNode per start node)");
        }
        Objects.requireNonNull(startBy, "startBy");
        Parallel.checkThreads(threads);
    }

    @Override
    public String toString() {
        return "walkLength=" + walkLength + ", walksPerNode=" + walksPerNode + ", numWalks=" + numWalks + ", startBy="
                + startBy + ", seed=" + seed + ", threads=" + threads;
    }
}
