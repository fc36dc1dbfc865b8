package org.recsys4j.core.baseline;

import org.recsys4j.core.data.Interactions;

import java.util.Objects;

/**
 * Trains the most-popular-items baseline: every user gets the same scores, the number of training
 * interactions of each item (protocol T's ItemPop). It has no options, so there is no builder:
 * {@link #create()} returns the trainer.
 *
 * <pre>{@code
 * ItemPopModel pop = ItemPop.create().fit(train);
 * }</pre>
 */
public final class ItemPop {
    private static final ItemPop INSTANCE = new ItemPop();

    private ItemPop() {
    }

    /** Returns the trainer (immutable and stateless, so always the same one). */
    public static ItemPop create() {
        return INSTANCE;
    }

    /**
     * Returns the model fit on {@code train}: item {@code i} scores the number of rows of
     * {@code train} naming it (repeated rows count each time; values are ignored).
     */
    public ItemPopModel fit(Interactions train) {
        Objects.requireNonNull(train, "train");
        long t0 = System.nanoTime();
        int[] counts = new int[train.numItems()];
        for (int k = 0; k < train.size(); k++) {
            counts[train.item(k)]++;
        }
        return new ItemPopModel(train.numUsers(), counts, (System.nanoTime() - t0) / 1e9);
    }

    @Override
    public String toString() {
        return "ItemPop[]";
    }
}
