package org.recsys4j.examples.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.movielens.MovieLensData;

class DeepWalkVsNode2vecTest {
    @Test
    void bothModelsFindTheSeedsClusterAndTheOverlapIsCounted(@TempDir Path dir) throws Exception {
        MovieLensData ml = Slice.load(dir);
        long seed = ml.catalog().items().longId(1);                  // cluster 1
        DeepWalkVsNode2vec.Comparison c = DeepWalkVsNode2vec.compare(ml, seed, 10, 5, 3, 0);
        assertEquals(10, c.deepWalk().size());
        assertEquals(10, c.node2vec().size());
        Set<Long> a = new HashSet<>();
        c.deepWalk().forEach(s -> a.add(s.movieId()));
        assertEquals(c.node2vec().stream().filter(s -> a.contains(s.movieId())).count(), c.overlap());
        assertTrue(c.overlap() >= 1 && c.overlap() <= 10, "overlap " + c.overlap());
        for (var list : java.util.List.of(c.deepWalk(), c.node2vec())) {
            long in = list.stream().filter(s -> Slice.cluster(ml, s.movieId()) == 1).count();
            assertTrue(in >= 6, "in-cluster " + in + " of 10: " + list);
            assertTrue(list.stream().noneMatch(s -> s.movieId() == seed), "seed among its neighbours");
        }
    }
}
