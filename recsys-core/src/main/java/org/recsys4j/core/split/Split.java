package org.recsys4j.core.split;

import org.recsys4j.core.data.Interactions;

import java.util.Objects;

/**
 * A train/test partition of an interaction log. Both halves share the original log's user and item
 * indices, so a dense index means the same user or item in both.
 *
 * @param train the interactions a model may learn from
 * @param test  the held-out interactions
 */
public record Split(Interactions train, Interactions test) {
    /** Checks that both halves share one user index and one item index. */
    public Split {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (train.users() != test.users() || train.items() != test.items()) {
            throw new IllegalArgumentException("train and test must share their user and item indices");
        }
    }
}
