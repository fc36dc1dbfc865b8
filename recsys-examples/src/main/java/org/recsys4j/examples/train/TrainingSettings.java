package org.recsys4j.examples.train;

/**
 * The settings of the demo's training ({@link ServingModels}); with {@link #defaults()} everything but SASRec trains
 * on ml-latest-small in well under a minute on 2 cores, and SASRec takes some 20 epochs of early-stopped training
 * more (docs/sequence-models.md states the measured cost).
 *
 * @param dim           embedding dimension of every embedding model (item2vec, DeepWalk, Node2vec, iALS)
 * @param epochs        word2vec epochs (item2vec, DeepWalk, Node2vec)
 * @param walksPerNode  random walks started per graph node
 * @param walkLength    random walk length
 * @param alsIterations implicit-ALS iterations
 * @param ctrEpochs     DeepFM epochs at most (early stopping on protocol C's validation split)
 * @param seqEpochs     SASRec epochs at most (early stopping on each user's last training item)
 * @param threads       training threads (not part of the artifacts' fingerprints)
 * @param seed          seed of every fit
 */
public record TrainingSettings(int dim, int epochs, int walksPerNode, int walkLength, int alsIterations, int ctrEpochs,
                               int seqEpochs, int threads, long seed) {
    /** The default SASRec epochs at most ({@link #seqEpochs()}). */
    public static final int DEFAULT_SEQ_EPOCHS = 40;

    /** Checks the ranges, naming the setting out of range. */
    public TrainingSettings {
        check("dim", dim, 2);
        check("epochs", epochs, 1);
        check("walksPerNode", walksPerNode, 1);
        check("walkLength", walkLength, 2);
        check("alsIterations", alsIterations, 1);
        check("ctrEpochs", ctrEpochs, 1);
        check("seqEpochs", seqEpochs, 1);
        check("threads", threads, 1);
    }

    /** Settings with the default SASRec epochs ({@value #DEFAULT_SEQ_EPOCHS}); the other values as given. */
    public TrainingSettings(int dim, int epochs, int walksPerNode, int walkLength, int alsIterations, int ctrEpochs,
                            int threads, long seed) {
        this(dim, epochs, walksPerNode, walkLength, alsIterations, ctrEpochs, DEFAULT_SEQ_EPOCHS, threads, seed);
    }

    private static void check(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " = " + value + ": must be at least " + min);
        }
    }

    /**
     * Returns dimension 32, 10 word2vec epochs, 20 walks of 20 per node, 8 ALS iterations, 10 DeepFM epochs,
     * {@value #DEFAULT_SEQ_EPOCHS} SASRec epochs at most, 2 threads, seed 42. (Before issue 18: 5 epochs and 5 walks
     * of 10, which left the embeddings undertrained — nearly parallel vectors, on planted data hardly any similar item
     * in the query's cluster; docs/evaluation.md, "Similar items as served".)
     */
    public static TrainingSettings defaults() {
        return new TrainingSettings(32, 10, 20, 20, 8, 10, DEFAULT_SEQ_EPOCHS, 2, 42);
    }

    /** Returns these settings with another thread count. */
    public TrainingSettings withThreads(int n) {
        return new TrainingSettings(dim, epochs, walksPerNode, walkLength, alsIterations, ctrEpochs, seqEpochs, n, seed);
    }

    /** Returns these settings with another embedding dimension. */
    public TrainingSettings withDim(int d) {
        return new TrainingSettings(d, epochs, walksPerNode, walkLength, alsIterations, ctrEpochs, seqEpochs, threads, seed);
    }

    /** Returns these settings with another cap of SASRec epochs. */
    public TrainingSettings withSeqEpochs(int n) {
        return new TrainingSettings(dim, epochs, walksPerNode, walkLength, alsIterations, ctrEpochs, n, threads, seed);
    }

    /** Returns these settings with another seed. */
    public TrainingSettings withSeed(long s) {
        return new TrainingSettings(dim, epochs, walksPerNode, walkLength, alsIterations, ctrEpochs, seqEpochs, threads, s);
    }
}
