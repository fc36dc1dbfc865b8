package org.recsys4j.core.synth;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.recsys4j.core.io.CatalogMapping;
import org.recsys4j.core.io.EventMapping;
import org.recsys4j.core.io.TimestampUnit;
import org.recsys4j.core.util.AtomicFiles;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Generates the event log and catalogue of an online shop with planted structure, seeded: string ids
 * ({@code u123}, {@code sku-9a8b}), browsing sessions, view → cart → buy funnels, categories × brands,
 * prices and price bands, skewed popularity, a main category and a preferred price band per user. For
 * tests and the guide of "your own data": {@link #write(Path)} writes {@code events.csv} and
 * {@code items.csv} (each through a temporary file and an atomic move) and returns what it planted, and
 * {@link #eventMapping()} / {@link #catalogMapping()} describe the two files for the generic readers.
 *
 * <p>What is planted:
 * <ul>
 *   <li><b>Catalogue.</b> Item {@code i} (generator index) is in category {@code i mod categories}, with a
 *       popularity rank {@code i / categories} inside it; it has one of the category's brands, a price (the
 *       category's base price times a brand premium times log-normal noise), the price band ({@code low},
 *       {@code mid}, {@code high}: the price's tertile within its category), a title, a few tags and a listing
 *       date.</li>
 *   <li><b>Users.</b> Each user has a main category (drawn with probability ∝ {@code (c+1)^-0.5}) and a
 *       preferred price band (uniform).</li>
 *   <li><b>Sessions.</b> A user has {@code 1 +} a geometric number of sessions (mean {@code sessionsPerUser}),
 *       each at a uniform time within the period; a session is in the user's main category with probability
 *       {@code mainCategoryShare}, else in another category (uniform); it has {@code 1 +} a geometric number
 *       of views (mean {@code viewsPerSession}), each of an item of the session's category with probability
 *       {@code sessionFocus} (else of any other category), picked with probability ∝
 *       {@code (rank+1)^-popularitySkew}.</li>
 *   <li><b>Funnel.</b> A view is followed by a {@code cart} event with probability {@code cartRate}, times
 *       {@code bandAffinity} when the item is in the user's preferred price band (at most 1); a carted item is
 *       bought at the session's end with probability {@code buyRate}, 1 to 3 units (the {@code quantity}
 *       column; 1 for views and carts).</li>
 * </ul>
 * Every user has its own random stream derived from the seed, so the output is a pure function of the
 * options: the same seed gives the same bytes.
 *
 * <pre>{@code
 * SyntheticShop shop = SyntheticShop.builder(2_000, 500, 42).withCategories(8).build();
 * SyntheticShop.Planted planted = shop.write(Path.of("target/shop"));   // events.csv, items.csv
 * planted.mainCategory("u17");                                           // e.g. "books"
 * }</pre>
 */
public final class SyntheticShop {
    /** The default number of categories. */
    public static final int DEFAULT_CATEGORIES = 8;
    /** The default number of brands per category. */
    public static final int DEFAULT_BRANDS_PER_CATEGORY = 5;
    /** The default mean number of sessions per user. */
    public static final double DEFAULT_SESSIONS_PER_USER = 6.0;
    /** The default mean number of views per session. */
    public static final double DEFAULT_VIEWS_PER_SESSION = 5.0;
    /** The default probability that a session is in the user's main category. */
    public static final double DEFAULT_MAIN_CATEGORY_SHARE = 0.8;
    /** The default probability that a view of a session is of an item of the session's category. */
    public static final double DEFAULT_SESSION_FOCUS = 0.95;
    /** The default probability that a view of an item outside the user's price band is followed by a cart event. */
    public static final double DEFAULT_CART_RATE = 0.1;
    /** The default factor of the cart probability of items in the user's preferred price band. */
    public static final double DEFAULT_BAND_AFFINITY = 2.0;
    /** The default probability that a carted item is bought. */
    public static final double DEFAULT_BUY_RATE = 0.4;
    /** The default Zipf exponent of item popularity within a category. */
    public static final double DEFAULT_POPULARITY_SKEW = 1.0;
    /** The default start of the period: 2024-01-01T00:00:00Z, in epoch seconds. */
    public static final long DEFAULT_START_SECOND = 1_704_067_200L;
    /** The default length of the period, in days. */
    public static final int DEFAULT_DAYS = 90;

    /** The event types, in funnel order. */
    public static final List<String> EVENT_TYPES = List.of("view", "cart", "buy");
    /** The price bands, cheapest first. */
    public static final List<String> PRICE_BANDS = List.of("low", "mid", "high");

    private static final String[] CATEGORY_NAMES = {"shoes", "books", "electronics", "toys", "kitchen", "garden",
        "beauty", "sports", "music", "outdoor", "office", "pets", "games", "jewelry", "bags", "lighting"};
    private static final String[][] NOUNS = {
        {"Runner", "Boot", "Sneaker", "Sandal"}, {"Novel", "Cookbook", "Atlas", "Handbook"},
        {"Headphones", "Charger", "Speaker", "Camera"}, {"Puzzle", "Robot", "Blocks", "Kite"},
        {"Pan", "Knife", "Kettle", "Grinder"}, {"Hose", "Planter", "Shears", "Lantern"},
        {"Serum", "Balm", "Cream", "Palette"}, {"Racket", "Ball", "Mat", "Bottle"},
        {"Vinyl", "Ukulele", "Metronome", "Songbook"}, {"Tent", "Stove", "Compass", "Hammock"},
        {"Notebook", "Stapler", "Lamp", "Chair"}, {"Leash", "Bowl", "Bed", "Brush"},
        {"Board Game", "Deck", "Controller", "Dice Set"}, {"Ring", "Pendant", "Bracelet", "Watch"},
        {"Backpack", "Tote", "Wallet", "Duffel"}, {"Bulb", "Lamp", "String Lights", "Sconce"}};
    private static final String[] ADJECTIVES = {"Classic", "Trail", "Urban", "Compact", "Pro", "Soft", "Bold",
        "Everyday", "Mini", "Deluxe", "Eco", "Vintage"};
    private static final String[] SYLLABLES = {"No", "ra", "Ac", "me", "Ve", "lo", "Zi", "ta", "Lu", "mo", "Ka",
        "ri", "Pe", "xa", "Su", "do", "Fen", "ix", "Or", "bis"};
    private static final String[] TAGS = {"sale", "new", "eco", "bestseller", "limited"};

    private final int users;
    private final int items;
    private final long seed;
    private final int categories;
    private final int brandsPerCategory;
    private final double sessionsPerUser;
    private final double viewsPerSession;
    private final double mainCategoryShare;
    private final double sessionFocus;
    private final double cartRate;
    private final double bandAffinity;
    private final double buyRate;
    private final double popularitySkew;
    private final long startSecond;
    private final int days;

    // the catalogue, derived from the seed
    private final String[] categoryNames;
    private final String[][] brandNames;
    private final String[] itemIds;
    private final int[] itemBrand;
    private final double[] price;
    private final int[] band;
    private final double[][] rankCdf;   // per category
    private final double[] categoryCdf;

    private SyntheticShop(Builder b) {
        this.users = b.users;
        this.items = b.items;
        this.seed = b.seed;
        this.categories = b.categories;
        this.brandsPerCategory = b.brandsPerCategory;
        this.sessionsPerUser = b.sessionsPerUser;
        this.viewsPerSession = b.viewsPerSession;
        this.mainCategoryShare = b.mainCategoryShare;
        this.sessionFocus = b.sessionFocus;
        this.cartRate = b.cartRate;
        this.bandAffinity = b.bandAffinity;
        this.buyRate = b.buyRate;
        this.popularitySkew = b.popularitySkew;
        this.startSecond = b.startSecond;
        this.days = b.days;

        categoryNames = new String[categories];
        for (int c = 0; c < categories; c++) {
            categoryNames[c] = c < CATEGORY_NAMES.length ? CATEGORY_NAMES[c] : "category-" + (c + 1);
        }
        SplittableRandom cat = new SplittableRandom(Draws.mix(seed, -1));
        brandNames = new String[categories][brandsPerCategory];
        for (int c = 0; c < categories; c++) {
            List<String> used = new ArrayList<>();
            for (int k = 0; k < brandsPerCategory; k++) {
                String name;
                do {
                    String a = SYLLABLES[cat.nextInt(SYLLABLES.length)];
                    name = Character.toUpperCase(a.charAt(0)) + a.substring(1)
                            + SYLLABLES[cat.nextInt(SYLLABLES.length)].toLowerCase(java.util.Locale.ROOT);
                    if (used.size() >= 300) {
                        name = name + (k + 1);
                    }
                } while (used.contains(name));
                used.add(name);
                brandNames[c][k] = name;
            }
        }
        itemIds = new String[items];
        int width = Math.max(4, (64 - Long.numberOfLeadingZeros(Math.max(1, items - 1)) + 3) / 4);
        long mask = width >= 16 ? -1L : (1L << (4 * width)) - 1;
        for (int i = 0; i < items; i++) {
            long scrambled = (i * 0x9E3779B97F4A7C15L + 0x5851F42DL) & mask;   // odd multiplier: a bijection
            itemIds[i] = "sku-" + String.format("%0" + width + "x", scrambled);
        }
        itemBrand = new int[items];
        price = new double[items];
        double[] brandPremium = new double[brandsPerCategory];
        for (int k = 0; k < brandsPerCategory; k++) {
            brandPremium[k] = 0.7 + 0.9 * k / Math.max(1, brandsPerCategory - 1);
        }
        for (int i = 0; i < items; i++) {
            int c = i % categories;
            double base = 8 * StrictMath.pow(1.6, c % 9);    // 8 .. 343 by category
            itemBrand[i] = cat.nextInt(brandsPerCategory);
            double noise = StrictMath.exp(0.25 * Draws.gaussian(cat));
            price[i] = Math.max(0.99, Math.round(base * brandPremium[itemBrand[i]] * noise * 100) / 100.0);
        }
        band = new int[items];
        for (int c = 0; c < categories; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = c; i < items; i += categories) {
                members.add(i);
            }
            members.sort((a, x) -> a.equals(x) ? 0 : price[a] != price[x] ? Double.compare(price[a], price[x])
                    : Integer.compare(a, x));
            for (int r = 0; r < members.size(); r++) {
                band[members.get(r)] = (int) (3L * r / members.size());
            }
        }
        rankCdf = new double[categories][];
        for (int c = 0; c < categories; c++) {
            rankCdf[c] = Draws.cdf(size(c), popularitySkew);
        }
        categoryCdf = Draws.cdf(categories, 0.5);
    }

    /**
     * Returns a builder of a shop with {@code users} users and {@code items} items, generated from {@code seed}.
     *
     * @param users the number of users ({@code >= 1})
     * @param items the number of items ({@code >= categories})
     * @param seed  the seed
     * @return the builder (bad values fail {@link Builder#build()})
     */
    public static Builder builder(int users, int items, long seed) {
        return new Builder(users, items, seed);
    }

    /**
     * Returns the mapping of {@code events.csv}: {@code event_time} (ISO-8601, UTC), {@code user_id},
     * {@code session_id}, {@code item_id}, {@code event} ({@code view}, {@code cart}, {@code buy}),
     * {@code quantity} (the weight); string ids.
     *
     * @return the mapping
     */
    public static EventMapping eventMapping() {
        return EventMapping.builder("user_id", "item_id", "event_time", TimestampUnit.ISO_8601)
                .withEventType("event")
                .withWeight("quantity")
                .build();
    }

    /**
     * Returns the mapping of {@code items.csv}: {@code item_id} (string), {@code title} (TEXT),
     * {@code category} (CATEGORICAL, required), {@code brand} (CATEGORICAL), {@code price} (NUMERIC),
     * {@code price_band} (CATEGORICAL), {@code tags} (MULTI_CATEGORICAL, {@code |}-separated),
     * {@code listed_at} (TIMESTAMP, ISO-8601).
     *
     * @return the mapping
     */
    public static CatalogMapping catalogMapping() {
        return CatalogMapping.builder("item_id")
                .field(CatalogMapping.Field.text("title"))
                .field(CatalogMapping.Field.categorical("category").withRequired(true))
                .field(CatalogMapping.Field.categorical("brand"))
                .field(CatalogMapping.Field.numeric("price"))
                .field(CatalogMapping.Field.categorical("price_band"))
                .field(CatalogMapping.Field.multiCategorical("tags", "|"))
                .field(CatalogMapping.Field.timestamp("listed_at", TimestampUnit.ISO_8601))
                .build();
    }

    /** Returns the number of users. */
    public int users() {
        return users;
    }

    /** Returns the number of items. */
    public int items() {
        return items;
    }

    /** Returns the seed. */
    public long seed() {
        return seed;
    }

    private int size(int c) {
        return items / categories + (c < items % categories ? 1 : 0);
    }

    /**
     * Writes {@code items.csv} and {@code events.csv} into {@code dir} (created if needed), each to a temporary
     * file in {@code dir} moved into place atomically, and returns what was planted. Events are in time order
     * (ties: by user, then as generated). Holds every event in memory (about 60 bytes each) to sort them.
     *
     * @param dir the folder
     * @return the planted structure
     * @throws IOException if a file cannot be written
     */
    public Planted write(Path dir) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve("items.csv"), out -> writeItems(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
        Planted planted = new Planted();
        List<long[]> events = generate(planted);
        AtomicFiles.write(dir.resolve("events.csv"), out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            w.write("event_time,user_id,session_id,item_id,event,quantity\n");
            StringBuilder sb = new StringBuilder();
            for (long[] e : events) {
                sb.setLength(0);
                sb.append(Instant.ofEpochSecond(e[0])).append(',').append(userId((int) e[1])).append(',')
                        .append(userId((int) e[1])).append("-s").append(e[2]).append(',').append(itemIds[(int) e[3]])
                        .append(',').append(EVENT_TYPES.get((int) e[4])).append(',').append(e[5]).append('\n');
                w.write(sb.toString());
            }
            w.flush();
        });
        return planted;
    }

    private void writeItems(Writer out) throws IOException {
        BufferedWriter bw = new BufferedWriter(out, 1 << 16);
        CSVPrinter printer = new CSVPrinter(bw, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build());
        printer.printRecord("item_id", "title", "category", "brand", "price", "price_band", "tags", "listed_at");
        SplittableRandom rnd = new SplittableRandom(Draws.mix(seed, -2));
        for (int i = 0; i < items; i++) {
            int c = i % categories;
            String[] nouns = NOUNS[c % NOUNS.length];
            String brand = brandNames[c][itemBrand[i]];
            String title = brand + " " + ADJECTIVES[rnd.nextInt(ADJECTIVES.length)] + " " + nouns[rnd.nextInt(nouns.length)]
                    + (rnd.nextInt(4) == 0 ? ", size " + (36 + rnd.nextInt(12)) : "");
            List<String> tags = new ArrayList<>();
            for (String t : TAGS) {
                if (rnd.nextInt(7) == 0) {
                    tags.add(t);
                }
            }
            long listed = Math.max(0, startSecond - rnd.nextLong(365L * 86_400));
            printer.printRecord(itemIds[i], title, categoryNames[c], brand, String.format(java.util.Locale.ROOT, "%.2f",
                    price[i]), PRICE_BANDS.get(band[i]), String.join("|", tags), Instant.ofEpochSecond(listed));
        }
        printer.flush();
    }

    private static String userId(int u) {
        return "u" + (u + 1);
    }

    /** Generates every event as {time, user, session, item, type, quantity}, sorted by (time, user, order), and plants. */
    private List<long[]> generate(Planted planted) {
        List<long[]> events = new ArrayList<>();
        long period = (long) days * 86_400;
        int[] typeCounts = new int[3];
        int sessions = 0;
        for (int u = 0; u < users; u++) {
            SplittableRandom rnd = new SplittableRandom(Draws.mix(seed, u));
            int main = Draws.sample(categoryCdf, rnd.nextDouble());
            int preferred = rnd.nextInt(3);
            planted.mainCategory.put(userId(u), categoryNames[main]);
            planted.preferredBand.put(userId(u), PRICE_BANDS.get(preferred));
            int n = 1 + geometric(rnd, sessionsPerUser - 1);
            for (int s = 0; s < n; s++) {
                sessions++;
                int sc = categories == 1 || rnd.nextDouble() < mainCategoryShare ? main : other(main, rnd);
                long t = startSecond + (long) (rnd.nextDouble() * Math.max(1, period - 3_600));
                int views = 1 + geometric(rnd, viewsPerSession - 1);
                List<Integer> carted = new ArrayList<>();
                for (int v = 0; v < views; v++) {
                    int c = categories == 1 || rnd.nextDouble() < sessionFocus ? sc : other(sc, rnd);
                    int i = Draws.sample(rankCdf[c], rnd.nextDouble()) * categories + c;
                    t += 5 + rnd.nextInt(120);
                    events.add(new long[] {t, u, s + 1, i, 0, 1});
                    typeCounts[0]++;
                    double p = Math.min(1, cartRate * (band[i] == preferred ? bandAffinity : 1));
                    if (rnd.nextDouble() < p) {
                        t += 3 + rnd.nextInt(60);
                        events.add(new long[] {t, u, s + 1, i, 1, 1});
                        typeCounts[1]++;
                        carted.add(i);
                    }
                }
                t += 30 + rnd.nextInt(300);
                for (int i : carted) {
                    if (rnd.nextDouble() < buyRate) {
                        int r = rnd.nextInt(100);
                        events.add(new long[] {t, u, s + 1, i, 2, r < 85 ? 1 : r < 97 ? 2 : 3});
                        typeCounts[2]++;
                    }
                }
            }
        }
        // stable: events of one user and second keep their generated order
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        for (int i = 0; i < items; i++) {
            planted.category.put(itemIds[i], categoryNames[i % categories]);
            planted.brand.put(itemIds[i], brandNames[i % categories][itemBrand[i]]);
            planted.priceBand.put(itemIds[i], PRICE_BANDS.get(band[i]));
            planted.popularityRank.put(itemIds[i], i / categories);
        }
        planted.itemIds = List.of(itemIds);
        List<String> u = new ArrayList<>(users);
        for (int k = 0; k < users; k++) {
            u.add(userId(k));
        }
        planted.userIds = Collections.unmodifiableList(u);
        planted.categories = List.of(categoryNames);
        planted.sessions = sessions;
        for (int k = 0; k < 3; k++) {
            planted.events.put(EVENT_TYPES.get(k), typeCounts[k]);
        }
        return events;
    }

    private int other(int c, SplittableRandom rnd) {
        int o = rnd.nextInt(categories - 1);
        return o >= c ? o + 1 : o;
    }

    /** Returns a geometric number of failures with the given mean (0 for a mean of 0). */
    private static int geometric(SplittableRandom rnd, double mean) {
        if (mean <= 0) {
            return 0;
        }
        double p = 1 / (1 + mean);
        return (int) Math.min(10_000, Math.floor(StrictMath.log(1 - rnd.nextDouble()) / StrictMath.log(1 - p)));
    }

    /**
     * What a shop planted, by id: each user's main category and preferred price band, each item's category,
     * brand, price band and popularity rank, and the counts of sessions and events. Read-only.
     */
    public static final class Planted {
        private List<String> userIds = List.of();
        private List<String> itemIds = List.of();
        private List<String> categories = List.of();
        private final Map<String, String> mainCategory = new HashMap<>();
        private final Map<String, String> preferredBand = new HashMap<>();
        private final Map<String, String> category = new HashMap<>();
        private final Map<String, String> brand = new HashMap<>();
        private final Map<String, String> priceBand = new HashMap<>();
        private final Map<String, Integer> popularityRank = new HashMap<>();
        private final Map<String, Integer> events = new LinkedHashMap<>();
        private int sessions;

        private Planted() {
        }

        /** Returns the user ids, {@code u1 .. uN}. */
        public List<String> userIds() {
            return userIds;
        }

        /** Returns the item ids, in generator order (item {@code i} is in category {@code i mod categories}). */
        public List<String> itemIds() {
            return itemIds;
        }

        /** Returns the category names. */
        public List<String> categories() {
            return categories;
        }

        /** Returns a user's main category; throws {@link IllegalArgumentException} for an unknown user. */
        public String mainCategory(String userId) {
            return get(mainCategory, userId, "user");
        }

        /** Returns a user's preferred price band (one of {@link SyntheticShop#PRICE_BANDS}). */
        public String preferredBand(String userId) {
            return get(preferredBand, userId, "user");
        }

        /** Returns an item's category. */
        public String category(String itemId) {
            return get(category, itemId, "item");
        }

        /** Returns an item's brand. */
        public String brand(String itemId) {
            return get(brand, itemId, "item");
        }

        /** Returns an item's price band (one of {@link SyntheticShop#PRICE_BANDS}). */
        public String priceBand(String itemId) {
            return get(priceBand, itemId, "item");
        }

        /** Returns an item's popularity rank within its category (0 = the most popular). */
        public int popularityRank(String itemId) {
            return get(popularityRank, itemId, "item");
        }

        /** Returns the number of sessions. */
        public int sessions() {
            return sessions;
        }

        /** Returns the number of events of a type ({@code view}, {@code cart}, {@code buy}; 0 for others). */
        public int events(String type) {
            return events.getOrDefault(type, 0);
        }

        /** Returns the number of events of every type. */
        public int events() {
            int n = 0;
            for (int c : events.values()) {
                n += c;
            }
            return n;
        }

        private static <T> T get(Map<String, T> m, String id, String what) {
            T v = m.get(Objects.requireNonNull(id, what));
            if (v == null) {
                throw new IllegalArgumentException(what + ": no " + what + " '" + id + "' in the shop");
            }
            return v;
        }
    }

    @Override
    public String toString() {
        return "SyntheticShop[users=" + users + ", items=" + items + ", seed=" + seed + ", categories=" + categories
                + ", brandsPerCategory=" + brandsPerCategory + "]";
    }

    /** Collects a shop's options; setters only store, {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final int users;
        private final int items;
        private final long seed;
        private int categories = DEFAULT_CATEGORIES;
        private int brandsPerCategory = DEFAULT_BRANDS_PER_CATEGORY;
        private double sessionsPerUser = DEFAULT_SESSIONS_PER_USER;
        private double viewsPerSession = DEFAULT_VIEWS_PER_SESSION;
        private double mainCategoryShare = DEFAULT_MAIN_CATEGORY_SHARE;
        private double sessionFocus = DEFAULT_SESSION_FOCUS;
        private double cartRate = DEFAULT_CART_RATE;
        private double bandAffinity = DEFAULT_BAND_AFFINITY;
        private double buyRate = DEFAULT_BUY_RATE;
        private double popularitySkew = DEFAULT_POPULARITY_SKEW;
        private long startSecond = DEFAULT_START_SECOND;
        private int days = DEFAULT_DAYS;

        private Builder(int users, int items, long seed) {
            this.users = users;
            this.items = items;
            this.seed = seed;
        }

        /** Sets the number of categories (default {@value SyntheticShop#DEFAULT_CATEGORIES}); returns this builder. */
        public Builder withCategories(int categories) {
            this.categories = categories;
            return this;
        }

        /** Sets the number of brands per category (default {@value SyntheticShop#DEFAULT_BRANDS_PER_CATEGORY}); returns this builder. */
        public Builder withBrandsPerCategory(int brands) {
            this.brandsPerCategory = brands;
            return this;
        }

        /** Sets the mean number of sessions per user, at least 1 (default {@value SyntheticShop#DEFAULT_SESSIONS_PER_USER}); returns this builder. */
        public Builder withSessionsPerUser(double mean) {
            this.sessionsPerUser = mean;
            return this;
        }

        /** Sets the mean number of views per session, at least 1 (default {@value SyntheticShop#DEFAULT_VIEWS_PER_SESSION}); returns this builder. */
        public Builder withViewsPerSession(double mean) {
            this.viewsPerSession = mean;
            return this;
        }

        /** Sets the probability that a session is in the user's main category (default {@value SyntheticShop#DEFAULT_MAIN_CATEGORY_SHARE}); returns this builder. */
        public Builder withMainCategoryShare(double share) {
            this.mainCategoryShare = share;
            return this;
        }

        /** Sets the probability that a view is in the session's category (default {@value SyntheticShop#DEFAULT_SESSION_FOCUS}); returns this builder. */
        public Builder withSessionFocus(double focus) {
            this.sessionFocus = focus;
            return this;
        }

        /** Sets the view → cart probability outside the user's price band (default {@value SyntheticShop#DEFAULT_CART_RATE}); returns this builder. */
        public Builder withCartRate(double rate) {
            this.cartRate = rate;
            return this;
        }

        /** Sets the cart probability factor inside the user's price band, at least 1 (default {@value SyntheticShop#DEFAULT_BAND_AFFINITY}); returns this builder. */
        public Builder withBandAffinity(double factor) {
            this.bandAffinity = factor;
            return this;
        }

        /** Sets the cart → buy probability (default {@value SyntheticShop#DEFAULT_BUY_RATE}); returns this builder. */
        public Builder withBuyRate(double rate) {
            this.buyRate = rate;
            return this;
        }

        /** Sets the Zipf exponent of popularity within a category (default {@value SyntheticShop#DEFAULT_POPULARITY_SKEW}; 0 = uniform); returns this builder. */
        public Builder withPopularitySkew(double exponent) {
            this.popularitySkew = exponent;
            return this;
        }

        /** Sets the start of the period in epoch seconds (default {@value SyntheticShop#DEFAULT_START_SECOND}, 2024-01-01T00:00:00Z); returns this builder. */
        public Builder withStartSecond(long epochSecond) {
            this.startSecond = epochSecond;
            return this;
        }

        /** Sets the length of the period in days (default {@value SyntheticShop#DEFAULT_DAYS}); returns this builder. */
        public Builder withDays(int days) {
            this.days = days;
            return this;
        }

        /**
         * Returns the generator.
         *
         * @return the generator
         * @throws IllegalArgumentException naming the option whose value is out of range
         */
        public SyntheticShop build() {
            if (users < 1) {
                throw new IllegalArgumentException("users: " + users + ", must be >= 1");
            }
            if (categories < 1 || categories > 1_000) {
                throw new IllegalArgumentException("categories: " + categories + ", must be in [1, 1000]");
            }
            if (items < categories) {
                throw new IllegalArgumentException("items: " + items + ", must be >= categories (" + categories + ")");
            }
            if (brandsPerCategory < 1 || brandsPerCategory > 100) {
                throw new IllegalArgumentException("brandsPerCategory: " + brandsPerCategory + ", must be in [1, 100]");
            }
            if (!(sessionsPerUser >= 1 && sessionsPerUser <= 1_000)) {
                throw new IllegalArgumentException("sessionsPerUser: " + sessionsPerUser + ", must be in [1, 1000]");
            }
            if (!(viewsPerSession >= 1 && viewsPerSession <= 1_000)) {
                throw new IllegalArgumentException("viewsPerSession: " + viewsPerSession + ", must be in [1, 1000]");
            }
            check("mainCategoryShare", mainCategoryShare);
            check("sessionFocus", sessionFocus);
            check("cartRate", cartRate);
            check("buyRate", buyRate);
            if (!(bandAffinity >= 1 && bandAffinity <= 100)) {
                throw new IllegalArgumentException("bandAffinity: " + bandAffinity + ", must be in [1, 100]");
            }
            if (!(popularitySkew >= 0 && popularitySkew <= 10)) {
                throw new IllegalArgumentException("popularitySkew: " + popularitySkew + ", must be in [0, 10]");
            }
            if (startSecond < 0 || startSecond > 200_000_000_000L) {
                throw new IllegalArgumentException("startSecond: " + startSecond + ", must be in [0, 2e11]");
            }
            if (days < 1 || days > 36_500) {
                throw new IllegalArgumentException("days: " + days + ", must be in [1, 36500]");
            }
            return new SyntheticShop(this);
        }

        private static void check(String name, double p) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException(name + ": " + p + ", must be in [0, 1]");
            }
        }
    }
}
