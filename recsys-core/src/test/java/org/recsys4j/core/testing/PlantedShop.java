package org.recsys4j.core.testing;

import org.recsys4j.core.data.AttributeType;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.ItemCatalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small shop with planted structure, for tests of code that must work on data that is not MovieLens: text
 * ids ({@code u17}, {@code sku-0a3f}), items with a {@code category}, a {@code brand} (categorical) and a
 * {@code price} (numeric), and sessions of {@code view} / {@code cart} / {@code buy} events. Seeded and
 * deterministic.
 *
 * <p>Planted: every user has a main category; a session's views fall in it with probability
 * {@link #MAIN_SHARE}, else in a random category, items within a category by a Zipf-like popularity. A view
 * becomes a cart with probability {@link #CART_MAIN} in the user's main category and {@link #CART_OTHER}
 * elsewhere, a cart a purchase with probability {@link #BUY_AFTER_CART}; a cart follows its view by 20 s, a
 * purchase its cart by 20 s; sessions are days apart. So a user's carts and purchases are mostly in the main
 * category, and whether an event converts depends on the user's category far more than on the item's
 * popularity. (The library's own shop generator, {@code core.synth.SyntheticShop}, plants the same kind of
 * structure in files; this one stays in memory and small.)
 */
public final class PlantedShop {
    /** Share of a user's views in the main category. */
    public static final double MAIN_SHARE = 0.35;
    /** Probability that a view in the user's main category becomes a cart. */
    public static final double CART_MAIN = 0.5;
    /** Probability that a view in another category becomes a cart. */
    public static final double CART_OTHER = 0.03;
    /** Probability that a cart becomes a purchase. */
    public static final double BUY_AFTER_CART = 0.5;
    /** The first event's second (2024-01-01). */
    public static final long START = 1_704_067_200L;

    private final ItemCatalog catalog;
    private final EventLog log;
    private final Map<String, String> mainCategory;
    private final List<String> categories;

    private PlantedShop(ItemCatalog catalog, EventLog log, Map<String, String> mainCategory, List<String> categories) {
        this.catalog = catalog;
        this.log = log;
        this.mainCategory = mainCategory;
        this.categories = categories;
    }

    /**
     * Generates a shop.
     *
     * @param users      number of users
     * @param categories number of categories (each with five brands)
     * @param perCategory items per category
     * @param seed       the seed
     * @return the shop
     */
    public static PlantedShop generate(int users, int categories, int perCategory, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> cats = new ArrayList<>();
        for (int c = 0; c < categories; c++) {
            cats.add("cat-" + (char) ('a' + c));
        }
        ItemCatalog.Builder cb = ItemCatalog.builder()
                .field("category", AttributeType.CATEGORICAL)
                .field("brand", AttributeType.CATEGORICAL)
                .field("price", AttributeType.NUMERIC);
        String[][] items = new String[categories][perCategory];
        for (int c = 0; c < categories; c++) {
            for (int k = 0; k < perCategory; k++) {
                String id = String.format(Locale.ROOT, "sku-%04x", (c * 7919 + k * 104_729) & 0xffff);
                while (contains(items, id)) {
                    id = id + "x";
                }
                items[c][k] = id;
                cb.add(id, Map.of("category", cats.get(c), "brand", "brand-" + (char) ('a' + c) + (k % 5),
                        "price", 5.0 + rnd.nextInt(200) + 0.99));
            }
        }
        ItemCatalog catalog = cb.build();
        double[] popularity = new double[perCategory];
        double total = 0;
        for (int k = 0; k < perCategory; k++) {
            popularity[k] = 1.0 / Math.pow(k + 1, 0.9);
            total += popularity[k];
        }
        EventLog.Builder lb = EventLog.builder(IdIndex.Kind.STRING, IdIndex.Kind.STRING).withItems(catalog.items());
        Map<String, String> main = new HashMap<>();
        for (int u = 0; u < users; u++) {
            String user = "u" + u;
            int m = rnd.nextInt(categories);
            main.put(user, cats.get(m));
            int sessions = 3 + rnd.nextInt(6);
            long t = START + rnd.nextInt(5 * 86_400);
            for (int s = 0; s < sessions; s++) {
                int views = 2 + rnd.nextInt(5);
                for (int v = 0; v < views; v++) {
                    int c = rnd.nextDouble() < MAIN_SHARE ? m : rnd.nextInt(categories);
                    double x = rnd.nextDouble() * total;
                    int k = 0;
                    while (k < perCategory - 1 && (x -= popularity[k]) > 0) {
                        k++;
                    }
                    String item = items[c][k];
                    lb.addTyped(user, item, t, "view");
                    if (rnd.nextDouble() < (c == m ? CART_MAIN : CART_OTHER)) {
                        lb.addTyped(user, item, t + 20, "cart");
                        if (rnd.nextDouble() < BUY_AFTER_CART) {
                            lb.addTyped(user, item, t + 40, "buy");
                        }
                    }
                    t += 60 + rnd.nextInt(60);
                }
                t += 86_400 + rnd.nextInt(3 * 86_400);
            }
        }
        return new PlantedShop(catalog, lb.build(), Map.copyOf(main), List.copyOf(cats));
    }

    private static boolean contains(String[][] items, String id) {
        for (String[] row : items) {
            for (String s : row) {
                if (id.equals(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Returns the catalogue: text ids, {@code category}, {@code brand} (categorical), {@code price} (numeric). */
    public ItemCatalog catalog() {
        return catalog;
    }

    /** Returns the events (types view, cart, buy), over the catalogue's items, in generation order (by user, then time). */
    public EventLog log() {
        return log;
    }

    /** Returns the planted main category of a user. */
    public String mainCategory(String user) {
        return mainCategory.get(user);
    }

    /** Returns the categories. */
    public List<String> categories() {
        return categories;
    }

    /**
     * Writes the shop as {@code events.csv} ({@code user_id,sku,event,ts}) and {@code items.csv}
     * ({@code sku,category,brand,price}) into a directory, for tests of the CSV path.
     *
     * @param dir the directory
     * @throws IOException if writing fails
     */
    public void write(Path dir) throws IOException {
        StringBuilder e = new StringBuilder("user_id,sku,event,ts\n");
        for (int k = 0; k < log.size(); k++) {
            e.append(log.users().id(log.user(k))).append(',').append(log.items().id(log.item(k))).append(',')
                    .append(log.type(k).orElseThrow()).append(',').append(log.timestamp(k)).append('\n');
        }
        Files.writeString(dir.resolve("events.csv"), e);
        StringBuilder i = new StringBuilder("sku,category,brand,price\n");
        for (int k = 0; k < catalog.size(); k++) {
            i.append(catalog.items().id(k)).append(',').append(catalog.categorical("category").valueAt(k).orElseThrow())
                    .append(',').append(catalog.categorical("brand").valueAt(k).orElseThrow()).append(',')
                    .append(catalog.numeric("price").valueAt(k).orElseThrow()).append('\n');
        }
        Files.writeString(dir.resolve("items.csv"), i);
    }
}
