package org.recsys4j.examples.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.Candidate;

class ForYouTest {
    @Test
    void deepFmRanksUnseenMultiChannelCandidates(@TempDir Path dir) throws Exception {
        MovieLensData ml = Slice.load(dir);
        long userId = ml.ratings().users().longId(0);
        ForYou.Result r = ForYou.recommend(ml, userId, 10, 2);
        Interactions ratings = ml.ratings();
        Set<Integer> seen = new HashSet<>();
        for (int i : ratings.byUser().othersOf(0)) {
            seen.add(i);
        }
        assertEquals("deepfm", r.recommendation().ranker());
        assertFalse(r.recommendation().usedFallback(), r.recommendation().notes().toString());
        assertEquals(10, r.recommendation().items().size());
        for (Candidate c : r.recommendation().items()) {
            assertFalse(seen.contains(c.item()), "rated item " + c.item() + " recommended");
            assertFalse(c.channels().isEmpty(), c.toString());
            assertTrue(c.score() > 0 && c.score() < 1, "not a click probability: " + c);
        }
        assertTrue(r.testAuc() > 0.55, "DeepFM test AUC " + r.testAuc());  // planted clusters are learnable
    }
}
