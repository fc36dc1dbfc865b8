package org.recsys4j.core.sample;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import org.recsys4j.core.data.ItemAttribute;
import org.recsys4j.core.data.ItemCatalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * <b>The</b> definition of a sample's user-side as-of features: a streaming accumulator fed one user's events
 * in time order that gives, after each event, that event's as-of values — computed from the user's events at
 * <b>strictly earlier</b> seconds only. {@link SampleSet} computes every user-side feature with it, and so can
 * any other engine (a Spark partition grouped by user and sorted by time; an online store that folds each new
 * event in to serve the current values): one definition offline and online, so the features cannot drift.
 *
 * <p><b>Feeding.</b> {@link #reset()} for each user, then {@link #add} each of the user's events with
 * nondecreasing timestamps (events of one second in any order); after each {@code add} the accessors give the
 * added event's as-of values: the state after every event of earlier seconds. Events of the same second are
 * folded when the first event of a later second arrives (or on {@link #complete()}), in a fixed order: by item id
 * ascending (numeric, or text in {@link String#compareTo} order), then by {@code sequence} ascending — so every sum,
 * and the order of the recent positives, is a function of the events alone, not of the order they were fed in.
 * {@link #complete()} folds the last second in: the accessors then give the values after every event added, what a
 * sample at a later second (or an online request now) sees.
 *
 * <p><b>Values</b> (with n = {@link #count()} earlier events, their values v (a rating, a {@code Feedback}
 * signal), and p of them positive under the spec's {@link LabelRule}):
 * <ul>
 *   <li>{@link Aggregate#USER_COUNT} n; {@link Aggregate#USER_MEAN} Σv/n (0 when n = 0);
 *       {@link Aggregate#USER_STDDEV} sqrt((Σv² − (Σv)²/n)/(n − 1)) when that variance is &gt; 0, else 0 (and 0 when
 *       n &lt; 2); {@link Aggregate#USER_POSITIVE_RATE} p/n (0 when n = 0); sums in double over the float values in
 *       fold order;</li>
 *   <li>the recent positives ({@link #recentCount()}, {@link #recentAt(int)}): the items of the positive events,
 *       most recent first, at most {@link SampleSpec#maxRecentPositives()}, each item once when
 *       {@link SampleSpec#recentDistinct()} (a repeat moves to the front); within a second the later one in fold
 *       order is the more recent;</li>
 *   <li>for each favourite attribute f ({@link SampleSpec#favourites()}): its values counted over the positive
 *       events' items, the top {@link SampleSpec#maxFavourites()} by count descending, then value name ascending
 *       ({@link #favouriteAt(int, int)}: codes into {@link #favouriteVocabulary(int)}, the catalogue's vocabulary);</li>
 *   <li>the affinity of an item to favourite attribute f ({@link #affinity(int, int)}): the largest count, over the
 *       item's values of f, divided by p (0 when p = 0 or the item has no value).</li>
 * </ul>
 * An event is a sample when {@link #isSample()}: n &ge; {@link SampleSpec#minPriorEvents()}. Its label is its
 * own {@code positive} flag (the spec's {@link LabelRule}: {@link LabelRule#isPositiveValue(double)} or
 * {@link LabelRule#isPositiveType(String)}). The item-side features come from {@link ItemAsOf}, the time split
 * from {@link TimeSplit}.
 *
 * <pre>{@code
 * UserAsOf user = UserAsOf.of(spec, catalog);
 * for (each user u) {                       // e.g. one Spark partition's users, each sorted by timestamp
 *     user.reset();
 *     for (each event e of u, by timestamp) {
 *         user.add(e.timestamp, e.item, e.value, spec.labelRule().isPositiveValue(e.value), e.sequence);
 *         if (user.isSample()) {
 *             emit(e, user.aggregate(Aggregate.USER_MEAN), user.recentAt(0), user.favouriteAt(0, 0), ...);
 *         }
 *     }
 *     user.complete();                     // the values now: what an online store serves for u
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one per thread (or per partition). Each user's state is reset by {@link #reset()}; memory is
 * the catalogue's value tables plus one count per favourite value.
 */
public final class UserAsOf {
    private final SampleSpec spec;
    private final int[] itemRank;   // null: index order is id order
    private final int numItems;
    private final int maxRecent;
    private final boolean distinct;
    private final int[][] valueOffsets;
    private final int[][] valueCodes;
    private final List<List<String>> favouriteVocabularies;
    private final TopValues[] tops;
    private final AsOfGroup group = new AsOfGroup();
    private final int[] recent;
    private int nRecent;
    private final Moments moments = new Moments();

    private UserAsOf(SampleSpec spec, ItemCatalog catalog) {
        this.spec = spec;
        this.itemRank = SampleSet.idRanks(catalog.items());
        this.numItems = catalog.size();
        this.maxRecent = spec.maxRecentPositives();
        this.distinct = spec.recentDistinct();
        this.recent = new int[Math.max(1, maxRecent)];
        int nf = spec.favourites().size();
        valueOffsets = new int[nf][];
        valueCodes = new int[nf][];
        List<List<String>> vocabularies = new ArrayList<>(nf);
        int n = catalog.size();
        for (int f = 0; f < nf; f++) {
            String a = spec.favourites().get(f);
            ItemAttribute attr = catalog.attribute(a).orElseThrow(() -> new IllegalArgumentException("favourites: no "
                    + "attribute '" + a + "' in the catalogue; it has " + describe(catalog)));
            int[] off = new int[n + 1];
            IntArrayList codes = new IntArrayList(n);
            if (attr instanceof ItemAttribute.Categorical c) {
                for (int i = 0; i < n; i++) {
                    int code = c.codeAt(i);
                    if (code >= 0) {
                        codes.add(code);
                    }
                    off[i + 1] = codes.size();
                }
                vocabularies.add(c.vocabulary());
            } else if (attr instanceof ItemAttribute.MultiCategorical m) {
                for (int i = 0; i < n; i++) {
                    int[] c = m.codesAt(i);
                    codes.addElements(codes.size(), c);
                    off[i + 1] = codes.size();
                }
                vocabularies.add(m.vocabulary());
            } else {
                throw new IllegalArgumentException("favourites: '" + a + "' is " + attr.type()
                        + "; favourite values need a CATEGORICAL or MULTI_CATEGORICAL attribute (the catalogue has "
                        + describe(catalog) + ")");
            }
            valueOffsets[f] = off;
            valueCodes[f] = codes.toIntArray();
        }
        favouriteVocabularies = List.copyOf(vocabularies);
        tops = new TopValues[nf];
        for (int f = 0; f < nf; f++) {
            tops[f] = new TopValues(favouriteVocabularies.get(f).size(), spec.maxFavourites());
        }
    }

    /**
     * Returns an accumulator of the user-side as-of features of {@code spec} over the items of {@code catalog}.
     *
     * @param spec    what to compute (recent positives, favourites)
     * @param catalog the items' attributes; events name items by their dense index in {@code catalog.items()}
     * @return an accumulator, reset
     * @throws IllegalArgumentException if a favourite attribute of the spec is not in the catalogue or is not
     *                                  CATEGORICAL or MULTI_CATEGORICAL (naming it and listing the catalogue's)
     */
    public static UserAsOf of(SampleSpec spec, ItemCatalog catalog) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(catalog, "catalog");
        return new UserAsOf(spec, catalog);
    }

    static String describe(ItemCatalog catalog) {
        List<String> parts = new ArrayList<>();
        for (ItemAttribute a : catalog.attributes()) {
            parts.add(a.name() + " (" + a.type() + ")");
        }
        return parts.isEmpty() ? "no attributes" : String.join(", ", parts);
    }

    /** Returns the spec. */
    public SampleSpec spec() {
        return spec;
    }

    /** Forgets the current user: the next event starts a new one with no history. */
    public void reset() {
        group.reset();
        moments.reset();
        nRecent = 0;
        for (TopValues t : tops) {
            t.reset();
        }
    }

    /**
     * Adds the current user's next event; the accessors then give this event's as-of values (its user's events of
     * earlier seconds).
     *
     * @param timestamp seconds; not before the previous event's
     * @param item      the item's dense index in the catalogue
     * @param value     the event's value (a rating, a {@code Feedback} signal), as stored: a float
     * @param positive  whether the event is positive under the spec's label rule
     * @param sequence  the event's position in the log (a row number): orders events of one second with the same item
     * @throws IllegalArgumentException if the timestamp is before the previous event's, or the item is not an index of
     *                                  the catalogue
     */
    public void add(long timestamp, int item, float value, boolean positive, long sequence) {
        if (item < 0 || item >= numItems) {
            throw new IllegalArgumentException("item: " + item + ", not an item index of the catalogue");
        }
        if (group.isNewSecond(timestamp, "user")) {
            fold();
            group.start(timestamp);
        }
        group.add(itemRank == null ? item : itemRank[item], sequence, item, value, positive);
    }

    /** Folds the events added at the last second in: the accessors then give the user's values after every event. */
    public void complete() {
        fold();
    }

    private void fold() {
        int len = group.size();
        if (len == 0) {
            return;
        }
        group.sort();
        for (int r = 0; r < len; r++) {
            moments.add(group.value(r), group.positive(r));
            if (group.positive(r)) {
                int it = group.item(r);
                if (maxRecent > 0) {
                    nRecent = pushRecent(recent, nRecent, maxRecent, it, distinct);
                }
                for (int f = 0; f < tops.length; f++) {
                    int[] off = valueOffsets[f];
                    int[] codes = valueCodes[f];
                    for (int x = off[it]; x < off[it + 1]; x++) {
                        tops[f].increment(codes[x]);
                    }
                }
            }
        }
        group.clear();
    }

    /** Returns n: the number of the user's events at earlier seconds. */
    public int count() {
        return moments.count();
    }

    /** Returns p: the number of those events that are positive. */
    public int positiveCount() {
        return moments.positiveCount();
    }

    /** Returns the mean value of those events (0 when none). */
    public double mean() {
        return moments.mean();
    }

    /** Returns the sample standard deviation of their values (0 with fewer than 2, or a variance &le; 0). */
    public double stddev() {
        return moments.stddev();
    }

    /** Returns p / n (0 when n = 0). */
    public double positiveRate() {
        return moments.positiveRate();
    }

    /**
     * Returns one user aggregate (counts as doubles).
     *
     * @throws IllegalArgumentException for an item aggregate (those come from {@link ItemAsOf})
     */
    public double aggregate(Aggregate a) {
        return switch (a) {
            case USER_COUNT -> moments.count();
            case USER_MEAN -> mean();
            case USER_STDDEV -> stddev();
            case USER_POSITIVE_RATE -> positiveRate();
            default -> throw new IllegalArgumentException("aggregate: " + a + " is an item aggregate; use ItemAsOf");
        };
    }

    /** Returns true if the last event added is a sample: n &ge; {@link SampleSpec#minPriorEvents()}. */
    public boolean isSample() {
        return moments.count() >= spec.minPriorEvents();
    }

    /** Returns the length of the recent-positive list. */
    public int recentCount() {
        return nRecent;
    }

    /**
     * Returns the dense item index at position {@code j} of the recent positives (0 = the most recent).
     *
     * @throws IndexOutOfBoundsException if {@code j} is not in {@code [0, recentCount())}
     */
    public int recentAt(int j) {
        Objects.checkIndex(j, nRecent);
        return recent[j];
    }

    /** Returns a copy of the recent positives (dense item indices), most recent first. */
    public int[] recentPositives() {
        return Arrays.copyOf(recent, nRecent);
    }

    /** Returns the number of favourite attributes ({@link SampleSpec#favourites()}). */
    public int numFavourites() {
        return tops.length;
    }

    /** Returns the catalogue's vocabulary of favourite attribute {@code f} (what {@link #favouriteAt} indexes). */
    public List<String> favouriteVocabulary(int f) {
        return favouriteVocabularies.get(f);
    }

    /** Returns the length of the list of favourite values of favourite attribute {@code f}. */
    public int favouriteCount(int f) {
        return tops[f].nTop;
    }

    /**
     * Returns the value at position {@code j} (0 = the favourite) of favourite attribute {@code f}, as a code into
     * {@link #favouriteVocabulary(int)}.
     *
     * @throws IndexOutOfBoundsException if {@code j} is not in {@code [0, favouriteCount(f))}
     */
    public int favouriteAt(int f, int j) {
        Objects.checkIndex(j, tops[f].nTop);
        return tops[f].top[j];
    }

    /** Returns the favourite values of favourite attribute {@code f}, best first, as text. */
    public List<String> favouriteValues(int f) {
        List<String> vocab = favouriteVocabularies.get(f);
        TopValues t = tops[f];
        List<String> out = new ArrayList<>(t.nTop);
        for (int j = 0; j < t.nTop; j++) {
            out.add(vocab.get(t.top[j]));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Returns the affinity of an item to favourite attribute {@code f}: the largest count over the item's values of
     * the user's positive events at earlier seconds, divided by {@link #positiveCount()} (0 when that is 0 or the
     * item has no value).
     *
     * @param f    the favourite attribute's position in {@link SampleSpec#favourites()}
     * @param item a dense item index of the catalogue
     * @return the affinity in [0, 1]
     */
    public double affinity(int f, int item) {
        return moments.positiveCount() == 0 ? 0.0 : (double) tops[f].maxCount(valueOffsets[f], valueCodes[f], item) / moments.positiveCount();
    }

    /** Returns the values of favourite attribute {@code f} of each item, as offsets into {@link #valueCodes(int)}. */
    int[] valueOffsets(int f) {
        return valueOffsets[f];
    }

    int[] valueCodes(int f) {
        return valueCodes[f];
    }

    /** Returns the rank of every item index in id order, or null when index order is id order. */
    int[] itemRank() {
        return itemRank;
    }

    /**
     * Puts {@code item} at the front of the most-recent-first list (moving it there if the list is distinct and
     * holds it already); returns the new length.
     */
    private static int pushRecent(int[] recent, int n, int max, int item, boolean distinct) {
        int at = -1;
        for (int j = 0; distinct && j < n; j++) {
            if (recent[j] == item) {
                at = j;
                break;
            }
        }
        int shift = at >= 0 ? at : Math.min(n, max - 1);
        System.arraycopy(recent, 0, recent, 1, shift);
        recent[0] = item;
        return at >= 0 ? n : Math.min(n + 1, max);
    }

    /**
     * The counts of one attribute's values over a user's positive events so far, and its top values (count
     * descending, then code ascending = name ascending, since a vocabulary is in name order), kept exact as the
     * counts grow by one: only the value just counted can enter the top or move up in it.
     */
    private static final class TopValues {
        private final int[] count;
        private final int[] touched;
        private int nTouched;
        private final int[] top;
        private int nTop;

        TopValues(int vocabulary, int k) {
            count = new int[vocabulary];
            touched = new int[vocabulary];
            top = new int[k];
        }

        void increment(int v) {
            if (count[v]++ == 0) {
                touched[nTouched++] = v;
            }
            int k = top.length;
            if (k == 0) {
                return;
            }
            int at = -1;
            for (int j = 0; j < nTop; j++) {
                if (top[j] == v) {
                    at = j;
                    break;
                }
            }
            if (at < 0) {
                if (nTop < k) {
                    at = nTop++;
                } else if (better(v, top[k - 1])) {
                    at = k - 1;
                } else {
                    return;
                }
                top[at] = v;
            }
            while (at > 0 && better(top[at], top[at - 1])) {
                int t = top[at];
                top[at] = top[at - 1];
                top[at - 1] = t;
                at--;
            }
        }

        private boolean better(int a, int b) {
            return count[a] > count[b] || (count[a] == count[b] && a < b);
        }

        /** Returns the largest count of the values {@code codes[off[item] .. off[item + 1])}, 0 when none. */
        int maxCount(int[] off, int[] codes, int item) {
            int best = 0;
            for (int x = off[item]; x < off[item + 1]; x++) {
                best = Math.max(best, count[codes[x]]);
            }
            return best;
        }

        void reset() {
            for (int j = 0; j < nTouched; j++) {
                count[touched[j]] = 0;
            }
            nTouched = 0;
            nTop = 0;
        }
    }
}
