package org.recsys4j.embedding.mf;

/**
 * Receives the training loss after each ALS iteration (one user half-sweep and one item
 * half-sweep), e.g. to log convergence or to stop a sweep experiment early by throwing.
 * Called on the fitting thread, never concurrently.
 */
@FunctionalInterface
public interface IterationListener {
    /**
     * Called after iteration {@code iteration} (1-based) with the full regularised objective of the
     * factors as they are after that iteration.
     *
     * @param iteration the iteration just finished, from 1
     * @param loss      the training objective (see the trainer's class comment for its definition)
     */
    void onIteration(int iteration, double loss);
}
