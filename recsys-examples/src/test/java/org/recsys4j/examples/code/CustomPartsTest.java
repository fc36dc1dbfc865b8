package org.recsys4j.examples.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.Recommendation;

class CustomPartsTest {
    @Test
    void theCustomChannelAndRankerRunInThePipeline(@TempDir Path dir) throws Exception {
        MovieLensData ml = Slice.load(dir);
        long userId = ml.ratings().users().longId(0);
        Recommendation r = CustomParts.recommend(ml, userId, 10);
        Set<Integer> seen = new HashSet<>();
        for (int i : ml.ratings().byUser().othersOf(0)) {
            seen.add(i);
        }
        assertEquals("decade-aware-quality", r.ranker());
        assertEquals(10, r.items().size());
        for (int i = 0; i < r.items().size(); i++) {
            Candidate c = r.items().get(i);
            assertFalse(seen.contains(c.item()), "rated item recommended");
            assertFalse(c.channels().isEmpty());
            if (i > 0) {
                assertTrue(c.score() <= r.items().get(i - 1).score(), "not in the custom ranker's order");
            }
        }
        assertTrue(r.items().stream().anyMatch(c -> c.channels().contains("decade")),
                "no item from the custom channel: " + r.items());
        assertTrue(r.channels().contains("item-cf"), r.channels().toString());
    }
}
