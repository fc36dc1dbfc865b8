package org.recsys4j.rank.seq;

import org.recsys4j.rank.nn.Grads;
import org.recsys4j.rank.nn.Param;
import org.recsys4j.rank.nn.Params;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * A sequential recommender's network: parameters, the training pass of one sequence (forward, loss, backward)
 * and the inference pass that turns a history into the state whose inner products with the output item
 * vectors are the scores. One network per model; its per-thread state lives in {@link Work}s.
 *
 * <p>What every architecture shares lives here: the input item embedding {@link #item} (the first parameter, so
 * saved files keep their layout), its initialisation as PyTorch's padded {@code nn.Embedding}, and the item
 * {@link OutputLayer} a subclass sets once in its constructor ({@link #outputOver}).
 */
abstract class SeqNet {
    final Params params = new Params();
    final int numItems;
    final int d;
    final int maxLength;
    /** The input item embedding, {@code numItems × d}. */
    final Param item;
    /** The item output layer, set by the subclass's constructor ({@link #outputOver}). */
    private OutputLayer out;

    SeqNet(int numItems, int d, int maxLength) {
        this.numItems = numItems;
        this.d = d;
        this.maxLength = maxLength;
        this.item = params.add("item", numItems, d);
    }

    /** Sets the output layer over an item matrix ({@link #item} when shared) and an optional bias. */
    final void outputOver(Param emb, Param bias) {
        out = new OutputLayer(emb, bias);
    }

    /**
     * Initialises an item matrix as the anchor's {@code nn.Embedding(numItems + 1, d)} with padding row 0: Xavier
     * normal over {@code (numItems + 1) × d}.
     */
    final void initItems(Param p, SplittableRandom rnd) {
        Params.xavierNormal(p, numItems + 1, d, rnd);
    }

    /** A worker's buffers, for sequences of up to {@code maxLength} items. */
    abstract static class Work {
        final OutputLayer.Buffers out;
        final float[] scratch;

        Work(int numItems, int negatives, int d) {
            out = new OutputLayer.Buffers(numItems, negatives);
            scratch = new float[d + 1];
        }
    }

    /** The architecture's name as saved: {@code sasrec} or {@code gru4rec}. */
    abstract String architecture();

    /** The architecture's settings (saved in the file, restored by {@link SeqModelFile}). */
    abstract Map<String, String> settings();

    final OutputLayer output() {
        return out;
    }

    abstract Work newWork(int negatives);

    /** Renews the derived copies of the weights (transposes); after every update. */
    abstract void refresh();

    /**
     * Trains on one sequence: inputs {@code seq[from, from+n)}, targets {@code seq[from+1, from+n+1)}; dropout
     * from {@code rnd}; adds the gradient of {@code norm ×} the summed loss to {@code g}; returns the summed loss.
     */
    abstract double train(Work w, int[] seq, int from, int n, SequenceLoss loss, int negatives, float norm,
                          SplittableRandom rnd, Grads g);

    /** Moves what a worker accumulated on the side (the softmax's transposed item gradient) into {@code g}. */
    void flush(Work w, Grads g) {
        output().flush(w.out, g);
    }

    /** Writes the final hidden state ({@code d} values) after reading {@code items[from, from+n)}, n ≥ 1. */
    abstract void state(Work w, int[] items, int from, int n, float[] out);

    /** The width of the exported query / item vectors: {@code d}, plus one for an output bias. */
    int exportDim() {
        return output().bias == null ? d : d + 1;
    }
}
