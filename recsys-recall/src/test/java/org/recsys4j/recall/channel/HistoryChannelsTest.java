package org.recsys4j.recall.channel;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recsys4j.recall.channel.Fixture.CATALOG;
import static org.recsys4j.recall.channel.Fixture.LOG;
import static org.recsys4j.recall.channel.Fixture.items;
import static org.recsys4j.recall.channel.Fixture.scores;

/** Category (the genres attribute), item-CF, more-like-last-N and content channels on the hand-made fixture. */
class HistoryChannelsTest {
    private static final double EPS = 1e-6;

    @Test
    void genreWeightsAndCandidates() {
        CategoryChannel genre = CategoryChannel.builder(CATALOG, "genres", LOG).withTopCategories(2).withRecencyDecay(0.5).build();
        // history oldest first: 0 (Comedy), 2 (Drama), 1 (Comedy, Drama); most recent first weights 1, 0.5, 0.25
        RecRequest r = RecRequest.builder(10).withHistory(new int[] {0, 2, 1}).build();
        // Comedy 1 + 0.25, Drama 1 + 0.5; total 2.75
        assertArrayEquals(new double[] {0, 1.25 / 2.75, 1.5 / 2.75}, genre.categoryWeights(r), 1e-12);
        assertArrayEquals(new int[] {0, 1, 4}, genre.categoryList(1)); // Comedy by count 3, 3, 1
        assertArrayEquals(new int[] {1, 2}, genre.categoryList(2));    // Drama; F has no interaction
        List<Candidate> c = Contract.check("category", r, 10, genre.recall(r, 10));
        // quality x sum of the weights of the item's preferred genres
        assertArrayEquals(new int[] {1, 0, 2, 4}, items(c));
        assertArrayEquals(new double[] {3, 3 * 1.25 / 2.75, 1.5 / 2.75, 1.25 / 2.75}, scores(c), 1e-12);

        RecRequest seen = RecRequest.builder(10).withHistory(new int[] {0, 2, 1}).withHistoryExcluded(true).build();
        assertArrayEquals(new int[] {4}, items(Contract.check("category", seen, 10, genre.recall(seen, 10))));

        CategoryChannel one = CategoryChannel.builder(CATALOG, "genres", LOG).withTopCategories(1).withRecencyDecay(0.5).build();
        assertArrayEquals(new double[] {3 * 1.5 / 2.75, 1.5 / 2.75}, scores(one.recall(r, 10)), 1e-12);
        assertEquals(0, genre.recall(RecRequest.builder(5).build(), 5).size()); // no history
    }

    @Test
    void ratingWeightedGenreWeights() {
        CategoryChannel genre = CategoryChannel.builder(CATALOG, "genres", LOG).withRatings(LOG).build();
        // user 0 rated 0: 5, 1: 4, 2: 3 -> Comedy 5 + 4, Drama 4 + 3
        RecRequest r = RecRequest.builder(10).withUser("10", 0).withHistory(new int[] {0, 2, 1}).build();
        assertArrayEquals(new double[] {0, 9.0 / 16, 7.0 / 16}, genre.categoryWeights(r), 1e-12);
        // user 1 rated 0: 4, 1: 5, 3: 2 (mean 11/3); item 4 unrated -> 11/3; Action 11/3, Comedy 4 + 11/3
        RecRequest r1 = RecRequest.builder(10).withUser("11", 1).withHistory(new int[] {0, 4}).build();
        double total = 4 + 2 * 11.0 / 3;
        assertArrayEquals(new double[] {11.0 / 3 / total, (4 + 11.0 / 3) / total, 0}, genre.categoryWeights(r1), 1e-12);
        // unknown user: every item counts the global mean 3.8 -> the same as unweighted
        RecRequest anon = RecRequest.builder(10).withHistory(new int[] {0, 2, 1}).build();
        assertArrayEquals(CategoryChannel.builder(CATALOG, "genres", LOG).build().categoryWeights(anon), genre.categoryWeights(anon),
                1e-12);
    }

    @Test
    void coOccurrenceNeighbours() {
        // users' items: {0,1,2}, {0,1,3}, {1,3,4}, {0}; n = 3, 3, 1, 2, 1
        ItemNeighbors count = ItemNeighbors.builder(LOG).withNeighbors(2)
                .withSimilarity(ItemNeighbors.Similarity.COUNT).withThreads(1).build();
        assertArrayEquals(new int[] {1, 2}, count.neighbors(0));
        assertArrayEquals(new float[] {2, 1}, count.weights(0));
        assertArrayEquals(new int[] {0, 3}, count.neighbors(1));
        assertArrayEquals(new int[] {1, 0}, count.neighbors(3));
        assertArrayEquals(new int[0], count.neighbors(5));
        ItemNeighbors cosine = ItemNeighbors.builder(LOG).withNeighbors(2)
                .withSimilarity(ItemNeighbors.Similarity.COSINE).withThreads(2).build();
        assertArrayEquals(new int[] {1, 4}, cosine.neighbors(3));
        assertArrayEquals(new float[] {(float) (2 / Math.sqrt(6)), (float) (1 / Math.sqrt(2))}, cosine.weights(3), 1e-7f);
        assertArrayEquals(new float[] {(float) (2 / 3.0), (float) (1 / Math.sqrt(3))}, cosine.weights(0), 1e-7f);
        // each user's 2 most recent items only: {1,2}, {1,3}, {3,4}, {0} -> 1-2, 1-3, 3-4 co-occur once
        ItemNeighbors capped = ItemNeighbors.builder(LOG).withNeighbors(3)
                .withSimilarity(ItemNeighbors.Similarity.COUNT).withMaxItemsPerUser(2).withThreads(1).build();
        assertArrayEquals(new int[0], capped.neighbors(0));
        assertArrayEquals(new int[] {2, 3}, capped.neighbors(1));
        assertArrayEquals(new int[] {1, 4}, capped.neighbors(3));
        assertThrows(IllegalArgumentException.class,
                () -> ItemNeighbors.builder(LOG).withNeighbors(3).withSimilarity(ItemNeighbors.Similarity.COUNT)
                        .withMaxItemsPerUser(1).withThreads(1).build());
        // the thread count does not change the table
        ItemNeighbors one = ItemNeighbors.builder(LOG).withNeighbors(3)
                .withSimilarity(ItemNeighbors.Similarity.COSINE).withThreads(1).build();
        ItemNeighbors two = ItemNeighbors.builder(LOG).withNeighbors(3)
                .withSimilarity(ItemNeighbors.Similarity.COSINE).withThreads(2).build();
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(one.neighbors(i), two.neighbors(i));
            assertArrayEquals(one.weights(i), two.weights(i));
        }
    }

    @Test
    void itemCfSumsNeighbourWeightsOverTheHistory() {
        ItemNeighbors count = ItemNeighbors.builder(LOG).withNeighbors(2)
                .withSimilarity(ItemNeighbors.Similarity.COUNT).withThreads(1).build();
        NeighborChannel cf = NeighborChannel.builder(count).withName("item-cf").build();
        // 2 -> {0: 1, 1: 1}, 3 -> {1: 2, 0: 1}
        RecRequest r = RecRequest.builder(10).withHistory(new int[] {2, 3}).withHistoryExcluded(true).build();
        List<Candidate> c = Contract.check("item-cf", r, 10, cf.recall(r, 10));
        assertArrayEquals(new int[] {1, 0}, items(c));
        assertArrayEquals(new double[] {3, 2}, scores(c), EPS);
        // seed item: its neighbours only
        RecRequest seed = RecRequest.builder(10).withSeedItem(0).addExcluded(0).withHistory(new int[] {3}).build();
        assertArrayEquals(new int[] {1, 2}, items(cf.recall(seed, 10)));
        assertEquals(0, cf.recall(RecRequest.builder(3).build(), 3).size());
    }

    @Test
    void moreLikeLastNDecaysByRecency() {
        ItemNeighbors count = ItemNeighbors.builder(LOG).withNeighbors(2)
                .withSimilarity(ItemNeighbors.Similarity.COUNT).withThreads(1).build();
        RecRequest r = RecRequest.builder(10).withHistory(new int[] {2, 3}).withHistoryExcluded(true).build();
        NeighborChannel last1 = NeighborChannel.builder(count).withName("last-1").withWindow(1)
                .withRecencyDecay(0.5).build();
        assertArrayEquals(new double[] {2, 1}, scores(Contract.check("last-1", r, 10, last1.recall(r, 10))), EPS);
        NeighborChannel last2 = NeighborChannel.builder(count).withName("last-2").withWindow(2)
                .withRecencyDecay(0.5).build();
        List<Candidate> c = Contract.check("last-2", r, 10, last2.recall(r, 10));
        // 3 (weight 1): {1: 2, 0: 1}; 2 (weight 0.5): {0: 1, 1: 1}
        assertArrayEquals(new int[] {1, 0}, items(c));
        assertArrayEquals(new double[] {2.5, 1.5}, scores(c), EPS);
        // a repeated item counts once, at its most recent position: history 3, 2, 3 -> 3 (1), 2 (0.5)
        RecRequest rep = RecRequest.builder(10).withHistory(new int[] {3, 2, 3}).withHistoryExcluded(true).build();
        assertArrayEquals(new double[] {2.5, 1.5}, scores(last2.recall(rep, 10)), EPS);
        assertThrows(IllegalArgumentException.class, () -> NeighborChannel.builder(count).withName("x")
                .withWindow(0).withRecencyDecay(0.5).build());
        assertThrows(IllegalArgumentException.class, () -> NeighborChannel.builder(count).withName("x")
                .withWindow(2).withRecencyDecay(0).build());
        assertThrows(IllegalArgumentException.class, () -> ItemNeighbors.builder(LOG).withNeighbors(0)
                .withSimilarity(ItemNeighbors.Similarity.COUNT).withThreads(1).build());
    }

    @Test
    void contentProfileCosine() {
        ContentChannel content = ContentChannel.builder(CATALOG).addAttribute("genres").addBuckets("year", 10).build();
        assertEquals(List.of("genres:Action", "genres:Comedy", "genres:Drama", "year:1990", "year:2000", "year:2010",
                "tag:funny"), content.features()); // "dark" is on one item only
        double third = 1 / Math.sqrt(3);
        assertEquals(3, content.itemFeatures(0).size());
        assertEquals(third, content.itemFeatures(0).get("tag:funny"), EPS);
        // history {0}: cos(x0, x1) = 2/3 (Comedy, 1990), cos(x0, x4) = 2 * (1/sqrt 3)(1/2)
        RecRequest r = RecRequest.builder(10).withHistory(new int[] {0}).withHistoryExcluded(true).build();
        List<Candidate> c = Contract.check("content", r, 10, content.recall(r, 10));
        assertArrayEquals(new int[] {1, 4}, items(c));
        assertArrayEquals(new double[] {2.0 / 3, third}, scores(c), EPS);
        // history {0, 3}: p = x0 + x3, |p| = sqrt 2
        RecRequest r2 = RecRequest.builder(10).withHistory(new int[] {0, 3}).withHistoryExcluded(true).build();
        List<Candidate> c2 = Contract.check("content", r2, 10, content.recall(r2, 10));
        assertArrayEquals(new int[] {4, 1}, items(c2));
        assertArrayEquals(new double[] {0.5 + 1 / Math.sqrt(6), (2.0 / 3) / Math.sqrt(2)}, scores(c2), EPS);
        assertEquals(0, content.recall(RecRequest.builder(3).build(), 3).size());
        // rating-weighted: user 1 rated item 0 with 4, item 2 not (user mean 11/3); p = 11/3 x2 + 4 x0
        ContentChannel rated = ContentChannel.builder(CATALOG).addAttribute("genres").addBuckets("year", 10)
                .withRatings(LOG).build();
        RecRequest r3 = RecRequest.builder(10).withUser("11", 1).withHistory(new int[] {0, 2}).withHistoryExcluded(true).build();
        double a = 11.0 / 3;
        double norm = Math.sqrt(a * a + 16);
        List<Candidate> c3 = Contract.check("content", r3, 10, rated.recall(r3, 10));
        // 1: 4 * 2/3 + a / sqrt 6 = 4.164; 5 (Drama only): a / sqrt 2 = 2.593; 4: 4 / sqrt 3 = 2.309
        assertArrayEquals(new int[] {1, 5, 4}, items(c3));
        assertArrayEquals(new double[] {(4 * 2.0 / 3 + a / Math.sqrt(6)) / norm, a / Math.sqrt(2) / norm,
                4 / Math.sqrt(3) / norm}, scores(c3), EPS);
        ContentChannel wide = ContentChannel.builder(CATALOG).addAttribute("genres").addBuckets("year", 100)
                .withMinTagItems(1).build();
        assertTrue(wide.features().contains("tag:dark") && wide.features().contains("year:1900"), wide.features().toString());
    }
}
