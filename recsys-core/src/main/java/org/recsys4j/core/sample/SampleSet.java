package org.recsys4j.core.sample;

import it.unimi.dsi.fastutil.ints.IntArrays;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.feature.HashedCross;
import org.recsys4j.core.split.Splits;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Labelled, leakage-safe samples built from a rating log, stored column by column, with their time split.
 *
 * <p>A rating is a <b>sample</b> iff its user has at least {@link SampleSpec#minPriorRatings()}
 * ratings strictly earlier in time; its label is {@code rating >= positiveThreshold}. Every feature
 * comes from {@link AsOfStats}: only ratings strictly before the sample's second are used (the
 * history covers all ratings, not only samples). Samples are in canonical order: timestamp, then
 * external user id, then external item id, ascending.
 *
 * <p>Split: T = {@link Splits#timeQuantileThreshold(long[], int, int)} of the samples' timestamps with
 * the train fraction; train = timestamp &le; T, test = timestamp &gt; T. Inside train the same rule with
 * the fit fraction gives Tv; fit = timestamp &le; Tv, validation = the rest of train.
 *
 * <p>Static item metadata (genres, year) is read from the catalogue; the wide-cross bucket is
 * {@link HashedCross#bucket(long, long)} ({@code HashedCross.of(spec.crossBuckets())}) of the item id and
 * the first recent positive (0 when none).
 * Immutable; all columns are primitive arrays, {@link #sample(int)} copies one sample out.
 *
 * <pre>{@code
 * MovieLensData ml = MovieLens.load(Path.of("../shared/data/ml-latest-small"), LoadOptions.lenient());
 * SampleSet s = SampleSet.build(ml.ratings(), ml.catalog(), SampleSpec.defaults());
 * s.size();                 // 99,142
 * s.count(Part.TEST);       // 19,828
 * s.sample(0);              // Sample[userId=429, itemId=48, ...]
 * }</pre>
 */
public final class SampleSet {
    private static final int NO_YEAR = Integer.MIN_VALUE;

    private final Interactions ratings;
    private final ItemCatalog catalog;
    private final SampleSpec spec;
    private final int droppedColdUser;
    private final int[] row;          // source rating row
    private final int[] user;
    private final int[] item;
    private final long[] timestamp;
    private final float[] rating;
    private final boolean[] label;
    private final byte[] part;
    private final int[] itemCount;
    private final double[] itemMean;
    private final double[] itemStd;
    private final int[] userCount;
    private final double[] userMean;
    private final double[] userStd;
    private final int[] recentOffsets;
    private final int[] recentItems;   // dense item indices
    private final int[] genreOffsets;
    private final int[] favouriteGenres;
    private final int[] year;
    private final int[] crossBucket;
    private final long splitTimestamp;
    private final long validationTimestamp;
    private final int[] partCounts = new int[3];

    private SampleSet(AsOfStats stats, int[] order) {
        this.ratings = stats.ratings();
        this.catalog = stats.catalog();
        this.spec = stats.spec();
        int n = order.length;
        this.droppedColdUser = ratings.size() - n;
        this.row = order;
        user = new int[n];
        item = new int[n];
        timestamp = new long[n];
        rating = new float[n];
        label = new boolean[n];
        part = new byte[n];
        itemCount = new int[n];
        itemMean = new double[n];
        itemStd = new double[n];
        userCount = new int[n];
        userMean = new double[n];
        userStd = new double[n];
        recentOffsets = new int[n + 1];
        genreOffsets = new int[n + 1];
        year = new int[n];
        crossBucket = new int[n];
        IdIndex items = ratings.items();
        double threshold = spec.positiveThreshold();
        for (int i = 0; i < n; i++) {
            int k = order[i];
            user[i] = ratings.user(k);
            item[i] = ratings.item(k);
            timestamp[i] = ratings.timestamp(k);
            rating[i] = ratings.value(k);
            label[i] = rating[i] >= threshold;
            itemCount[i] = stats.itemRatingCount(k);
            itemMean[i] = stats.itemAvgRating(k);
            itemStd[i] = stats.itemRatingStddev(k);
            userCount[i] = stats.userRatingCount(k);
            userMean[i] = stats.userAvgRating(k);
            userStd[i] = stats.userRatingStddev(k);
            recentOffsets[i + 1] = recentOffsets[i] + stats.recentPositiveCount(k);
            genreOffsets[i + 1] = genreOffsets[i] + stats.favouriteGenreCount(k);
            year[i] = catalog.year(item[i]).orElse(NO_YEAR);
        }
        recentItems = new int[recentOffsets[n]];
        favouriteGenres = new int[genreOffsets[n]];
        HashedCross cross = HashedCross.of(spec.crossBuckets());
        for (int i = 0; i < n; i++) {
            int k = order[i];
            int len = recentOffsets[i + 1] - recentOffsets[i];
            for (int j = 0; j < len; j++) {
                recentItems[recentOffsets[i] + j] = stats.recentPositive(k, j);
            }
            len = genreOffsets[i + 1] - genreOffsets[i];
            for (int j = 0; j < len; j++) {
                favouriteGenres[genreOffsets[i] + j] = stats.favouriteGenre(k, j);
            }
            long recent1 = recentOffsets[i + 1] > recentOffsets[i] ? items.longId(recentItems[recentOffsets[i]]) : 0L;
            crossBucket[i] = cross.bucket(items.longId(item[i]), recent1);
        }
        splitTimestamp = Splits.timeQuantileThreshold(timestamp, spec.trainNum(), spec.trainDen());
        int train = 0;
        for (long t : timestamp) {
            if (t <= splitTimestamp) {
                train++;
            }
        }
        long[] trainTs = new long[train];
        int a = 0;
        for (long t : timestamp) {
            if (t <= splitTimestamp) {
                trainTs[a++] = t;
            }
        }
        validationTimestamp = Splits.timeQuantileThreshold(trainTs, spec.fitNum(), spec.fitDen());
        for (int i = 0; i < n; i++) {
            long t = timestamp[i];
            Part p = t > splitTimestamp ? Part.TEST : t <= validationTimestamp ? Part.FIT : Part.VALIDATION;
            part[i] = (byte) p.ordinal();
            partCounts[p.ordinal()]++;
        }
    }

    /**
     * Returns the samples of {@code ratings} under protocol C ({@link SampleSpec#defaults()}).
     *
     * @see #build(Interactions, ItemCatalog, SampleSpec)
     */
    public static SampleSet build(Interactions ratings, ItemCatalog catalog) {
        return build(ratings, catalog, SampleSpec.defaults());
    }

    /**
     * Returns the samples of {@code ratings}, with genres and years from {@code catalog}, under {@code spec}.
     *
     * @throws IllegalArgumentException if {@code ratings.items()} is not the catalogue's item index, the
     *                                  ids are not numeric, or no rating qualifies as a sample
     */
    public static SampleSet build(Interactions ratings, ItemCatalog catalog, SampleSpec spec) {
        return build(AsOfStats.compute(ratings, catalog, spec));
    }

    /**
     * Returns the samples selected from already computed as-of statistics (their ratings, catalogue and
     * specification).
     *
     * @throws IllegalArgumentException if no rating qualifies as a sample
     */
    public static SampleSet build(AsOfStats stats) {
        Objects.requireNonNull(stats, "stats");
        Interactions r = stats.ratings();
        int min = stats.spec().minPriorRatings();
        int n = 0;
        for (int k = 0; k < r.size(); k++) {
            if (stats.userRatingCount(k) >= min) {
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("ratings: none of the " + r.size() + " ratings has minPriorRatings="
                    + min + " earlier ratings of its user; no samples");
        }
        int[] order = new int[n];
        n = 0;
        for (int k = 0; k < r.size(); k++) {
            if (stats.userRatingCount(k) >= min) {
                order[n++] = k;
            }
        }
        IdIndex users = r.users();
        IdIndex items = r.items();
        boolean usersSorted = users.isSorted();
        boolean itemsSorted = items.isSorted();
        // canonical order: timestamp, external user id, external item id; ties keep the rating order
        IntArrays.mergeSort(order, (a, b) -> {
            int c = Long.compare(r.timestamp(a), r.timestamp(b));
            if (c != 0) {
                return c;
            }
            c = usersSorted ? Integer.compare(r.user(a), r.user(b))
                    : Long.compare(users.longId(r.user(a)), users.longId(r.user(b)));
            if (c != 0) {
                return c;
            }
            return itemsSorted ? Integer.compare(r.item(a), r.item(b))
                    : Long.compare(items.longId(r.item(a)), items.longId(r.item(b)));
        });
        return new SampleSet(stats, order);
    }

    /** Returns the ratings the samples were taken from. */
    public Interactions ratings() {
        return ratings;
    }

    /** Returns the catalogue of the items' genres and years. */
    public ItemCatalog catalog() {
        return catalog;
    }

    /** Returns the specification used. */
    public SampleSpec spec() {
        return spec;
    }

    /** Returns the number of samples. */
    public int size() {
        return row.length;
    }

    /** Returns the number of ratings that are not samples (too few earlier ratings of their user). */
    public int droppedColdUser() {
        return droppedColdUser;
    }

    /** Returns the split timestamp T: train = timestamp &le; T, test = timestamp &gt; T. */
    public long splitTimestamp() {
        return splitTimestamp;
    }

    /** Returns the validation timestamp Tv inside train: fit = timestamp &le; Tv. */
    public long validationTimestamp() {
        return validationTimestamp;
    }

    /** Returns the number of samples in one part. */
    public int count(Part p) {
        return partCounts[p.ordinal()];
    }

    /** Returns the number of train (fit + validation) samples. */
    public int trainCount() {
        return partCounts[0] + partCounts[1];
    }

    /** Returns the part of sample {@code i}. */
    public Part part(int i) {
        return PARTS[part[i]];
    }

    private static final Part[] PARTS = Part.values();

    /** Returns true if sample {@code i} is in train (fit or validation). */
    public boolean isTrain(int i) {
        return part[i] != Part.TEST.ordinal();
    }

    /** Returns the row of {@link #ratings()} sample {@code i} comes from. */
    public int ratingRow(int i) {
        return row[i];
    }

    /** Returns the dense user index of sample {@code i}. */
    public int userIndex(int i) {
        return user[i];
    }

    /** Returns the dense item index of sample {@code i} (into {@code catalog().items()}). */
    public int itemIndex(int i) {
        return item[i];
    }

    /** Returns the external user id of sample {@code i}. */
    public long userId(int i) {
        return ratings.users().longId(user[i]);
    }

    /** Returns the external item id of sample {@code i}. */
    public long itemId(int i) {
        return ratings.items().longId(item[i]);
    }

    /** Returns the timestamp (seconds) of sample {@code i}. */
    public long timestamp(int i) {
        return timestamp[i];
    }

    /** Returns the rating of sample {@code i}. */
    public float rating(int i) {
        return rating[i];
    }

    /** Returns the label of sample {@code i}: true iff its rating is at or above the positive threshold. */
    public boolean label(int i) {
        return label[i];
    }

    /** Returns the item's rating count strictly before sample {@code i}'s second. */
    public int itemRatingCount(int i) {
        return itemCount[i];
    }

    /** Returns the item's mean rating strictly before sample {@code i}'s second (0 when none). */
    public double itemAvgRating(int i) {
        return itemMean[i];
    }

    /** Returns the item's rating standard deviation strictly before sample {@code i}'s second. */
    public double itemRatingStddev(int i) {
        return itemStd[i];
    }

    /** Returns the user's rating count strictly before sample {@code i}'s second. */
    public int userRatingCount(int i) {
        return userCount[i];
    }

    /** Returns the user's mean rating strictly before sample {@code i}'s second (0 when none). */
    public double userAvgRating(int i) {
        return userMean[i];
    }

    /** Returns the user's rating standard deviation strictly before sample {@code i}'s second. */
    public double userRatingStddev(int i) {
        return userStd[i];
    }

    /** Returns one numeric feature of sample {@code i} (counts as doubles). */
    public double numeric(int i, NumericFeature f) {
        return switch (f) {
            case ITEM_RATING_COUNT -> itemCount[i];
            case ITEM_AVG_RATING -> itemMean[i];
            case ITEM_RATING_STDDEV -> itemStd[i];
            case USER_RATING_COUNT -> userCount[i];
            case USER_AVG_RATING -> userMean[i];
            case USER_RATING_STDDEV -> userStd[i];
        };
    }

    /** Returns the length of sample {@code i}'s recent-positive list. */
    public int recentPositiveCount(int i) {
        return recentOffsets[i + 1] - recentOffsets[i];
    }

    /** Returns the dense item index at position {@code j} (0 = most recent) of sample {@code i}'s recent positives. */
    public int recentPositive(int i, int j) {
        Objects.checkIndex(j, recentOffsets[i + 1] - recentOffsets[i]);
        return recentItems[recentOffsets[i] + j];
    }

    /** Returns the external item ids of sample {@code i}'s recent positives, most recent first. */
    public long[] recentPositiveIds(int i) {
        IdIndex items = ratings.items();
        long[] ids = new long[recentOffsets[i + 1] - recentOffsets[i]];
        for (int j = 0; j < ids.length; j++) {
            ids[j] = items.longId(recentItems[recentOffsets[i] + j]);
        }
        return ids;
    }

    /** Returns the external id of sample {@code i}'s most recent positive, or 0 when the list is empty. */
    public long firstRecentPositiveId(int i) {
        return recentOffsets[i + 1] > recentOffsets[i] ? ratings.items().longId(recentItems[recentOffsets[i]]) : 0L;
    }

    /** Returns the length of sample {@code i}'s favourite-genre list. */
    public int favouriteGenreCount(int i) {
        return genreOffsets[i + 1] - genreOffsets[i];
    }

    /** Returns the favourite genre at position {@code j} of sample {@code i} as a catalogue genre index. */
    public int favouriteGenre(int i, int j) {
        Objects.checkIndex(j, genreOffsets[i + 1] - genreOffsets[i]);
        return favouriteGenres[genreOffsets[i] + j];
    }

    /** Returns the favourite genre names of sample {@code i}, best first. */
    public List<String> favouriteGenreNames(int i) {
        List<String> vocab = catalog.genreVocabulary();
        List<String> out = new ArrayList<>(favouriteGenreCount(i));
        for (int p = genreOffsets[i]; p < genreOffsets[i + 1]; p++) {
            out.add(vocab.get(favouriteGenres[p]));
        }
        return List.copyOf(out);
    }

    /** Returns the genres of sample {@code i}'s item as ascending catalogue genre indices (a copy). */
    public int[] itemGenres(int i) {
        return catalog.genres(item[i]);
    }

    /** Returns the release year of sample {@code i}'s item, or empty when unknown. */
    public OptionalInt year(int i) {
        int y = year[i];
        return y == NO_YEAR ? OptionalInt.empty() : OptionalInt.of(y);
    }

    /** Returns the wide-cross bucket of sample {@code i}. */
    public int crossBucket(int i) {
        return crossBucket[i];
    }

    /** Returns a copy of the timestamps of all samples, in sample order. */
    public long[] timestampColumn() {
        return timestamp.clone();
    }

    /** Returns sample {@code i} copied into a {@link Sample}. */
    public Sample sample(int i) {
        Objects.checkIndex(i, row.length);
        long[] recent = recentPositiveIds(i);
        List<Long> recentList = new ArrayList<>(recent.length);
        for (long id : recent) {
            recentList.add(id);
        }
        return new Sample(userId(i), itemId(i), timestamp[i], rating[i], label[i], part(i),
                itemCount[i], itemMean[i], itemStd[i], userCount[i], userMean[i], userStd[i],
                recentList, favouriteGenreNames(i), catalog.genreNames(item[i]), year(i), crossBucket[i]);
    }

    @Override
    public String toString() {
        return "SampleSet[" + size() + " samples: fit " + count(Part.FIT) + ", validation " + count(Part.VALIDATION)
                + ", test " + count(Part.TEST) + "; T=" + splitTimestamp + ", Tv=" + validationTimestamp + "]";
    }
}
