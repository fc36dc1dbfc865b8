package org.recsys4j.rank.seq;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recsys4j.rank.nn.Grads;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite differences against back-propagation through GRU4Rec (input embedding with dropout, the GRU, output
 * dropout, output embedding and bias, tied or not) under each loss.
 */
class Gru4RecGradientCheckTest {
    @ParameterizedTest
    @CsvSource({"SOFTMAX,false", "SOFTMAX,true", "BCE,false", "SAMPLED_SOFTMAX,false", "LOGQ_SAMPLED_SOFTMAX,false", "GBCE,false"})
    void everyParameterMatchesFiniteDifferences(SequenceLoss loss, boolean tied) {
        Gru4RecNet net = new Gru4RecNet(9, 6, 8, 0.2f, tied);
        net.init(11);
        SplittableRandom r = new SplittableRandom(4);
        for (float[] row : net.bias.value()) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) (r.nextGaussian() * 0.5);
            }
        }
        net.refresh();
        int[] seq = {2, 7, 1, 8, 0, 5, 3};
        SeqNet.Work w = net.newWork(3);
        w.out.markSeen(seq);
        // LOGQ: a skewed popularity (items 3 and 4, targets here, drawn most: accidental hits) and its correction
        w.out.sampler = new OutputLayer.Sampler(java.util.Arrays.copyOf(new long[]{4, 0, 9, 40, 30, 2, 0, 7, 3, 5, 6},
                net.numItems), 3);
        w.out.positiveWeight = 0.37f;   // GBCE: a β below 1 (the other losses do not read it)
        Grads g = net.params.newGrads();
        double l0 = net.train(w, seq, 0, 6, loss, 3, 1f, new SplittableRandom(42), g);
        net.flush(w, g);
        assertTrue(Double.isFinite(l0) && l0 > 0, "loss " + l0);
        Grads scratch = net.params.newGrads();
        List<String> bad = GradCheck.check(net, g, () -> {
            scratch.zero();
            return net.train(w, seq, 0, 6, loss, 3, 1f, new SplittableRandom(42), scratch);
        }, 40, 1e-3);
        assertEquals(List.of(), bad);
    }
}
