package org.recsys4j.rank.seq;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.recsys4j.rank.nn.Grads;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite differences against back-propagation through every layer of SASRec (embeddings and positions, both
 * layer norms, causal multi-head attention with its dropout, the feed-forward network, the final layer norm)
 * and each loss, on a sequence shorter than the longest length (so positions are right-aligned) with dropout on.
 */
class SasRecGradientCheckTest {
    @ParameterizedTest
    @EnumSource(SequenceLoss.class)
    void everyParameterMatchesFiniteDifferences(SequenceLoss loss) {
        SasRecNet net = new SasRecNet(11, 8, 7, 2, 2, 0.2f);
        net.init(5);
        // perturb the layer norms and biases away from their 1 / 0 starts so their gradients are exercised
        SplittableRandom r = new SplittableRandom(3);
        for (var p : net.params.all()) {
            if (p.rows() == 1) {
                for (int j = 0; j < p.cols(); j++) {
                    p.value()[0][j] += (float) (r.nextGaussian() * 0.3);
                }
            }
        }
        net.refresh();
        int[] seq = {3, 1, 4, 10, 5, 9, 2};
        SeqNet.Work w = net.newWork(4);
        w.out.markSeen(seq);
        // LOGQ: a skewed popularity (items 3 and 4, targets here, drawn most: accidental hits) and its correction
        w.out.sampler = new OutputLayer.Sampler(java.util.Arrays.copyOf(new long[]{4, 0, 9, 40, 30, 2, 0, 7, 3, 5, 6},
                net.numItems), 4);
        w.out.positiveWeight = 0.37f;   // GBCE: a β below 1 (the other losses do not read it)
        Grads g = net.params.newGrads();
        double l0 = net.train(w, seq, 1, 5, loss, 4, 1f, new SplittableRandom(42), g);
        net.flush(w, g);
        assertTrue(Double.isFinite(l0) && l0 > 0, "loss " + l0);
        Grads scratch = net.params.newGrads();
        List<String> bad = GradCheck.check(net, g, () -> {
            scratch.zero();
            return net.train(w, seq, 1, 5, loss, 4, 1f, new SplittableRandom(42), scratch);
        }, 24, 1e-3);
        assertEquals(List.of(), bad);
    }
}
