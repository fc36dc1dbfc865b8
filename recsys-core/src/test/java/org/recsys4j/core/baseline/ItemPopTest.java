package org.recsys4j.core.baseline;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.Interactions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ItemPopTest {
    @Test
    void scoresAreTrainCounts() {
        Interactions log = TinyData.fourByFive();
        ItemPopModel pop = ItemPop.create().fit(log);
        double[] expected = {2, 3, 2, 2, 1};
        double[][] s = TinyData.scores(2, 5);
        pop.score(new int[] {0, 3}, s);
        assertArrayEquals(expected, s[0]);
        assertArrayEquals(expected, s[1]);
        double[] h = new double[5];
        pop.scoreHistory(new int[] {4, -1}, h);
        assertArrayEquals(expected, h);
        assertArrayEquals(new int[] {2, 3, 2, 2, 1}, pop.counts());
        assertThrows(IllegalArgumentException.class, () -> pop.score(new int[] {4}, TinyData.scores(1, 5)));
        assertThrows(IllegalArgumentException.class, () -> pop.score(new int[] {0}, TinyData.scores(1, 4)));
    }
}
