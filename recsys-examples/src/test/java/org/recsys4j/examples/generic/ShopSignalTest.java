package org.recsys4j.examples.generic;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.AttributeType;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.embedding.mf.ImplicitAls;
import org.recsys4j.embedding.mf.ImplicitAlsModel;
import org.recsys4j.embedding.seq.ItemSequences;
import org.recsys4j.embedding.seq.SequenceCorpus;
import org.recsys4j.embedding.user.UserVectors;
import org.recsys4j.embedding.word2vec.Neighbor;
import org.recsys4j.embedding.word2vec.Word2Vec;
import org.recsys4j.embedding.word2vec.Word2VecModel;
import org.recsys4j.rank.rerank.ItemCategories;
import org.recsys4j.rank.rerank.QuotaReranker;
import org.recsys4j.recall.channel.CategoryChannel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 across the modules, on a shop that has nothing of MovieLens: string ids ({@code u017},
 * {@code sku-toys-03}), view / cart / buy events in sessions (a SKU viewed, then bought), items with a category
 * and a brand. Nothing is filtered or deduplicated behind the caller's back: one explicit {@link Feedback}
 * policy turns the events into interactions, and from them item2vec gets a corpus with a sequence for every
 * shopper, every shopper with events gets a user vector, implicit ALS trains, and the category channel and a
 * brand quota work by attribute name. The structure is planted: each shopper has a main category.
 */
class ShopSignalTest {
    private static final String[] CATEGORIES = {"garden", "kitchen", "sports", "toys"};
    private static final int SKUS = 12;
    private static final int USERS = 80;
    private static final Map<String, Double> WEIGHTS = Map.of("view", 1.0, "cart", 3.0, "buy", 10.0);

    private static ItemCatalog catalog() {
        ItemCatalog.Builder b = ItemCatalog.builder().field("category", AttributeType.CATEGORICAL)
                .field("brand", AttributeType.CATEGORICAL).field("price", AttributeType.NUMERIC);
        for (String c : CATEGORIES) {
            for (int k = 0; k < SKUS; k++) {
                b.add(sku(c, k), Map.of("category", c, "brand", "brand-" + (k % 3), "price", 5.0 + 7 * k));
            }
        }
        return b.build();
    }

    private static String sku(String category, int k) {
        return String.format("sku-%s-%02d", category, k);
    }

    /** Each shopper: 4 sessions in the main category (3 SKUs viewed, one carted, one bought), one elsewhere. */
    private static EventLog events(ItemCatalog catalog) {
        SplittableRandom r = new SplittableRandom(42);
        EventLog.Builder b = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING).withItems(catalog.items());
        for (int u = 0; u < USERS; u++) {
            String user = String.format("u%03d", u);
            String main = CATEGORIES[u % CATEGORIES.length];
            long t = 1_700_000_000L + 86_400L * u;
            for (int s = 0; s < 4; s++) {
                int[] seen = r.ints(0, SKUS).distinct().limit(3).toArray();
                for (int k : seen) {
                    b.addTyped(user, sku(main, k), t += 30, "view");
                }
                if (r.nextInt(3) > 0) {
                    b.addTyped(user, sku(main, seen[0]), t += 30, "cart");
                    b.addTyped(user, sku(main, seen[0]), t += 30, "buy");
                }
                t += 7_200;
            }
            String other = CATEGORIES[(u + 1 + r.nextInt(CATEGORIES.length - 1)) % CATEGORIES.length];
            b.addTyped(user, sku(other, r.nextInt(SKUS)), t + 30, "view");
        }
        return b.build();
    }

    @Test
    void implicitEventsGiveACorpusAVectorPerShopperAndCategoryRecallByAttributeName() {
        ItemCatalog catalog = catalog();
        EventLog log = events(catalog);
        Feedback policy = Feedback.eventWeights(WEIGHTS, Feedback.Combine.SUM);
        Interactions train = policy.apply(log);
        assertTrue(train.size() < log.size(), "repeated (shopper, SKU) pairs are combined: " + train + " of " + log);
        train.requireUniquePairs("the policy's interactions");

        // item2vec: every shopper with events has a sequence (no hidden threshold drops implicit events)
        SequenceCorpus corpus = ItemSequences.builder().build().from(train);
        assertEquals(USERS, corpus.numSequences(), "one sequence per shopper");
        assertEquals(train.size(), corpus.numTokens(), "every interaction is a token");
        Word2VecModel item2vec = Word2Vec.builder().withDim(16).withWindow(3).withNegative(5).withEpochs(20)
                .withSample(0).withThreads(1).withSeed(7).build().fit(corpus);   // a small corpus: no subsampling
        assertEquals(catalog.size(), item2vec.numVectors(), "every SKU has a vector");
        int[] category = catalog.categorical("category").codes();
        int same = 0;
        int total = 0;
        for (int i = 0; i < catalog.size(); i++) {
            for (Neighbor n : item2vec.mostSimilar(catalog.items().id(i), 5)) {
                same += category[catalog.items().indexOf(n.id())] == category[i] ? 1 : 0;
                total++;
            }
        }
        assertTrue(same >= 0.95 * total, same + " of " + total + " neighbours in the SKU's category (chance: a quarter)");

        // user vectors: one for every shopper with events, and the result says so
        UserVectors.Result users = UserVectors.builder().build().compute(train, item2vec.table());
        assertEquals(USERS, users.vectors().size(), users.summary());
        assertEquals(0, users.usersWithoutVector(), users.summary());

        // implicit ALS trains on the combined pairs; the raw events, one row per event, are refused by name
        ImplicitAlsModel als = ImplicitAls.builder().withFactors(8).withIterations(5).withThreads(2).build()
                .fit(policy.apply(log));
        assertEquals(catalog.size(), als.numItems());
        Interactions.Builder everyEvent = Interactions.builder(log.users(), log.items());
        for (int k = 0; k < log.size(); k++) {
            everyEvent.add(log.user(k), log.item(k), 1, log.timestamp(k));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImplicitAls.builder().withThreads(1).build().fit(everyEvent.build()));
        assertTrue(e.getMessage().contains("Feedback"), e.getMessage());

        // the category channel by attribute name recalls unseen SKUs of each shopper's main category
        CategoryChannel channel = CategoryChannel.builder(catalog, "category", train).withTopCategories(1).build();
        QuotaReranker twoPerBrand = QuotaReranker.builder(ItemCategories.byAttribute(catalog, "brand"))
                .withDefaultQuota(2).build();
        int[] brand = catalog.categorical("brand").codes();
        int inMain = 0;
        int recalled = 0;
        for (int u = 0; u < USERS; u++) {
            int user = train.users().indexOf(String.format("u%03d", u));
            RecRequest req = RecRequest.builder(6).withUser(train.users().id(user), user)
                    .withHistory(train.byUser().othersOf(user)).withHistoryExcluded(true).build();
            List<Candidate> c = channel.recall(req, 6);
            for (Candidate x : c) {
                inMain += category[x.item()] == u % CATEGORIES.length ? 1 : 0;
                recalled++;
            }
            List<Candidate> page = twoPerBrand.rerank(req, c, 6);
            int[] perBrand = new int[3];
            List<Integer> items = new ArrayList<>();
            for (Candidate x : page) {
                perBrand[brand[x.item()]]++;
                items.add(x.item());
            }
            for (int n : perBrand) {
                assertTrue(n <= 2, "user " + u + ": more than 2 of a brand in " + items);
            }
        }
        assertTrue(recalled > 0);
        assertTrue(inMain >= 0.95 * recalled, inMain + " of " + recalled + " recalled SKUs in the main category");
    }
}
