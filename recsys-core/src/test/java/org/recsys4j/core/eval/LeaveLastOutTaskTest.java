package org.recsys4j.core.eval;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LeaveLastOutTaskTest {
    @Test
    void ratedTrainHasTheTrainRowsWithTheirRatings() {
        Interactions all = Interactions.builder(IdIndex.ofLongs(1, 2), IdIndex.ofLongs(10, 20, 30))
                .addIds(1, 10, 4.5f, 1).addIds(1, 20, 2f, 2).addIds(1, 30, 5f, 3)
                .addIds(2, 30, 3f, 1)
                .build();
        LeaveLastOutTask task = LeaveLastOutTask.of(all);
        Interactions train = task.train();
        Interactions rated = task.ratedTrain();
        assertArrayEquals(train.itemColumn(), rated.itemColumn());
        assertArrayEquals(train.userColumn(), rated.userColumn());
        assertArrayEquals(new float[] {1, 1}, train.valueColumn());
        assertArrayEquals(new float[] {4.5f, 2f}, rated.valueColumn());
        assertEquals(1, task.numCases());
        assertEquals(2, task.testItem(0));
    }
}
