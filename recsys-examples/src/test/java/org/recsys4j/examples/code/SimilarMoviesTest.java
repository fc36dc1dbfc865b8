package org.recsys4j.examples.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.movielens.MovieLensData;

class SimilarMoviesTest {
    @Test
    void neighboursComeFromTheSeedsPlantedCluster(@TempDir Path dir) throws Exception {
        MovieLensData ml = Slice.load(dir);
        long seed = ml.catalog().items().longId(0);                  // the most popular movie of cluster 0
        List<SimilarMovies.Similar> similar = SimilarMovies.similarTo(ml, seed, 10, 16, 40);
        assertEquals(10, similar.size());
        long inCluster = similar.stream().filter(s -> Slice.cluster(ml, s.movieId()) == 0).count();
        for (int i = 0; i < similar.size(); i++) {
            assertNotEquals(seed, similar.get(i).movieId(), "the seed is its own neighbour");
            assertTrue(similar.get(i).cosine() <= 1.0 + 1e-6);
            if (i > 0) {
                assertTrue(similar.get(i).cosine() <= similar.get(i - 1).cosine() + 1e-6, "not sorted");
            }
        }
        assertTrue(inCluster >= 7, "in-cluster neighbours: " + inCluster + " of 10, " + similar);
        assertThrows(IllegalArgumentException.class, () -> SimilarMovies.similarTo(ml, -5L, 10, 16, 1));
    }
}
