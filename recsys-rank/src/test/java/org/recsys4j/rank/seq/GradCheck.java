package org.recsys4j.rank.seq;

import org.recsys4j.rank.nn.Grads;
import org.recsys4j.rank.nn.Param;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Central finite differences against the analytic gradient of a network's summed loss, tensor by tensor, at
 * sampled coordinates; the loss function re-seeds its dropout and negatives, so both see the same draws.
 */
final class GradCheck {
    private GradCheck() {
    }

    /** Returns one failure line per coordinate whose gradients disagree; checks at most {@code perTensor} each. */
    static List<String> check(SeqNet net, Grads analytic, DoubleSupplier loss, int perTensor, double eps) {
        List<String> bad = new ArrayList<>();
        SplittableRandom pick = new SplittableRandom(99);
        int checked = 0;
        for (Param p : net.params.all()) {
            float[][] w = p.value();
            float[][] g = analytic.of(p);
            int coords = p.rows() * p.cols();
            int n = Math.min(perTensor, coords);
            double maxErr = 0;
            for (int k = 0; k < n; k++) {
                int c = coords <= perTensor ? k : pick.nextInt(coords);
                int r = c / p.cols();
                int j = c % p.cols();
                float old = w[r][j];
                w[r][j] = (float) (old + eps);
                net.refresh();
                double up = loss.getAsDouble();
                w[r][j] = (float) (old - eps);
                net.refresh();
                double down = loss.getAsDouble();
                w[r][j] = old;
                net.refresh();
                double fd = (up - down) / (2 * eps);
                double an = g[r][j];
                double err = Math.abs(fd - an);
                maxErr = Math.max(maxErr, err);
                if (err > 2e-2 * Math.max(Math.abs(fd), Math.abs(an)) + 3e-3) {
                    bad.add(p.name() + "[" + r + "][" + j + "]: finite difference " + fd + ", analytic " + an);
                }
                checked++;
            }
        }
        assertTrue(checked > 50, "checked only " + checked + " coordinates");
        return bad;
    }
}
