package org.recsys4j.rank.rerank;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.AttributeType;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The re-rankers that read item attributes, on a small shop catalogue with string ids: quotas, MMR and
 * de-duplication by attribute name, freshness by a timestamp or a number.
 *
 * <pre>
 * index id      productId category tags       price listed
 * 0     sku-a1  p-a       shoes    sale       50    1000
 * 1     sku-a2  p-a       shoes    new, sale  55    2000
 * 2     sku-b1  p-b       shoes    new        80    3000
 * 3     sku-c1  p-c       books               -     4000
 * 4     sku-d1  p-d       games    new        20    -
 * 5     sku-e1  -         books               -     -
 * </pre>
 */
class ShopRerankersTest {
    private static final RecRequest PLAIN = RecRequest.builder(10).build();

    private static Map<String, Object> item(String product, String category, List<String> tags, Double price,
                                            Long listed) {
        Map<String, Object> m = new HashMap<>();
        m.put("productId", product);
        m.put("category", category);
        m.put("tags", tags);
        m.put("price", price);
        m.put("listed", listed);
        return m;
    }

    private static ItemCatalog shop() {
        return ItemCatalog.builder()
                .field("productId", AttributeType.CATEGORICAL).field("category", AttributeType.CATEGORICAL)
                .field("tags", AttributeType.MULTI_CATEGORICAL).field("price", AttributeType.NUMERIC)
                .field("listed", AttributeType.TIMESTAMP)
                .add("sku-a1", item("p-a", "shoes", List.of("sale"), 50.0, 1000L))
                .add("sku-a2", item("p-a", "shoes", List.of("new", "sale"), 55.0, 2000L))
                .add("sku-b1", item("p-b", "shoes", List.of("new"), 80.0, 3000L))
                .add("sku-c1", item("p-c", "books", List.of(), null, 4000L))
                .add("sku-d1", item("p-d", "games", List.of("new"), 20.0, null))
                .add("sku-e1", item(null, "books", null, null, null))
                .build();
    }

    /** Ranked 0 (1.0), 1 (0.9), 2 (0.8), 3 (0.5), 4 (0.3), 5 (0.1). */
    private static List<Candidate> ranked() {
        return List.of(c(0, 1.0), c(1, 0.9), c(2, 0.8), c(3, 0.5), c(4, 0.3), c(5, 0.1));
    }

    private static Candidate c(int item, double score) {
        return Candidate.of(item, "test", score, 0);
    }

    private static int[] items(List<Candidate> list) {
        return list.stream().mapToInt(Candidate::item).toArray();
    }

    @Test
    void quotasByACategoricalAttribute() {
        ItemCatalog catalog = shop();
        ItemCategories byCategory = ItemCategories.byAttribute(catalog, "category");
        assertEquals(List.of("books", "games", "shoes"), catalog.categoryVocabulary("category"));
        assertArrayEquals(new int[] {2}, byCategory.of(0));
        assertArrayEquals(new int[0], byCategory.of(99));
        QuotaReranker one = QuotaReranker.builder(byCategory).withDefaultQuota(1).build();
        // 0 takes shoes; 1 and 2 (shoes) are skipped; 3 takes books; 4 games; 5 (books) is skipped
        assertArrayEquals(new int[] {0, 3, 4}, items(one.rerank(PLAIN, ranked(), 6)));
        int shoes = catalog.categoryVocabulary("category").indexOf("shoes");
        QuotaReranker twoShoes = QuotaReranker.builder(byCategory).withDefaultQuota(1).withQuota(shoes, 2).build();
        assertArrayEquals(new int[] {0, 1, 3, 4}, items(twoShoes.rerank(PLAIN, ranked(), 6)));
    }

    @Test
    void mmrAndQuotasOverAMultiValuedAttributeEqualTheHandCodedCategories() {
        ItemCatalog catalog = shop();
        // tags: new = 0, sale = 1
        ItemCategories hand = ItemCategories.of(Map.of(0, new int[] {1}, 1, new int[] {0, 1}, 2, new int[] {0},
                4, new int[] {0}));
        for (double lambda : new double[] {0, 0.3, 0.5, 0.7, 1}) {
            assertEquals(MmrReranker.builder(PairSimilarity.jaccard(hand)).withLambda(lambda).build()
                            .rerank(PLAIN, ranked(), 6),
                    MmrReranker.builder(PairSimilarity.jaccard(catalog, "tags")).withLambda(lambda).build()
                            .rerank(PLAIN, ranked(), 6), "lambda " + lambda);
        }
        assertEquals(0.5, PairSimilarity.jaccard(catalog, "tags").similarity(0, 1), 1e-12);   // {sale} vs {new, sale}
        assertEquals(QuotaReranker.builder(hand).withDefaultQuota(1).build().rerank(PLAIN, ranked(), 6),
                QuotaReranker.builder(ItemCategories.byAttribute(catalog, "tags")).withDefaultQuota(1).build()
                        .rerank(PLAIN, ranked(), 6));
    }

    @Test
    void dedupByAnAttributeKeepsOneSkuPerProduct() {
        ItemCatalog catalog = shop();
        // sku-a2 is the same product as sku-a1; sku-e1 has no product, so it is in no group
        assertArrayEquals(new int[] {0, 2, 3, 4, 5},
                items(DedupReranker.byAttribute(catalog, "productId").rerank(PLAIN, ranked(), 10)));
        assertArrayEquals(new int[] {0, 3, 4}, items(DedupReranker.byAttribute(catalog, "category")
                .rerank(PLAIN, ranked(), 10)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DedupReranker.byAttribute(catalog, "tags"));
        assertTrue(e.getMessage().startsWith("attribute: 'tags' is MULTI_CATEGORICAL"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DedupReranker.byAttribute(catalog, "seriesId"));
        assertTrue(e.getMessage().startsWith("attribute: no 'seriesId' in the catalogue; it has [productId"),
                e.getMessage());
    }

    @Test
    void freshnessByATimestampOrANumberInItsUnit() {
        ItemCatalog catalog = shop();
        Clock at4000 = Clock.fixed(Instant.ofEpochSecond(4000), ZoneOffset.UTC);
        BlendTerm listed = BlendTerm.freshness(catalog, "listed", at4000, Duration.ofSeconds(1000));
        double[] want = {0.125, 0.25, 0.5, 1, 0, 0, 0};   // sku-d1 and sku-e1 have no listing time; 6 is outside
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], listed.value().applyAsDouble(i), 1e-12, "item " + i);
        }
        BlendTerm listedNumber = BlendTerm.freshness(catalog, "listed", 4000, 1000);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], listedNumber.value().applyAsDouble(i), 1e-12, "item " + i);
        }
        // "newer" = dearer here: price 80 is age 0, half-life 30 in price units
        BlendTerm price = BlendTerm.freshness(catalog, "price", 80, 30);
        assertEquals(0.5, price.value().applyAsDouble(0), 1e-12);
        assertEquals(1, price.value().applyAsDouble(2), 1e-12);
        assertEquals(0, price.value().applyAsDouble(3), 1e-12);
        List<Candidate> out = BlendReranker.builder().add(listed, 1).build().rerank(PLAIN, ranked(), 3);
        // rel + freshness: 0: 1 + 0.125; 1: 0.889 + 0.25; 2: 0.778 + 0.5; 3: 0.444 + 1
        assertArrayEquals(new int[] {3, 2, 1}, items(out));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BlendTerm.freshness(catalog, "price", at4000, Duration.ofDays(1)));
        assertTrue(e.getMessage().startsWith("attribute: 'price' is NUMERIC, not TIMESTAMP"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BlendTerm.freshness(catalog, "category", 1, 1));
        assertTrue(e.getMessage().startsWith("attribute: 'category' is CATEGORICAL, not NUMERIC or TIMESTAMP"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BlendTerm.freshness(catalog, "price", 80, 0));
        assertThrows(IllegalArgumentException.class, () -> BlendTerm.freshness(catalog, "price", Double.NaN, 1));
    }
}
