package org.recsys4j.embedding.user;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.vector.Vectors;
import org.recsys4j.embedding.user.UserVectors.Weighting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserVectorsTest {
    private static final long T = 1_000_000_000L;
    private static final long DAY = 86_400L;

    /** Items 10, 20, 30, 40 have vectors; item 50 has none. */
    private static final EmbeddingTable ITEMS = EmbeddingTable.builder(2)
            .add(10, new float[] {4, 0})
            .add(20, new float[] {0, 4})
            .add(30, new float[] {2, 6})
            .add(40, new float[] {8, 8})
            .build();

    /**
     * User 1: 10 rated 4.5, 20 rated 3.0 (below 3.5), 30 rated 3.5, 50 rated 5 (no vector).
     * User 2: all rated 4; 10 and 20 one day before 30 and 50 (50 has no vector).
     * User 3: 20 rated 2, 50 rated 4: nothing usable. User 4: no interaction at all.
     */
    private static Interactions log() {
        return Interactions.builder(IdIndex.ofLongs(1, 2, 3, 4), IdIndex.ofLongs(10, 20, 30, 50, 40))
                .addIds(1, 10, 4.5f, T).addIds(1, 20, 3.0f, T + DAY).addIds(1, 30, 3.5f, T + 2 * DAY)
                .addIds(1, 50, 5f, T + 2 * DAY)
                .addIds(2, 30, 4f, T + 2 * DAY).addIds(2, 10, 4f, T + DAY).addIds(2, 20, 4f, T + DAY)
                .addIds(2, 50, 4f, T + 2 * DAY)
                .addIds(3, 20, 2f, T).addIds(3, 50, 4f, T)
                .build();
    }

    private static float[] row(EmbeddingTable t, long id) {
        return t.vector(t.ids().require(id));
    }

    @Test
    void meanOfLikedItemsWithAVector() {
        UserVectors.Result r = UserVectors.builder().withThreshold(3.5).build().compute(log(), ITEMS);
        EmbeddingTable users = r.vectors();
        assertArrayEquals(new long[] {1, 2}, users.ids().longIds());
        assertEquals(2, users.dim());
        assertArrayEquals(new float[] {3, 3}, row(users, 1), "mean of (4,0) and (2,6)");
        assertEquals(2, r.usersWithoutVector(), "user 3 (nothing usable) and user 4 (no interaction)");
        assertEquals(1, r.usersWithoutInteractions(), "user 4");
        assertEquals(1, r.usersWithInteractionsWithoutVector(), "user 3");
        assertEquals(4, r.users());
        assertEquals(3, r.skippedNoVector(), "item 50, three times");
        assertEquals(2, r.skippedBelowThreshold());
        assertEquals("vectors for 2 of 4 users; 2 without one (1 without interactions); skipped 2 interactions below "
                + "the threshold and 3 whose item has no vector", r.summary());
    }

    @Test
    void ratingWeighted() {
        EmbeddingTable users = UserVectors.builder().withWeighting(Weighting.RATING).withThreshold(3.5).build()
                .compute(log(), ITEMS).vectors();
        // (4.5·(4,0) + 3.5·(2,6)) / 8 = (25, 21) / 8
        assertArrayEquals(new float[] {3.125f, 2.625f}, row(users, 1));
        assertArrayEquals(new float[] {2, 10f / 3}, row(users, 2), 1e-6f, "equal ratings: the mean");
    }

    @Test
    void recencyWithAHalfLife() {
        EmbeddingTable users = UserVectors.builder().withWeighting(Weighting.RECENCY).withHalfLifeDays(1)
                .withThreshold(3.5).build().compute(log(), ITEMS).vectors();
        // last event T+2d: 30 weighs 1, 10 and 20 (a day earlier) ½ each: ((2,6) + (2,0) + (0,2)) / 2
        assertArrayEquals(new float[] {2, 4}, row(users, 2));
        // user 1's last event is item 50 (skipped, no vector) at T+2d: 10 weighs ¼, 30 weighs 1
        assertArrayEquals(new float[] {(1 + 2) / 1.25f, 6 / 1.25f}, row(users, 1), 1e-6f);
    }

    @Test
    void noThresholdKeepsEverythingAndNormalizeScales() {
        UserVectors.Result r = UserVectors.builder()
                .withNormalize(true).build()
                .compute(log(), ITEMS);
        assertArrayEquals(new long[] {1, 2, 3}, r.vectors().ids().longIds());
        assertEquals(0, r.skippedBelowThreshold());
        assertArrayEquals(new float[] {0, 1}, row(r.vectors(), 3), "user 3 now has item 20, normalised");
        float[] u1 = {2, 10f / 3};   // mean of 10, 20, 30
        Vectors.normalize(u1, 0, 2);
        assertArrayEquals(u1, row(r.vectors(), 1), 1e-6f);
        assertEquals(1.0, Math.sqrt(Vectors.dot(row(r.vectors(), 2), row(r.vectors(), 2))), 1e-6);
    }

    @Test
    void anUnseenUserFromIdsIsTheMeanOfKnownItems() {
        UserVectors uv = UserVectors.builder().withWeighting(Weighting.RECENCY).build();
        assertArrayEquals(new float[] {3, 3}, uv.fromHistory(ITEMS, 10, 30, 99).orElseThrow());
        assertEquals(Optional.empty(), uv.fromHistory(ITEMS, 50, 99));
        assertEquals(Optional.empty(), uv.fromHistory(ITEMS));
        assertEquals(Optional.empty(), UserVectors.builder().withThreshold(3.5).build()
                .fromHistory(ITEMS, new long[] {10}, new float[] {1}, new long[] {T}), "below the threshold");
        assertThrows(IllegalArgumentException.class,
                () -> uv.fromHistory(ITEMS, new long[] {10}, new float[0], new long[] {T}));
    }

    @Test
    void textIdTablesMatchNumericItemsByExternalId() {
        EmbeddingTable text = EmbeddingTable.builder(2).add("30", new float[] {2, 6}).add("10", new float[] {4, 0})
                .add("x", new float[] {9, 9}).build();
        EmbeddingTable users = UserVectors.builder().withThreshold(3.5).build().compute(log(), text).vectors();
        assertArrayEquals(new float[] {3, 3}, row(users, 1));
    }

    /** A random log: 300 users, 120 items of which every 7th has no vector, some repeats and ties. */
    private static Interactions randomLog(SplittableRandom r) {
        long[] users = new long[300];
        long[] items = new long[120];
        for (int i = 0; i < users.length; i++) {
            users[i] = 1000 + i;
        }
        for (int i = 0; i < items.length; i++) {
            items[i] = 5 * i + 1;
        }
        Interactions.Builder b = Interactions.builder(IdIndex.ofLongs(users), IdIndex.ofLongs(items));
        for (int u = 0; u < users.length; u++) {
            int n = r.nextInt(0, 40);
            for (int k = 0; k < n; k++) {
                b.add(u, r.nextInt(items.length), r.nextInt(1, 11) / 2f, T + r.nextInt(0, 50) * DAY / 4);
            }
        }
        return b.build();
    }

    private static EmbeddingTable randomItems(SplittableRandom r, int dim) {
        EmbeddingTable.Builder b = EmbeddingTable.builder(dim);
        for (int i = 119; i >= 0; i--) {   // rows in another order than the log's item index
            if (i % 7 != 3) {
                float[] v = new float[dim];
                for (int j = 0; j < dim; j++) {
                    v[j] = (float) r.nextGaussian();
                }
                b.add(5L * i + 1, v);
            }
        }
        return b.build();
    }

    @ParameterizedTest
    @EnumSource(Weighting.class)
    void anUnseenUserGetsBitForBitTheBatchRowOfTheSameHistory(Weighting w) {
        SplittableRandom r = new SplittableRandom(7);
        Interactions log = randomLog(r);
        EmbeddingTable items = randomItems(r, 16);
        UserVectors uv = UserVectors.builder().withWeighting(w).withHalfLifeDays(3).withThreshold(3.5)
                .withNormalize(w == Weighting.RATING).build();
        EmbeddingTable users = uv.compute(log, items).vectors();
        assertTrue(users.size() > 200, users.toString());
        Interactions.Csr byUser = log.byUser();
        int checked = 0;
        for (int u = 0; u < byUser.rows(); u++) {
            List<Integer> ks = new ArrayList<>();
            for (int p = byUser.start(u); p < byUser.end(u); p++) {
                ks.add(byUser.entry(p));
            }
            Collections.shuffle(ks, new java.util.Random(u));   // the order of a history does not matter
            long[] ids = new long[ks.size()];
            float[] ratings = new float[ks.size()];
            long[] ts = new long[ks.size()];
            for (int i = 0; i < ids.length; i++) {
                int k = ks.get(i);
                ids[i] = log.items().longId(log.item(k));
                ratings[i] = log.value(k);
                ts[i] = log.timestamp(k);
            }
            Optional<float[]> v = uv.fromHistory(items, ids, ratings, ts);
            long userId = log.users().longId(u);
            int row = users.ids().indexOf(userId);
            assertEquals(row >= 0, v.isPresent(), "user " + userId);
            if (row >= 0) {
                assertArrayEquals(users.vector(row), v.get(), "user " + userId);
                checked++;
            }
        }
        assertEquals(users.size(), checked);
    }

    @ParameterizedTest
    @EnumSource(Weighting.class)
    void theThreadCountDoesNotChangeTheResult(Weighting w) {
        SplittableRandom r = new SplittableRandom(11);
        Interactions log = randomLog(r);
        EmbeddingTable items = randomItems(r, 8);
        UserVectors.Builder b = UserVectors.builder().withWeighting(w);
        UserVectors.Result one = b.withThreads(1).build().compute(log, items);
        UserVectors.Result three = b.withThreads(3).build().compute(log, items);
        assertEquals(one.vectors().ids(), three.vectors().ids());
        for (int i = 0; i < one.vectors().size(); i++) {
            assertArrayEquals(one.vectors().vector(i), three.vectors().vector(i));
        }
        assertEquals(one.usersWithoutVector(), three.usersWithoutVector());
        assertEquals(one.skippedNoVector(), three.skippedNoVector());
    }

    @Test
    void theBuilderRejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> UserVectors.builder().withThreshold(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> UserVectors.builder().withHalfLifeDays(0).build());
        assertThrows(IllegalArgumentException.class, () -> UserVectors.builder()
                .withHalfLifeDays(Double.POSITIVE_INFINITY).build());
        assertThrows(IllegalArgumentException.class, () -> UserVectors.builder().withThreads(0).build());
        assertFalse(UserVectors.builder().build().normalize());
        assertEquals(Double.NEGATIVE_INFINITY, UserVectors.builder().build().threshold(), "no threshold unless set");
    }

    @Test
    void implicitEventsGiveAVectorToEveryUserWithEvents() {
        // string ids; views, carts and purchases, one pair viewed then bought; a policy combines them per pair
        EventLog events = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING)
                .addTyped("u1", "sku-a", T, "view").addTyped("u1", "sku-a", T + DAY, "buy")
                .addTyped("u1", "sku-b", T + DAY, "cart")
                .addTyped("u2", "sku-b", T, "view")
                .addTyped("u3", "sku-c", T, "view").addTyped("u3", "sku-a", T + 2 * DAY, "view")
                .build();
        Interactions train = Feedback.eventWeights(Map.of("view", 1.0, "cart", 3.0, "buy", 10.0), Feedback.Combine.MAX)
                .apply(events);
        EmbeddingTable items = EmbeddingTable.builder(2).add("sku-a", new float[] {2, 0}).add("sku-b", new float[] {0, 2})
                .add("sku-c", new float[] {2, 2}).build();
        for (Weighting w : Weighting.values()) {
            UserVectors.Result r = UserVectors.builder().withWeighting(w).build().compute(train, items);
            assertEquals(List.of("u1", "u2", "u3"), List.of(r.vectors().ids().id(0), r.vectors().ids().id(1),
                    r.vectors().ids().id(2)), w + ": every user with events has a vector");
            assertEquals(0, r.usersWithoutVector(), w.toString());
        }
        // weighted by value: u1's purchase of sku-a (10) against the cart of sku-b (3)
        UserVectors.Result r = UserVectors.builder().withWeighting(Weighting.RATING).build().compute(train, items);
        assertArrayEquals(new float[] {20f / 13, 6f / 13}, r.vectors().vector(r.vectors().ids().indexOf("u1")), 1e-6f);
    }

    @Test
    void noUserWithAVectorIsAnErrorSayingWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UserVectors.builder().withThreshold(6).build().compute(log(), ITEMS));
        assertEquals("UserVectors: no user of 4 gets a vector from 10 interactions: 10 below the threshold 6.0, 0 whose "
                + "item has no vector (the item table has 4 ids, e.g. 10; the interactions' items e.g. 10)", e.getMessage());
        EmbeddingTable strangers = EmbeddingTable.builder(2).add("sku-a", new float[] {1, 0}).build();
        e = assertThrows(IllegalArgumentException.class, () -> UserVectors.builder().build().compute(log(), strangers));
        assertEquals("UserVectors: no user of 4 gets a vector from 10 interactions: 0 below the threshold -Infinity, 10 "
                + "whose item has no vector (the item table has 1 ids, e.g. sku-a; the interactions' items e.g. 10)",
                e.getMessage());
        // no interactions: no vectors, no error, every user counted
        UserVectors.Result none = UserVectors.builder().build().compute(log().filter(k -> false), ITEMS);
        assertEquals(0, none.vectors().size());
        assertEquals(4, none.usersWithoutInteractions());
    }
}
