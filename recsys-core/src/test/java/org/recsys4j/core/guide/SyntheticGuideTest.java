package org.recsys4j.core.guide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.synth.SyntheticMovieLens;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the snippet of docs/synthetic.md: the second half as it is, the first (the ml-25m shape, 25
 * million ratings) at a thousandth of the size and into a temporary folder, then loads it back.
 */
class SyntheticGuideTest {
    @Test
    void theGuidesSnippetRuns(@TempDir Path dir) throws Exception {
        // --- docs/synthetic.md, sizes divided by 1,000 and the folder adapted ---
        SyntheticMovieLens gen = SyntheticMovieLens.builder(162, 624, 25_000L, 42)   // users, items, ratings, seed
                .withClusters(10)            // user and item clusters
                .withInClusterShare(0.8)     // P(rating in the user's own cluster)
                .withZipfExponent(1.0)       // popularity skew within a cluster
                .build();
        gen.writeLatestCsv(dir.resolve("synthetic-25k"));   // ratings.csv, movies.csv, links.csv

        SyntheticMovieLens.Data small = SyntheticMovieLens.builder(500, 1_000, 20_000, 7).build().generate();
        Interactions log = small.interactions();
        int cluster = small.userCluster(0);                  // the planted answer
        // --- end ---
        MovieLensData back = MovieLens.load(dir.resolve("synthetic-25k"));
        assertEquals(25_000, back.ratings().size());
        assertEquals(20_000, log.size());
        assertTrue(cluster >= 0 && cluster < SyntheticMovieLens.DEFAULT_CLUSTERS);
    }

    @Test
    void thePlantedSnippetRuns() {
        // --- docs/synthetic.md, "The planted shape" ---
        SyntheticMovieLens gen = SyntheticMovieLens.planted(42);          // the benches' data set
        SyntheticMovieLens.Data planted = gen.generate();
        boolean hit = gen.isBlockbuster(0);                               // true: items 0..19 are the blockbusters
        SyntheticMovieLens small = SyntheticMovieLens.plantedBuilder(600, 900, 18_000, 42).build();   // same shape, test size
        // --- end ---
        assertTrue(hit && gen.isBlockbuster(SyntheticMovieLens.PLANTED_BLOCKBUSTERS - 1)
                && !gen.isBlockbuster(SyntheticMovieLens.PLANTED_BLOCKBUSTERS));
        assertEquals(SyntheticMovieLens.PLANTED_RATINGS, planted.interactions().size());
        assertEquals(SyntheticMovieLens.PLANTED_CLUSTERS, small.clusters());
        // the blockbusters are rated by most users, whatever their cluster: each user rates each with probability
        // PLANTED_BLOCKBUSTER_SHARE, at most half their count of them (so the later ones a little less often)
        int[] raters = new int[SyntheticMovieLens.PLANTED_BLOCKBUSTERS];
        Interactions r = planted.interactions();
        for (int k = 0; k < r.size(); k++) {
            if (gen.isBlockbuster(r.item(k))) {
                raters[r.item(k)]++;
            }
        }
        // the first is never cut by the cap: rated by each user with exactly that probability
        assertEquals(SyntheticMovieLens.PLANTED_BLOCKBUSTER_SHARE, raters[0] / (double) SyntheticMovieLens.PLANTED_USERS,
                0.03);
        for (int b = 0; b < raters.length; b++) {
            double share = raters[b] / (double) SyntheticMovieLens.PLANTED_USERS;
            assertTrue(share > 0.5 && share < SyntheticMovieLens.PLANTED_BLOCKBUSTER_SHARE + 0.03, "blockbuster " + b + ": "
                    + share);
        }
    }
}
