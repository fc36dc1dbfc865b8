package org.recsys4j.core.synth;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.util.AtomicFiles;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Generates MovieLens-like rating data with planted structure, seeded and streaming, at any scale up
 * to the ml-25m shape (25 M ratings, 162 k users, 62 k items).
 *
 * <p>What is planted:
 * <ul>
 *   <li><b>Clusters.</b> Item {@code i} (dense index) belongs to item cluster {@code i mod C}; each user
 *       belongs to one cluster, drawn with probability ∝ {@code (c+1)^-clusterSkew}. Each rating is
 *       in the user's own cluster with probability {@code inClusterShare}, otherwise in another cluster
 *       drawn by the same weights.</li>
 *   <li><b>Popularity.</b> Within a cluster, the item of rank {@code r = i / C} is drawn with probability
 *       ∝ {@code (r+1)^-zipfExponent}, so low ids are popular, as in MovieLens.</li>
 *   <li><b>Ratings</b> in 0.5 steps from 0.5 to 5: mean 4.0 for in-cluster items and 2.6 for others,
 *       plus a per-user and a per-item offset and noise.</li>
 *   <li><b>Activity.</b> Ratings per user are log-normal (at least {@code minRatingsPerUser}, at most
 *       half the items), the total being exactly {@code ratings}; each user rates distinct items.</li>
 *   <li><b>Time.</b> Each user's ratings, in the order drawn, get non-decreasing timestamps inside the
 *       configured range; a share {@code tieShare} repeats the previous second.</li>
 *   <li><b>Catalogue.</b> Movie ids increase with small gaps; titles end with a year in 1990..2020,
 *       some contain commas ("Name, The (1994)") and double quotes; each item cluster has its own
 *       genres, joined by {@code |} — or, with {@link Builder#withIndependentGenres independent genres},
 *       each item's genres are drawn at random whatever its cluster, so genres say nothing of taste.</li>
 *   <li><b>Blockbusters</b> (none by default): items {@code 0 .. blockbusters-1} (the most popular item of
 *       each of the first clusters) are rated by each user with probability {@code blockbusterShare},
 *       whatever the user's cluster, and never otherwise, at random positions of the user's sequence, liked by everyone
 *       (mean 4.0). They keep their planted cluster ({@code i mod C}), so a recommender that pushes them
 *       to everyone leaves the users' clusters.</li>
 * </ul>
 * Every user has an independent random stream derived from the seed, so the output is a pure function
 * of the options: the same seed gives the same bytes.
 *
 * <pre>{@code
 * SyntheticMovieLens gen = SyntheticMovieLens.builder(1_000, 2_000, 50_000, 42)
 *         .withClusters(8).withInClusterShare(0.8).build();
 * gen.writeLatestCsv(Path.of("target/synthetic"));     // ratings.csv, movies.csv, links.csv
 * SyntheticMovieLens.Data data = gen.generate();       // in memory, with the planted clusters
 * }</pre>
 */
public final class SyntheticMovieLens {
    /** Default number of user and item clusters. */
    public static final int DEFAULT_CLUSTERS = 10;
    /** Default probability that a rating falls in the user's own cluster. */
    public static final double DEFAULT_IN_CLUSTER_SHARE = 0.8;
    /** Default Zipf exponent of item popularity within a cluster. */
    public static final double DEFAULT_ZIPF_EXPONENT = 1.0;
    /** Default Zipf exponent of cluster sizes (users) and of out-of-cluster choices. */
    public static final double DEFAULT_CLUSTER_SKEW = 0.5;
    /** Default first timestamp: 2000-01-01T00:00:00Z. */
    public static final long DEFAULT_START_SECOND = 946_684_800L;
    /** Default last timestamp: 2020-01-01T00:00:00Z. */
    public static final long DEFAULT_END_SECOND = 1_577_836_800L;
    /** Default probability that a rating has the same second as the user's previous one. */
    public static final double DEFAULT_TIE_SHARE = 0.05;
    /** Default minimum number of ratings per user (as in MovieLens), lowered if there are too few ratings. */
    public static final int DEFAULT_MIN_RATINGS_PER_USER = 20;
    /** Default for drawing genres independently of clusters: {@value} (each cluster has its own genres). */
    public static final boolean DEFAULT_INDEPENDENT_GENRES = false;
    /** Default number of cross-cluster blockbusters: {@value}. */
    public static final int DEFAULT_BLOCKBUSTERS = 0;
    /** Default probability that a user rates a given blockbuster: {@value}. */
    public static final double DEFAULT_BLOCKBUSTER_SHARE = 0.7;

    /** The planted shape's clusters ({@link #plantedBuilder}): {@value}. */
    public static final int PLANTED_CLUSTERS = 15;
    /** The planted shape's cross-cluster blockbusters ({@link #plantedBuilder}): {@value}. */
    public static final int PLANTED_BLOCKBUSTERS = 20;
    /** The planted shape's probability that a user rates a given blockbuster ({@link #plantedBuilder}): {@value}. */
    public static final double PLANTED_BLOCKBUSTER_SHARE = 0.9;
    /** The users of the planted data set the benches measure ({@link #planted(long)}): {@value}. */
    public static final int PLANTED_USERS = 2_000;
    /** The movies of the planted data set the benches measure ({@link #planted(long)}): {@value}. */
    public static final int PLANTED_ITEMS = 3_000;
    /** The ratings of the planted data set the benches measure ({@link #planted(long)}): {@value}. */
    public static final long PLANTED_RATINGS = 150_000;

    static final String[] GENRES = {"Action", "Adventure", "Animation", "Children", "Comedy", "Crime",
        "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "IMAX", "Musical", "Mystery", "Romance",
        "Sci-Fi", "Thriller", "War", "Western"};
    private static final String[] WORDS = {"Night", "Summer", "River", "Ghost", "City", "Heart", "Storm",
        "Shadow", "Dream", "Road", "Star", "Iron", "Silent", "Last", "Blue", "Wild", "Secret", "Broken",
        "Golden", "Winter", "Lost", "Dark", "Little", "Big", "Long", "Red", "Hidden", "Final", "Glass",
        "Paper", "Empire", "Island", "Garden", "Machine", "Letter", "Mountain", "Mirror", "Train", "Circus",
        "Harbor"};

    private final int users;
    private final int items;
    private final long ratings;
    private final long seed;
    private final int clusters;
    private final double inClusterShare;
    private final double zipfExponent;
    private final double clusterSkew;
    private final long startSecond;
    private final long endSecond;
    private final double tieShare;
    private final int minPerUser;
    private final int maxPerUser;
    private final boolean independentGenres;
    private final int blockbusters;
    private final double blockbusterShare;

    // derived, immutable
    private final double[] clusterCdf;
    private final double[][] rankCdf; // by cluster size: [0] = size items/C, [1] = size items/C + 1
    private final long[] movieIds;
    private final float[] itemOffset;

    private SyntheticMovieLens(Builder b) {
        this.users = b.users;
        this.items = b.items;
        this.ratings = b.ratings;
        this.seed = b.seed;
        this.clusters = b.clusters;
        this.inClusterShare = b.inClusterShare;
        this.zipfExponent = b.zipfExponent;
        this.clusterSkew = b.clusterSkew;
        this.startSecond = b.startSecond;
        this.endSecond = b.endSecond;
        this.tieShare = b.tieShare;
        this.minPerUser = (int) Math.min(b.minRatingsPerUser, ratings / users);
        this.maxPerUser = Math.max(1, items / 2);
        this.independentGenres = b.independentGenres;
        this.blockbusters = b.blockbusters;
        this.blockbusterShare = b.blockbusterShare;
        this.clusterCdf = Draws.cdf(clusters, clusterSkew);
        int small = items / clusters;
        this.rankCdf = new double[][] {Draws.cdf(small, zipfExponent), Draws.cdf(small + 1, zipfExponent)};
        SplittableRandom cat = new SplittableRandom(Draws.mix(seed, -1));
        this.movieIds = new long[items];
        this.itemOffset = new float[items];
        long id = 0;
        for (int i = 0; i < items; i++) {
            id += 1 + (cat.nextInt(5) == 0 ? cat.nextInt(4) : 0);
            movieIds[i] = id;
            itemOffset[i] = (float) (0.3 * Draws.gaussian(cat));
        }
    }

    /**
     * Returns a builder for {@code users} users, {@code items} items and exactly {@code ratings}
     * ratings, generated from {@code seed}.
     */
    public static Builder builder(int users, int items, long ratings, long seed) {
        return new Builder(users, items, ratings, seed);
    }

    /**
     * Returns a builder preset to the <b>planted shape</b> (issue 18), the one definition the benches, the tests and
     * {@code generate --planted} share: {@value #PLANTED_CLUSTERS} clusters, genres drawn independently of the clusters
     * (so genres say nothing of taste), and {@value #PLANTED_BLOCKBUSTERS} cross-cluster blockbusters each rated (and
     * liked) by {@value #PLANTED_BLOCKBUSTER_SHARE} of the users whatever their cluster; every other option at its
     * default (in-cluster share {@value #DEFAULT_IN_CLUSTER_SHARE}). Sizes are the caller's, so tests can use the same
     * shape small; options can still be changed on the returned builder.
     */
    public static Builder plantedBuilder(int users, int items, long ratings, long seed) {
        return builder(users, items, ratings, seed).withClusters(PLANTED_CLUSTERS).withIndependentGenres(true)
                .withBlockbusters(PLANTED_BLOCKBUSTERS).withBlockbusterShare(PLANTED_BLOCKBUSTER_SHARE);
    }

    /**
     * Returns the planted data set the benches measure ({@code bench similar --served --planted},
     * {@code evaluate --protocol PIPELINES --planted}): {@link #plantedBuilder} with {@value #PLANTED_USERS} users,
     * {@value #PLANTED_ITEMS} movies and {@value #PLANTED_RATINGS} ratings; {@code generate --planted --seed SEED}
     * writes it.
     */
    public static SyntheticMovieLens planted(long seed) {
        return plantedBuilder(PLANTED_USERS, PLANTED_ITEMS, PLANTED_RATINGS, seed).build();
    }

    /** Returns the number of users. */
    public int users() {
        return users;
    }

    /** Returns the number of items. */
    public int items() {
        return items;
    }

    /** Returns the number of ratings. */
    public long ratings() {
        return ratings;
    }

    /** Returns the seed. */
    public long seed() {
        return seed;
    }

    /** Returns the number of clusters. */
    public int clusters() {
        return clusters;
    }

    /** Returns the planted cluster of item index {@code item}: {@code item mod clusters}. */
    public int itemCluster(int item) {
        return item % clusters;
    }

    /** Returns whether item index {@code item} is a cross-cluster blockbuster ({@code item < blockbusters}). */
    public boolean isBlockbuster(int item) {
        return item >= 0 && item < blockbusters;
    }

    /** Returns the planted cluster of user index {@code user}. */
    public int userCluster(int user) {
        return userClusterOf(new SplittableRandom(Draws.mix(seed, user)));
    }

    /** Returns the movie id of item index {@code item} (ids increase with the index, with gaps). */
    public long movieId(int item) {
        return movieIds[item];
    }

    /** The in-memory result of {@link #generate()}. */
    public static final class Data {
        private final Interactions interactions;
        private final int[] userCluster;
        private final int[] itemCluster;

        Data(Interactions interactions, int[] userCluster, int[] itemCluster) {
            this.interactions = interactions;
            this.userCluster = userCluster;
            this.itemCluster = itemCluster;
        }

        /**
         * Returns the ratings: users with ids 1..users (index = id − 1), items with the generated movie
         * ids; rows grouped by user in ascending id, each user's rows in the order drawn (non-decreasing
         * timestamps).
         */
        public Interactions interactions() {
            return interactions;
        }

        /** Returns the planted cluster of each user index (a copy). */
        public int[] userClusters() {
            return userCluster.clone();
        }

        /** Returns the planted cluster of each item index (a copy). */
        public int[] itemClusters() {
            return itemCluster.clone();
        }

        /** Returns the planted cluster of user index {@code user}. */
        public int userCluster(int user) {
            return userCluster[user];
        }

        /** Returns the planted cluster of item index {@code item}. */
        public int itemCluster(int item) {
            return itemCluster[item];
        }
    }

    /**
     * Returns the data in memory with the planted clusters. Meant for test-sized data: it holds every
     * row (about 20 bytes each).
     *
     * @throws IllegalStateException if there are more ratings than one array can hold
     */
    public Data generate() {
        if (ratings > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("ratings: " + ratings + " do not fit in memory arrays; use writeLatestCsv");
        }
        int n = (int) ratings;
        int[] uCol = new int[n];
        int[] iCol = new int[n];
        float[] vCol = new float[n];
        long[] tCol = new long[n];
        int[] userCluster = new int[users];
        int[] itemCluster = new int[items];
        for (int i = 0; i < items; i++) {
            itemCluster[i] = i % clusters;
        }
        int[] counts = perUserCounts();
        UserRows rows = new UserRows(maxCount(counts), items);
        int k = 0;
        for (int u = 0; u < users; u++) {
            userCluster[u] = rows.generate(u, counts[u]);
            for (int p = 0; p < rows.n; p++) {
                uCol[k] = u;
                iCol[k] = rows.item[p];
                vCol[k] = rows.half[p] * 0.5f;
                tCol[k] = rows.time[p];
                k++;
            }
        }
        long[] userIds = new long[users];
        for (int u = 0; u < users; u++) {
            userIds[u] = u + 1L;
        }
        Interactions log = Interactions.wrap(IdIndex.ofLongs(userIds), IdIndex.ofLongs(movieIds), uCol, iCol, vCol,
                tCol);
        return new Data(log, userCluster, itemCluster);
    }

    /**
     * Writes {@code ratings.csv}, {@code movies.csv} and {@code links.csv} in the ml-latest format into
     * {@code dir} (created if needed). Ratings rows are sorted by (userId, movieId) as in ml-latest; each
     * file is written to a temporary file in {@code dir} and then atomically moved into place. Streams:
     * memory stays bounded whatever the number of ratings.
     *
     * @throws IOException if a file cannot be written
     */
    public void writeLatestCsv(Path dir) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve("movies.csv"), this::writeMovies);
        AtomicFiles.write(dir.resolve("links.csv"), this::writeLinks);
        AtomicFiles.write(dir.resolve("ratings.csv"), this::writeRatings);
    }

    private void writeRatings(OutputStream os) throws IOException {
        FastAsciiWriter w = new FastAsciiWriter(new BufferedOutputStream(os, 1 << 16));
        w.text("userId,movieId,rating,timestamp\n");
        int[] counts = perUserCounts();
        UserRows rows = new UserRows(maxCount(counts), items);
        long[] order = new long[rows.item.length];
        for (int u = 0; u < users; u++) {
            rows.generate(u, counts[u]);
            int n = rows.n;
            for (int p = 0; p < n; p++) {
                order[p] = ((long) rows.item[p] << 32) | p;
            }
            Arrays.sort(order, 0, n);
            for (int q = 0; q < n; q++) {
                int p = (int) order[q];
                w.number(u + 1L).comma().number(movieIds[rows.item[p]]).comma();
                int h = rows.half[p];
                w.number(h >> 1).dot().digit((h & 1) * 5).comma().number(rows.time[p]).newline();
            }
        }
        w.flush();
    }

    private void writeMovies(OutputStream os) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();
        BufferedWriter bw = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
        CSVPrinter printer = new CSVPrinter(bw, format);
        printer.printRecord("movieId", "title", "genres");
        SplittableRandom rnd = new SplittableRandom(Draws.mix(seed, -2));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < items; i++) {
            // independent genres: the genres of a random "cluster" of the genre table, not of the item's own
            printer.printRecord(Long.toString(movieIds[i]), title(rnd, sb),
                    genres(independentGenres ? rnd.nextInt(GENRES.length) : i % clusters, rnd));
        }
        printer.flush();
    }

    private void writeLinks(OutputStream os) throws IOException {
        FastAsciiWriter w = new FastAsciiWriter(new BufferedOutputStream(os, 1 << 16));
        w.text("movieId,imdbId,tmdbId\n");
        SplittableRandom rnd = new SplittableRandom(Draws.mix(seed, -3));
        for (int i = 0; i < items; i++) {
            long imdb = 100_000L + 37L * movieIds[i];
            w.number(movieIds[i]).comma().text(String.format("%07d", imdb)).comma();
            if (rnd.nextInt(100) != 0) { // about 1% of links have no tmdb id, as in ml-latest
                w.number(1_000L + 3L * movieIds[i]);
            }
            w.newline();
        }
        w.flush();
    }

    private static String title(SplittableRandom rnd, StringBuilder sb) {
        sb.setLength(0);
        int words = 1 + rnd.nextInt(3);
        int style = rnd.nextInt(20);
        if (style == 0) {
            sb.append('"').append(WORDS[rnd.nextInt(WORDS.length)]).append("\" ");
        }
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                sb.append(' ');
            }
            sb.append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        if (style == 1 || style == 2) {
            sb.append(", The");
        } else if (style == 3) {
            sb.append(", Part ").append(2 + rnd.nextInt(3));
        }
        sb.append(" (").append(1990 + rnd.nextInt(31)).append(')');
        return sb.toString();
    }

    /** Genres of an item: its cluster's primary genre, often its secondary one, sometimes a random one. */
    private static String genres(int cluster, SplittableRandom rnd) {
        int primary = cluster % GENRES.length;
        int secondary = (cluster * 7 + 5) % GENRES.length;
        TreeSet<String> set = new TreeSet<>();
        set.add(GENRES[primary]);
        if (rnd.nextInt(2) == 0) {
            set.add(GENRES[secondary]);
        }
        if (rnd.nextInt(10) == 0) {
            set.add(GENRES[rnd.nextInt(GENRES.length)]);
        }
        return String.join("|", set);
    }

    /** Returns the genre names of an item cluster that every item of it carries first (its primary genre). */
    public static String primaryGenre(int cluster) {
        return GENRES[cluster % GENRES.length];
    }

    // ---------------------------------------------------------------------------------------------

    /** Ratings per user: log-normal weights, each in [minPerUser, maxPerUser], summing to {@code ratings}. */
    int[] perUserCounts() {
        SplittableRandom rnd = new SplittableRandom(Draws.mix(seed, -4));
        double[] w = new double[users];
        double total = 0;
        for (int u = 0; u < users; u++) {
            w[u] = StrictMath.exp(1.0 * Draws.gaussian(rnd));
            total += w[u];
        }
        long rest = ratings - (long) minPerUser * users;
        int[] c = new int[users];
        long assigned = 0;
        for (int u = 0; u < users; u++) {
            long extra = (long) Math.floor(rest * (w[u] / total));
            c[u] = (int) Math.min(maxPerUser, minPerUser + extra);
            assigned += c[u];
        }
        // hand out what rounding and capping left over, round-robin over users below the cap
        long left = ratings - assigned;
        int u = 0;
        while (left > 0) {
            if (c[u] < maxPerUser) {
                int add = (int) Math.min(left, Math.max(1, Math.min(maxPerUser - c[u], left / users + 1)));
                c[u] += add;
                left -= add;
            }
            u = u + 1 == users ? 0 : u + 1;
        }
        return c;
    }

    private static int maxCount(int[] counts) {
        int m = 0;
        for (int c : counts) {
            m = Math.max(m, c);
        }
        return m;
    }

    private int userClusterOf(SplittableRandom rnd) {
        return Draws.sample(clusterCdf, rnd.nextDouble());
    }

    /** One user's rows, generated into reusable buffers. */
    private final class UserRows {
        final int[] item;
        final long[] time;
        final byte[] half;
        final int[] stamp;
        final int[] chosenBlockbusters = new int[blockbusters];
        int n;

        UserRows(int capacity, int items) {
            item = new int[capacity];
            time = new long[capacity];
            half = new byte[capacity];
            stamp = new int[items];
            Arrays.fill(stamp, -1);
        }

        /** Fills the buffers with user u's {@code count} ratings in time order; returns the user's cluster. */
        int generate(int u, int count) {
            SplittableRandom rnd = new SplittableRandom(Draws.mix(seed, u));
            int own = userClusterOf(rnd);
            double userOffset = 0.4 * Draws.gaussian(rnd);
            // timestamps: a start, a span skewed towards short sessions, gaps with some ties
            long range = endSecond - startSecond;
            long start = startSecond + (long) (rnd.nextDouble() * range);
            double v = rnd.nextDouble();
            double span = (endSecond - start) * v * v;
            double meanGap = Math.max(1.0, span / Math.max(1, count));
            long t = start;
            // the user's blockbusters (none by default: then no random number is drawn, the bytes stay as before);
            // every blockbuster is marked as rated now so that cluster picks never choose one (a blockbuster is rated
            // only as a blockbuster); the chosen ones go to random positions below
            int nb = 0;
            for (int b = 0; b < blockbusters; b++) {
                stamp[b] = u;
                if (nb < count / 2 && rnd.nextDouble() < blockbusterShare) {
                    chosenBlockbusters[nb++] = b;
                }
            }
            int placed = 0;
            for (int p = 0; p < count; p++) {
                int i;
                boolean blockbuster = placed < nb && rnd.nextDouble() * (count - p) < nb - placed;
                if (blockbuster) {
                    i = chosenBlockbusters[placed++];
                } else {
                    boolean in = clusters == 1 || rnd.nextDouble() < inClusterShare;
                    int c = in ? own : otherCluster(own, rnd);
                    i = pickItem(c, u, rnd);
                }
                stamp[i] = u;
                item[p] = i;
                double mean = (blockbuster || i % clusters == own ? 4.0 : 2.6) + userOffset + itemOffset[i];
                double r = mean + 0.7 * Draws.gaussian(rnd);
                int h = (int) Math.round(r * 2);
                half[p] = (byte) Math.max(1, Math.min(10, h));
                if (p > 0) {
                    if (rnd.nextDouble() >= tieShare) {
                        t += 1 + (long) (-meanGap * StrictMath.log(1.0 - rnd.nextDouble()));
                    }
                    t = Math.min(t, endSecond);
                }
                time[p] = t;
            }
            n = count;
            return own;
        }

        private int otherCluster(int own, SplittableRandom rnd) {
            for (int tries = 0; tries < 64; tries++) {
                int c = Draws.sample(clusterCdf, rnd.nextDouble());
                if (c != own) {
                    return c;
                }
            }
            int c = rnd.nextInt(clusters - 1);
            return c >= own ? c + 1 : c;
        }

        /** Picks an item of cluster c not yet rated by user u: Zipf by rank, then fallbacks. */
        private int pickItem(int c, int u, SplittableRandom rnd) {
            int size = items / clusters + (c < items % clusters ? 1 : 0);
            double[] cdf = rankCdf[size == items / clusters ? 0 : 1];
            for (int tries = 0; tries < 32; tries++) {
                int i = Draws.sample(cdf, rnd.nextDouble()) * clusters + c;
                if (stamp[i] != u) {
                    return i;
                }
            }
            for (int tries = 0; tries < 32; tries++) {
                int i = rnd.nextInt(size) * clusters + c;
                if (stamp[i] != u) {
                    return i;
                }
            }
            // the cluster is (nearly) exhausted for this user: scan it, then every item
            int from = rnd.nextInt(size);
            for (int k = 0; k < size; k++) {
                int i = ((from + k) % size) * clusters + c;
                if (stamp[i] != u) {
                    return i;
                }
            }
            int start = rnd.nextInt(items);
            for (int k = 0; k < items; k++) {
                int i = (start + k) % items;
                if (stamp[i] != u) {
                    return i;
                }
            }
            throw new IllegalStateException("user " + u + " has rated every item");
        }
    }

    @Override
    public String toString() {
        return "SyntheticMovieLens[users=" + users + ", items=" + items + ", ratings=" + ratings + ", seed=" + seed
                + ", clusters=" + clusters + ", inClusterShare=" + inClusterShare + ", zipfExponent=" + zipfExponent
                + (independentGenres ? ", independentGenres" : "")
                + (blockbusters > 0 ? ", blockbusters=" + blockbusters + ", blockbusterShare=" + blockbusterShare : "")
                + "]";
    }

    /** An ASCII writer for numbers and fixed text into a byte buffer, without per-row objects. */
    private static final class FastAsciiWriter {
        private final OutputStream out;
        private final byte[] buf = new byte[1 << 16];
        private final byte[] digits = new byte[20];
        private int pos;

        FastAsciiWriter(OutputStream out) {
            this.out = out;
        }

        private void room(int n) throws IOException {
            if (pos + n > buf.length) {
                out.write(buf, 0, pos);
                pos = 0;
            }
        }

        FastAsciiWriter number(long v) throws IOException {
            room(21);
            if (v < 0) {
                buf[pos++] = '-';
                v = -v;
            }
            int d = 0;
            do {
                digits[d++] = (byte) ('0' + (v % 10));
                v /= 10;
            } while (v != 0);
            while (d > 0) {
                buf[pos++] = digits[--d];
            }
            return this;
        }

        FastAsciiWriter digit(int d) throws IOException {
            room(1);
            buf[pos++] = (byte) ('0' + d);
            return this;
        }

        FastAsciiWriter comma() throws IOException {
            room(1);
            buf[pos++] = ',';
            return this;
        }

        FastAsciiWriter dot() throws IOException {
            room(1);
            buf[pos++] = '.';
            return this;
        }

        FastAsciiWriter newline() throws IOException {
            room(1);
            buf[pos++] = '\n';
            return this;
        }

        FastAsciiWriter text(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            room(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
            return this;
        }

        void flush() throws IOException {
            out.write(buf, 0, pos);
            pos = 0;
            out.flush();
        }
    }

    /** Builds a {@link SyntheticMovieLens}; {@link #build()} validates every option. */
    public static final class Builder {
        private final int users;
        private final int items;
        private final long ratings;
        private final long seed;
        private int clusters = DEFAULT_CLUSTERS;
        private double inClusterShare = DEFAULT_IN_CLUSTER_SHARE;
        private double zipfExponent = DEFAULT_ZIPF_EXPONENT;
        private double clusterSkew = DEFAULT_CLUSTER_SKEW;
        private long startSecond = DEFAULT_START_SECOND;
        private long endSecond = DEFAULT_END_SECOND;
        private double tieShare = DEFAULT_TIE_SHARE;
        private int minRatingsPerUser = DEFAULT_MIN_RATINGS_PER_USER;
        private boolean independentGenres = DEFAULT_INDEPENDENT_GENRES;
        private int blockbusters = DEFAULT_BLOCKBUSTERS;
        private double blockbusterShare = DEFAULT_BLOCKBUSTER_SHARE;

        private Builder(int users, int items, long ratings, long seed) {
            this.users = users;
            this.items = items;
            this.ratings = ratings;
            this.seed = seed;
        }

        /** Sets the number of user and item clusters (default {@value SyntheticMovieLens#DEFAULT_CLUSTERS}). */
        public Builder withClusters(int clusters) {
            this.clusters = clusters;
            return this;
        }

        /** Sets the probability that a rating is in the user's own cluster (default {@value SyntheticMovieLens#DEFAULT_IN_CLUSTER_SHARE}). */
        public Builder withInClusterShare(double share) {
            this.inClusterShare = share;
            return this;
        }

        /** Sets the Zipf exponent of popularity within a cluster (default {@value SyntheticMovieLens#DEFAULT_ZIPF_EXPONENT}; 0 = uniform). */
        public Builder withZipfExponent(double exponent) {
            this.zipfExponent = exponent;
            return this;
        }

        /** Sets the Zipf exponent of cluster sizes and out-of-cluster choices (default {@value SyntheticMovieLens#DEFAULT_CLUSTER_SKEW}; 0 = equal). */
        public Builder withClusterSkew(double exponent) {
            this.clusterSkew = exponent;
            return this;
        }

        /** Sets the timestamp range in epoch seconds, both ends included (default {@value SyntheticMovieLens#DEFAULT_START_SECOND} to {@value SyntheticMovieLens#DEFAULT_END_SECOND}: 2000-01-01 to 2020-01-01). */
        public Builder withTimeRange(long startSecond, long endSecond) {
            this.startSecond = startSecond;
            this.endSecond = endSecond;
            return this;
        }

        /** Sets the probability that a rating repeats the user's previous second (default {@value SyntheticMovieLens#DEFAULT_TIE_SHARE}). */
        public Builder withTieShare(double share) {
            this.tieShare = share;
            return this;
        }

        /** Sets the minimum ratings per user (default {@value SyntheticMovieLens#DEFAULT_MIN_RATINGS_PER_USER}; lowered to ratings / users if that is smaller). */
        public Builder withMinRatingsPerUser(int min) {
            this.minRatingsPerUser = min;
            return this;
        }

        /**
         * Sets whether each item's genres are drawn at random instead of from its cluster's genres (default
         * {@value SyntheticMovieLens#DEFAULT_INDEPENDENT_GENRES}): then genres carry no information on taste.
         */
        public Builder withIndependentGenres(boolean independent) {
            this.independentGenres = independent;
            return this;
        }

        /**
         * Sets the number of cross-cluster blockbusters, items {@code 0 .. n-1}, in [0, items / 2] (default
         * {@value SyntheticMovieLens#DEFAULT_BLOCKBUSTERS}).
         */
        public Builder withBlockbusters(int n) {
            this.blockbusters = n;
            return this;
        }

        /**
         * Sets the probability that a user rates a given blockbuster, in [0, 1] (default
         * {@value SyntheticMovieLens#DEFAULT_BLOCKBUSTER_SHARE}); a user rates at most half their count of them.
         */
        public Builder withBlockbusterShare(double share) {
            this.blockbusterShare = share;
            return this;
        }

        /**
         * Returns the generator.
         *
         * @throws IllegalArgumentException naming the option if a value is out of range
         */
        public SyntheticMovieLens build() {
            if (users < 1) {
                throw new IllegalArgumentException("users: " + users + ", must be >= 1");
            }
            if (items < 2) {
                throw new IllegalArgumentException("items: " + items + ", must be >= 2");
            }
            long max = (long) users * Math.max(1, items / 2);
            if (ratings < users || ratings > max) {
                throw new IllegalArgumentException("ratings: " + ratings + ", must be in [users, users * items/2] = ["
                        + users + ", " + max + "]");
            }
            if (clusters < 1 || clusters > items) {
                throw new IllegalArgumentException("clusters: " + clusters + ", must be in [1, items=" + items + "]");
            }
            if (!(inClusterShare >= 0 && inClusterShare <= 1)) {
                throw new IllegalArgumentException("inClusterShare: " + inClusterShare + ", must be in [0, 1]");
            }
            if (!(zipfExponent >= 0 && zipfExponent <= 10)) {
                throw new IllegalArgumentException("zipfExponent: " + zipfExponent + ", must be in [0, 10]");
            }
            if (!(clusterSkew >= 0 && clusterSkew <= 10)) {
                throw new IllegalArgumentException("clusterSkew: " + clusterSkew + ", must be in [0, 10]");
            }
            if (startSecond < 0 || endSecond < startSecond) {
                throw new IllegalArgumentException("timeRange: [" + startSecond + ", " + endSecond
                        + "], need 0 <= start <= end");
            }
            if (!(tieShare >= 0 && tieShare < 1)) {
                throw new IllegalArgumentException("tieShare: " + tieShare + ", must be in [0, 1)");
            }
            if (minRatingsPerUser < 1) {
                throw new IllegalArgumentException("minRatingsPerUser: " + minRatingsPerUser + ", must be >= 1");
            }
            if (blockbusters < 0 || blockbusters > items / 2) {
                throw new IllegalArgumentException("blockbusters: " + blockbusters + ", must be in [0, items/2 = "
                        + items / 2 + "]");
            }
            if (!(blockbusterShare >= 0 && blockbusterShare <= 1)) {
                throw new IllegalArgumentException("blockbusterShare: " + blockbusterShare + ", must be in [0, 1]");
            }
            return new SyntheticMovieLens(this);
        }
    }
}
