package org.recsys4j.rank.ctr;

/** The CTR model architectures of {@link CtrModel}; {@link ModelSpec} has one factory per type. */
public enum ModelType {
    /** Logistic regression: bias + one weight per active id (multi-hot ids summed) + one weight per numeric. */
    LOGISTIC_REGRESSION("LR"),
    /** Factorization machine: LR plus all pairwise interactions of every active id and numeric, each with its own k-vector. */
    FM("FM"),
    /** Embedding + MLP ("Deep Crossing"): field embeddings (multi-hot mean-pooled) and numerics concatenated, then a ReLU MLP. */
    EMBEDDING_MLP("Emb+MLP"),
    /** Wide&amp;Deep: Embedding+MLP plus one weight per id of a wide (hashed cross) field. */
    WIDE_DEEP("Wide&Deep"),
    /** DeepFM: LR first-order part + FM over the field embeddings shared with an Embedding+MLP. */
    DEEP_FM("DeepFM"),
    /** NeuralCF: user and item id embeddings concatenated, then a ReLU MLP. */
    NEURAL_CF("NeuralCF"),
    /** Two-tower: a user tower and an item tower (embeddings + numerics, MLP) whose inner product plus a bias is the logit. */
    TWO_TOWER("two-tower"),
    /** DIN: the candidate item attends over the user's behaviour sequence (attention MLP, no softmax); the pooled interest, field embeddings and numerics feed a ReLU MLP. */
    DIN("DIN"),
    /** DIEN: a GRU interest extractor (with an auxiliary next-behaviour loss) and an attention-gated AUGRU over the behaviour sequence; its final state, field embeddings and numerics feed a ReLU MLP. */
    DIEN("DIEN");

    private final String label;

    ModelType(String label) {
        this.label = label;
    }

    /** Returns the short display name (e.g. {@code DeepFM}). */
    public String label() {
        return label;
    }
}
