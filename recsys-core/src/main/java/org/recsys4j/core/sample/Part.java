package org.recsys4j.core.sample;

/** The part of a time split a sample belongs to: fit and validation together form train. */
public enum Part {
    /** Train samples at or before the validation threshold: the ones a model is fitted on. */
    FIT,
    /** Train samples after the validation threshold: early stopping and hyper-parameter choice. */
    VALIDATION,
    /** Samples after the split threshold. */
    TEST;

    /** Returns true for {@link #FIT} and {@link #VALIDATION}. */
    public boolean isTrain() {
        return this != TEST;
    }
}
