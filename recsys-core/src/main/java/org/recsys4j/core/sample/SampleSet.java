package org.recsys4j.core.sample;

import it.unimi.dsi.fastutil.ints.IntArrays;
import org.recsys4j.core.data.AttributeType;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemAttribute;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.feature.HashedCross;
import org.recsys4j.core.split.Splits;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Labelled, leakage-safe samples built from an event history and an item catalogue under a
 * {@link SampleSpec}, stored column by column, with their time split.
 *
 * <p><b>Samples.</b> Every event of the history whose user has at least {@link SampleSpec#minPriorEvents()}
 * events strictly earlier in time is a sample; its label is the spec's {@link LabelRule}. Samples are in
 * canonical order: timestamp, then user id, then item id (ascending; numeric or ordinal text order), then
 * the event's row.
 *
 * <p><b>As-of features.</b> Every feature of a sample at second t looks only at the history's events with a
 * timestamp <b>strictly less</b> than t (all events, not only samples): never at the sample's own event, an
 * event of the same second, or a later one. For the user and for the item: the count, mean value, sample
 * standard deviation ({@code var = (Σv² − (Σv)²/n)/(n − 1)}, {@code sd = sqrt(var)} if {@code var > 0}, else
 * 0, and 0 when n &lt; 2) and positive rate of those events ({@link Aggregate}); for the user: the most recent
 * positive items (most recent first, at most {@link SampleSpec#maxRecentPositives()}; each item once unless
 * the spec says otherwise; ties of one second by item id descending), for each
 * favourite attribute the values most frequent over the user's earlier positive events (count descending,
 * then name ascending, at most {@link SampleSpec#maxFavourites()}) and, optionally, the affinity: the largest
 * share of those positive events whose item shares a value with the sample's item.
 *
 * <p><b>How.</b> One pass per side in time order, over the history's by-user and by-item views, through the
 * public as-of definition: each user's events are fed to a {@link UserAsOf}, each item's to an {@link ItemAsOf}
 * (every sample of a second gets the state <em>before</em> that second, then the second is folded in: a user's in
 * item id order, an item's in row order), so that another engine computing the same definition gets the same
 * features. The lists are stored once per (user, second) that has a sample and shared by its samples, in chunked
 * columns of the narrowest primitive type their values fit; the other columns are primitive arrays; timestamps and
 * parts are read through the rows. Nothing is allocated per sample: protocol C's set holds about 80 bytes a sample
 * ({@code docs/samples.md}).
 *
 * <p><b>Split</b> ({@link TimeSplit}). T = {@link Splits#timeQuantileThreshold(long[], int, int)} of the samples'
 * timestamps with the train fraction; train = timestamp &le; T, test = timestamp &gt; T. Inside train the same rule with the
 * fit fraction gives Tv; fit = timestamp &le; Tv, validation = the rest of train ({@link Part}).
 *
 * <p>Static item attributes are read from the catalogue ({@link #catalog()}, {@link #itemIndex(int)}); the
 * wide-cross bucket is {@link HashedCross#bucket(long, long)} of the item's and the most recent positive's
 * {@linkplain #crossKey(IdIndex, int) cross keys}. Immutable; {@link #sample(int)} copies one sample out for
 * reading.
 *
 * <pre>{@code
 * // protocol C on MovieLens
 * SampleSet s = SampleSet.build(ml.ratings(), ml.catalog(), SampleSpec.protocolC());
 * s.size();                 // 99,142
 * s.count(Part.TEST);       // 19,828
 * // a shop's event log: the Feedback policy gives each event's value, the spec's rule its label
 * SampleSet shop = SampleSet.build(log, Feedback.eventWeights(Map.of("view", 1.0, "cart", 3.0, "buy", 10.0),
 *         Feedback.Combine.SUM), catalog, spec);
 * }</pre>
 */
public final class SampleSet {
    /**
     * Receives the progress of {@link SampleSet#build(Interactions, ItemCatalog, SampleSpec, Listener) building} a
     * sample set: the user pass and the item pass, each over every event of the history, reported every
     * {@value #PROGRESS_EVERY} events or so and at the end of each pass. With more than one processor the two passes
     * run at once on two threads (the building thread and one more), so a listener is called from both and must be
     * thread-safe; with one, on the building thread, the user pass then the item pass.
     */
    @FunctionalInterface
    public interface Listener {
        /** A listener that ignores everything. */
        Listener NONE = (phase, done, total) -> {
        };

        /**
         * Called as a pass advances.
         *
         * @param phase {@code "users"} (the user-side features) or {@code "items"} (the item-side ones)
         * @param done  the events of the history folded so far in this pass
         * @param total the events of the history
         */
        void onProgress(String phase, long done, long total);
    }

    /** Events between two progress reports of {@link Listener}. */
    public static final int PROGRESS_EVERY = 1 << 18;


    private final Interactions history;
    private final int[] sourceRow;      // history row -> row of the event log it came from; null: the same
    private final boolean[] positive;   // per history event: positive under the label rule
    private final ItemCatalog catalog;
    private final SampleSpec spec;
    private final HashedCross cross;
    private final int[] itemRank;       // item index -> rank in id order; null when index order is id order
    private final int droppedByFeedback;
    // per sample; user, item, value and label are read through row
    private final int[] row;            // history row
    // the timestamp and the part of a sample are read through its row (the part from the split thresholds)
    private final int[] userCount;
    private final double[] userMean;
    private final double[] userStd;
    private final int[] userPositives;
    private final int[] itemCount;
    private final double[] itemMean;
    private final double[] itemStd;
    private final int[] itemPositives;
    private final int[] snapshot;       // sample -> its (user, second) snapshot of the lists
    private final float[][] affinity;   // [favourite attribute][sample], null without affinities
    // per snapshot
    private final PackedInts recentOffsets;
    private final PackedInts recentItems;       // dense item indices
    private final PackedInts[] favouriteOffsets;
    private final PackedInts[] favouriteCodes;  // codes into the attribute's vocabulary
    private final List<List<String>> favouriteVocabularies;
    private final TimeSplit split;
    private final long splitTimestamp;
    private final long validationTimestamp;
    private final int[] partCounts = new int[3];
    /** For {@link #currentAggregate}: one user accumulator per thread (the favourite tables are built once each). */
    private final ThreadLocal<UserAsOf> userAsOf;

    private SampleSet(Builder b) {
        this.history = b.history;
        this.sourceRow = b.sourceRow;
        this.positive = b.positive;
        this.catalog = b.catalog;
        this.spec = b.spec;
        this.cross = HashedCross.of(spec.crossBuckets());
        this.itemRank = b.itemRank;
        this.droppedByFeedback = b.droppedByFeedback;
        this.row = b.order;
        this.userCount = b.userCount;
        this.userMean = b.userMean;
        this.userStd = b.userStd;
        this.userPositives = b.userPositives;
        this.itemCount = b.itemCount;
        this.itemMean = b.itemMean;
        this.itemStd = b.itemStd;
        this.itemPositives = b.itemPositives;
        this.snapshot = b.snapshot;
        this.affinity = b.affinity;
        this.recentOffsets = b.recentOffsets;
        this.recentItems = b.recentItems;
        this.favouriteOffsets = b.favouriteOffsets;
        this.favouriteCodes = b.favouriteCodes;
        this.favouriteVocabularies = List.copyOf(b.favouriteVocabularies);
        this.userAsOf = ThreadLocal.withInitial(() -> UserAsOf.of(spec, catalog));
        int n = row.length;
        // samples are in time order: the parts are three consecutive ranges
        TimeSplit split = TimeSplit.ofSorted(n, k -> timestamp((int) k), spec);
        this.split = split;
        splitTimestamp = split.splitTimestamp();
        validationTimestamp = split.validationTimestamp();
        for (int i = 0; i < n; i++) {
            partCounts[split.part(timestamp(i)).ordinal()]++;
        }
    }

    /**
     * Returns the samples of an interaction history: each row is an event whose value (e.g. a rating) the
     * spec's {@link LabelRule#valueAtLeast value rule} reads.
     *
     * @param history the events, over the catalogue's item index ({@code history.items()} equal to
     *                {@code catalog.items()})
     * @param catalog the items' attributes
     * @param spec    what to compute
     * @return the samples
     * @throws IllegalArgumentException if the item indices differ, the spec's label rule needs event types,
     *                                  an attribute of the spec is not in the catalogue or has a type it cannot
     *                                  use (naming it and listing the catalogue's), or no event qualifies as a sample
     */
    public static SampleSet build(Interactions history, ItemCatalog catalog, SampleSpec spec) {
        return build(history, catalog, spec, Listener.NONE);
    }

    /**
     * Returns the samples of an interaction history ({@link #build(Interactions, ItemCatalog, SampleSpec)}), reporting
     * progress to {@code listener}.
     *
     * @param history  the events, over the catalogue's item index
     * @param catalog  the items' attributes
     * @param spec     what to compute
     * @param listener receives the progress of the two passes
     * @return the samples
     * @throws IllegalArgumentException as {@link #build(Interactions, ItemCatalog, SampleSpec)}
     */
    public static SampleSet build(Interactions history, ItemCatalog catalog, SampleSpec spec, Listener listener) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(spec, "spec");
        if (spec.labelRule().kind() != LabelRule.Kind.VALUE_AT_LEAST) {
            throw new IllegalArgumentException("labelRule: " + spec.labelRule() + " reads event types, which "
                    + "Interactions do not have; build from an EventLog with a Feedback policy instead");
        }
        checkItems(history.items(), catalog, "history");
        boolean[] positive = new boolean[history.size()];
        for (int k = 0; k < positive.length; k++) {
            positive[k] = spec.labelRule().isPositiveValue(history.value(k));
        }
        return new Builder(history, null, 0, positive, catalog, spec, listener).build();
    }

    /**
     * Returns the samples of an event log: the {@code feedback} policy gives each event its value (its value
     * or its type's weight, {@link Feedback#eventSignals}) and drops the events it does not count, event by
     * event (its combine rule is not used: every kept event is history and may be a sample); the spec's label
     * rule reads that value or the event's type. Values are held as {@code float}s, as in {@link Interactions}.
     *
     * @param log      the events, over the catalogue's item index (read them with
     *                 {@code EventLogReader.builder(mapping).withKnownItems(catalog.items(), ...)})
     * @param feedback which events count and their values
     * @param catalog  the items' attributes
     * @param spec     what to compute
     * @return the samples
     * @throws IllegalArgumentException if the item indices differ, the policy does not fit the log, a type rule
     *                                  names no type of the log (or the log has no types), an attribute of the
     *                                  spec is not usable, or no event qualifies as a sample
     * @throws org.recsys4j.core.data.TooManyEventsDroppedException if the policy drops too many events
     */
    public static SampleSet build(EventLog log, Feedback feedback, ItemCatalog catalog, SampleSpec spec) {
        return build(log, feedback, catalog, spec, Listener.NONE);
    }

    /**
     * Returns the samples of an event log ({@link #build(EventLog, Feedback, ItemCatalog, SampleSpec)}), reporting
     * progress to {@code listener}.
     *
     * @param log      the events, over the catalogue's item index
     * @param feedback which events count and their values
     * @param catalog  the items' attributes
     * @param spec     what to compute
     * @param listener receives the progress of the two passes
     * @return the samples
     * @throws IllegalArgumentException as {@link #build(EventLog, Feedback, ItemCatalog, SampleSpec)}
     * @throws org.recsys4j.core.data.TooManyEventsDroppedException if the policy drops too many events
     */
    public static SampleSet build(EventLog log, Feedback feedback, ItemCatalog catalog, SampleSpec spec,
                                  Listener listener) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(feedback, "feedback");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(spec, "spec");
        checkItems(log.items(), catalog, "log");
        LabelRule rule = spec.labelRule();
        boolean[] positiveType = null;
        if (rule.kind() == LabelRule.Kind.EVENT_TYPES) {
            if (!log.hasTypes()) {
                throw new IllegalArgumentException("labelRule: " + rule + ", but the log has no event types (" + log + ")");
            }
            positiveType = rule.positiveTypes(log.eventTypes());
        }
        double[] signal = feedback.eventSignals(log);
        int m = 0;
        for (double s : signal) {
            if (!Double.isNaN(s)) {
                m++;
            }
        }
        int[] u = new int[m];
        int[] it = new int[m];
        float[] v = new float[m];
        long[] ts = new long[m];
        int[] src = new int[m];
        boolean[] positive = new boolean[m];
        int j = 0;
        for (int k = 0; k < signal.length; k++) {
            double s = signal[k];
            if (Double.isNaN(s)) {
                continue;
            }
            u[j] = log.user(k);
            it[j] = log.item(k);
            v[j] = (float) s;
            ts[j] = log.timestamp(k);
            src[j] = k;
            positive[j] = positiveType != null ? positiveType[log.typeCode(k)] : rule.isPositiveValue(s);
            j++;
        }
        Interactions history = Interactions.wrap(log.users(), log.items(), u, it, v, ts);
        return new Builder(history, src, log.size() - m, positive, catalog, spec, listener).build();
    }

    private static void checkItems(IdIndex items, ItemCatalog catalog, String what) {
        if (items != catalog.items() && !items.equals(catalog.items())) {
            throw new IllegalArgumentException(what + ": item index (" + items.size() + " ids) is not the catalogue's "
                    + "items() (" + catalog.size() + " ids); read the events with the catalogue's items "
                    + "(EventLogReader.Builder.withKnownItems, EventLog.Builder.withItems)");
        }
    }

    /**
     * Returns the key of an id in a hashed cross: a numeric id itself, a text id the 64-bit FNV-1a hash of its
     * UTF-8 bytes ({@link HashedCross#textKey(String)}); 0 for index -1 (no item).
     *
     * @param ids   the id index
     * @param index a dense index of it, or -1
     * @return the key
     */
    public static long crossKey(IdIndex ids, int index) {
        if (index < 0) {
            return 0L;
        }
        return ids.isNumeric() ? ids.longId(index) : HashedCross.textKey(ids.id(index));
    }

    // ------------------------------------------------------------------------------------------ accessors

    /**
     * Returns the history the samples were taken from: the interactions given, or the events of the log that
     * the policy kept (value = the policy's signal), in log order.
     */
    public Interactions history() {
        return history;
    }

    /** Returns whether history event {@code k} (a row of {@link #history()}) is positive under the label rule. */
    public boolean isPositiveEvent(int k) {
        return positive[k];
    }

    /** Returns the catalogue of the items' attributes. */
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

    /** Returns the number of history events that are not samples (too few earlier events of their user). */
    public int droppedColdUser() {
        return history.size() - row.length;
    }

    /** Returns the number of events of the log that the feedback policy dropped (0 for an interaction history). */
    public int droppedByFeedback() {
        return droppedByFeedback;
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
        Objects.checkIndex(i, row.length);
        return i < partCounts[0] ? Part.FIT : i < partCounts[0] + partCounts[1] ? Part.VALIDATION : Part.TEST;
    }

    /** Returns true if sample {@code i} is in train (fit or validation). */
    public boolean isTrain(int i) {
        Objects.checkIndex(i, row.length);
        return i < partCounts[0] + partCounts[1];
    }

    /** Returns the row sample {@code i} comes from: of the interactions given, or of the event log. */
    public int eventRow(int i) {
        return sourceRow == null ? row[i] : sourceRow[row[i]];
    }

    /** Returns the row of {@link #history()} that sample {@code i} is. */
    public int historyRow(int i) {
        return row[i];
    }

    /** Returns the dense user index of sample {@code i} (into {@code history().users()}). */
    public int userIndex(int i) {
        return history.user(row[i]);
    }

    /** Returns the dense item index of sample {@code i} (into {@code catalog().items()}). */
    public int itemIndex(int i) {
        return history.item(row[i]);
    }

    /**
     * Returns the numeric external user id of sample {@code i}.
     *
     * @throws IllegalStateException if the user ids are text (use {@link #userKey(int)})
     */
    public long userId(int i) {
        return history.users().longId(userIndex(i));
    }

    /**
     * Returns the numeric external item id of sample {@code i}.
     *
     * @throws IllegalStateException if the item ids are text (use {@link #itemKey(int)})
     */
    public long itemId(int i) {
        return history.items().longId(itemIndex(i));
    }

    /** Returns the external user id of sample {@code i} as text (numeric ids in decimal). */
    public String userKey(int i) {
        return history.users().id(userIndex(i));
    }

    /** Returns the external item id of sample {@code i} as text (numeric ids in decimal). */
    public String itemKey(int i) {
        return history.items().id(itemIndex(i));
    }

    /** Returns the timestamp (seconds) of sample {@code i}. */
    public long timestamp(int i) {
        return history.timestamp(row[i]);
    }

    /** Returns the value of sample {@code i}'s event (a rating, or the policy's signal). */
    public float value(int i) {
        return history.value(row[i]);
    }

    /** Returns the label of sample {@code i}: true iff its event is positive under the spec's rule. */
    public boolean label(int i) {
        return positive[row[i]];
    }

    /** Returns the number of the user's events strictly before sample {@code i}'s second. */
    public int userCount(int i) {
        return userCount[i];
    }

    /** Returns the user's mean value over those events (0 when none). */
    public double userMean(int i) {
        return userMean[i];
    }

    /** Returns the user's sample standard deviation of those values (0 with fewer than 2). */
    public double userStddev(int i) {
        return userStd[i];
    }

    /** Returns the number of those events that are positive. */
    public int userPositiveCount(int i) {
        return userPositives[i];
    }

    /** Returns the share of those events that are positive (0 when none). */
    public double userPositiveRate(int i) {
        return userCount[i] == 0 ? 0.0 : (double) userPositives[i] / userCount[i];
    }

    /** Returns the number of the item's events strictly before sample {@code i}'s second. */
    public int itemCount(int i) {
        return itemCount[i];
    }

    /** Returns the item's mean value over those events (0 when none). */
    public double itemMean(int i) {
        return itemMean[i];
    }

    /** Returns the item's sample standard deviation of those values (0 with fewer than 2). */
    public double itemStddev(int i) {
        return itemStd[i];
    }

    /** Returns the number of those events that are positive. */
    public int itemPositiveCount(int i) {
        return itemPositives[i];
    }

    /** Returns the share of those events that are positive (0 when none). */
    public double itemPositiveRate(int i) {
        return itemCount[i] == 0 ? 0.0 : (double) itemPositives[i] / itemCount[i];
    }

    /** Returns one aggregate of sample {@code i} (counts as doubles). */
    public double aggregate(int i, Aggregate a) {
        return switch (a) {
            case ITEM_COUNT -> itemCount[i];
            case ITEM_MEAN -> itemMean[i];
            case ITEM_STDDEV -> itemStd[i];
            case ITEM_POSITIVE_RATE -> itemPositiveRate(i);
            case USER_COUNT -> userCount[i];
            case USER_MEAN -> userMean[i];
            case USER_STDDEV -> userStd[i];
            case USER_POSITIVE_RATE -> userPositiveRate(i);
        };
    }

    /**
     * Returns an aggregate over <em>every</em> event of the history of a user or an item (by
     * {@link Aggregate#isUser()}): the value a sample after the history's last event would have, e.g. what a
     * feature store serves for a user now. The events are folded in the order the samples' aggregates use.
     *
     * @param a     the aggregate
     * @param index a dense user index (user aggregates) or item index (item aggregates)
     * @return the value
     */
    public double currentAggregate(Aggregate a, int index) {
        Interactions.Csr csr = a.isUser() ? history.byUser() : history.byItem();
        Objects.checkIndex(index, csr.rows());
        if (a.isUser()) {
            UserAsOf acc = userAsOf.get();
            acc.reset();
            for (int p = csr.start(index), end = csr.end(index); p < end; p++) {
                int k = csr.entry(p);
                acc.add(history.timestamp(k), history.item(k), history.value(k), positive[k], k);
            }
            acc.complete();
            return acc.aggregate(a);
        }
        ItemAsOf acc = ItemAsOf.create();
        for (int p = csr.start(index), end = csr.end(index); p < end; p++) {
            int k = csr.entry(p);
            acc.add(history.timestamp(k), history.value(k), positive[k], k);
        }
        acc.complete();
        return acc.aggregate(a);
    }

    /** Returns the length of sample {@code i}'s recent-positive list. */
    public int recentPositiveCount(int i) {
        int sn = snapshot[i];
        return recentOffsets.get(sn + 1) - recentOffsets.get(sn);
    }

    /** Returns the dense item index at position {@code j} (0 = most recent) of sample {@code i}'s recent positives. */
    public int recentPositive(int i, int j) {
        int sn = snapshot[i];
        Objects.checkIndex(j, recentOffsets.get(sn + 1) - recentOffsets.get(sn));
        return recentItems.get(recentOffsets.get(sn) + j);
    }

    /**
     * Returns the numeric external ids of sample {@code i}'s recent positives, most recent first.
     *
     * @throws IllegalStateException if the item ids are text (use {@link #recentPositiveKeys(int)})
     */
    public long[] recentPositiveIds(int i) {
        IdIndex items = history.items();
        int sn = snapshot[i];
        long[] ids = new long[recentOffsets.get(sn + 1) - recentOffsets.get(sn)];
        for (int j = 0; j < ids.length; j++) {
            ids[j] = items.longId(recentItems.get(recentOffsets.get(sn) + j));
        }
        return ids;
    }

    /** Returns the external ids of sample {@code i}'s recent positives as text, most recent first. */
    public List<String> recentPositiveKeys(int i) {
        IdIndex items = history.items();
        int sn = snapshot[i];
        List<String> out = new ArrayList<>(recentOffsets.get(sn + 1) - recentOffsets.get(sn));
        for (int p = recentOffsets.get(sn); p < recentOffsets.get(sn + 1); p++) {
            out.add(items.id(recentItems.get(p)));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Returns the numeric id of sample {@code i}'s most recent positive, or 0 when the list is empty.
     *
     * @throws IllegalStateException if the item ids are text
     */
    public long firstRecentPositiveId(int i) {
        int sn = snapshot[i];
        return recentOffsets.get(sn + 1) > recentOffsets.get(sn) ? history.items().longId(recentItems.get(recentOffsets.get(sn))) : 0L;
    }

    /** Returns the cross key ({@link #crossKey(IdIndex, int)}) of sample {@code i}'s item. */
    public long itemCrossKey(int i) {
        return crossKey(history.items(), itemIndex(i));
    }

    /** Returns the cross key of sample {@code i}'s most recent positive, 0 when the list is empty. */
    public long firstRecentCrossKey(int i) {
        int sn = snapshot[i];
        return recentOffsets.get(sn + 1) > recentOffsets.get(sn) ? crossKey(history.items(), recentItems.get(recentOffsets.get(sn))) : 0L;
    }

    /** Returns the wide-cross bucket of sample {@code i}: of its item and its most recent positive (key 0 when none). */
    public int crossBucket(int i) {
        return cross.bucket(itemCrossKey(i), firstRecentCrossKey(i));
    }

    /** Returns the position of a favourite attribute in {@link SampleSpec#favourites()}. */
    private int favouritePosition(String attribute) {
        int f = spec.favourites().indexOf(Objects.requireNonNull(attribute, "attribute"));
        if (f < 0) {
            throw new IllegalArgumentException("attribute: '" + attribute + "' is not a favourite attribute of the "
                    + "spec; its favourites: " + spec.favourites());
        }
        return f;
    }

    /** Returns the length of sample {@code i}'s favourite-value list of the {@code f}-th favourite attribute. */
    public int favouriteCount(int i, int f) {
        int sn = snapshot[i];
        return favouriteOffsets[f].get(sn + 1) - favouriteOffsets[f].get(sn);
    }

    /**
     * Returns the value at position {@code j} (0 = the favourite) of sample {@code i}'s list of the {@code f}-th
     * favourite attribute, as an index into that attribute's vocabulary in the catalogue.
     */
    public int favourite(int i, int f, int j) {
        int sn = snapshot[i];
        Objects.checkIndex(j, favouriteOffsets[f].get(sn + 1) - favouriteOffsets[f].get(sn));
        return favouriteCodes[f].get(favouriteOffsets[f].get(sn) + j);
    }

    /**
     * Returns sample {@code i}'s favourite values of an attribute, best first.
     *
     * @throws IllegalArgumentException if the attribute is not one of the spec's favourites
     */
    public List<String> favouriteValues(int i, String attribute) {
        return favouriteValues(i, favouritePosition(attribute));
    }

    /** Returns sample {@code i}'s favourite values of the {@code f}-th favourite attribute, best first. */
    public List<String> favouriteValues(int i, int f) {
        List<String> vocab = favouriteVocabularies.get(f);
        int sn = snapshot[i];
        List<String> out = new ArrayList<>(favouriteOffsets[f].get(sn + 1) - favouriteOffsets[f].get(sn));
        for (int p = favouriteOffsets[f].get(sn); p < favouriteOffsets[f].get(sn + 1); p++) {
            out.add(vocab.get(favouriteCodes[f].get(p)));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Returns sample {@code i}'s affinity to the {@code f}-th favourite attribute: the largest share, over the
     * values of the sample's item, of the user's earlier positive events whose item has that value (0 when the
     * user has none or the item no value).
     *
     * @throws IllegalStateException if the spec computes no affinities
     */
    public double affinity(int i, int f) {
        if (affinity == null) {
            throw new IllegalStateException("affinity: the spec computes none (SampleSpec.Builder.withAffinities)");
        }
        return affinity[f][i];
    }

    /**
     * Returns sample {@code i}'s affinity to a favourite attribute ({@link #affinity(int, int)}).
     *
     * @throws IllegalArgumentException if the attribute is not one of the spec's favourites
     * @throws IllegalStateException    if the spec computes no affinities
     */
    public double affinity(int i, String attribute) {
        return affinity(i, favouritePosition(attribute));
    }

    /** Returns a copy of the timestamps of all samples, in sample order. */
    public long[] timestampColumn() {
        long[] out = new long[row.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = history.timestamp(row[i]);
        }
        return out;
    }

    /**
     * Returns sample {@code i} copied into a {@link Sample}, for reading: numerics under their encoded names
     * (aggregates, then affinities), favourite values by attribute, the spec's item attributes as text.
     */
    public Sample sample(int i) {
        Objects.checkIndex(i, row.length);
        Map<String, Double> numerics = new LinkedHashMap<>();
        for (Aggregate a : spec.aggregates()) {
            numerics.put(spec.featureName(a.featureName()), aggregate(i, a));
        }
        Map<String, List<String>> favs = new LinkedHashMap<>();
        for (int f = 0; f < spec.favourites().size(); f++) {
            favs.put(spec.favourites().get(f), favouriteValues(i, f));
        }
        if (affinity != null) {
            for (int f = 0; f < spec.favourites().size(); f++) {
                numerics.put(spec.featureName(SampleSpec.affinityFeature(spec.favourites().get(f))),
                        (double) affinity[f][i]);
            }
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        for (String a : spec.itemAttributes()) {
            catalog.attribute(a).orElseThrow().textAt(itemIndex(i)).ifPresent(t -> attrs.put(a, t));
        }
        return new Sample(userKey(i), itemKey(i), timestamp(i), value(i), label(i), part(i), numerics,
                recentPositiveKeys(i), favs, attrs, crossBucket(i));
    }

    /**
     * Returns the bytes the set's own columns hold (not the history it reads through, nor the catalogue): what the
     * stated budget of {@code docs/samples.md} (bytes per sample) is checked against.
     */
    long columnBytes() {
        long n = row.length;
        long b = n * (4 + 4 * 4 + 4 * 8 + 4);   // row, four counts, four means / deviations, snapshot
        if (affinity != null) {
            b += (long) affinity.length * n * 4;
        }
        b += recentOffsets.bytes() + recentItems.bytes();
        for (int f = 0; f < favouriteOffsets.length; f++) {
            b += favouriteOffsets[f].bytes() + favouriteCodes[f].bytes();
        }
        return b;
    }

    @Override
    public String toString() {
        return "SampleSet[" + size() + " samples: fit " + count(Part.FIT) + ", validation " + count(Part.VALIDATION)
                + ", test " + count(Part.TEST) + "; T=" + splitTimestamp + ", Tv=" + validationTimestamp + "]";
    }

    // ------------------------------------------------------------------------------------------ building

    /** Returns the rank of every index in ascending id order, or null when index order is already id order. */
    static int[] idRanks(IdIndex ids) {
        if (ids.isSorted()) {
            return null;
        }
        Integer[] idx = new Integer[ids.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        if (ids.isNumeric()) {
            long[] l = ids.longIds();
            Arrays.sort(idx, (a, b) -> Long.compare(l[a], l[b]));
        } else {
            Arrays.sort(idx, (a, b) -> ids.id(a).compareTo(ids.id(b)));
        }
        int[] rank = new int[idx.length];
        for (int r = 0; r < idx.length; r++) {
            rank[idx[r]] = r;
        }
        return rank;
    }

    /** Returns the sample standard deviation of n values with sum s and sum of squares ss (0 when n &lt; 2). */
    static double std(int n, double s, double ss) {
        if (n < 2) {
            return 0.0;
        }
        double var = (ss - s * s / n) / (n - 1);
        return var > 0 ? Math.sqrt(var) : 0.0;
    }

    /** Runs the selection and the two passes, collecting the columns the set is made of. */
    private static final class Builder {
        final Interactions history;
        final int[] sourceRow;
        final int droppedByFeedback;
        final boolean[] positive;
        final ItemCatalog catalog;
        final SampleSpec spec;
        int[] order;
        int[] userCount;
        double[] userMean;
        double[] userStd;
        int[] userPositives;
        int[] itemCount;
        double[] itemMean;
        double[] itemStd;
        int[] itemPositives;
        int[] snapshot;
        float[][] affinity;
        PackedInts recentOffsets;
        PackedInts recentItems;
        PackedInts[] favouriteOffsets;
        PackedInts[] favouriteCodes;
        List<List<String>> favouriteVocabularies;
        UserAsOf userAsOf;
        /** History row -> sample index, -1 for an event that is not a sample. */
        int[] sampleOf;
        int[] itemRank;

        final Listener listener;

        Builder(Interactions history, int[] sourceRow, int droppedByFeedback, boolean[] positive, ItemCatalog catalog,
                SampleSpec spec, Listener listener) {
            this.listener = listener;
            this.history = history;
            this.sourceRow = sourceRow;
            this.droppedByFeedback = droppedByFeedback;
            this.positive = positive;
            this.catalog = catalog;
            this.spec = spec;
        }

        SampleSet build() {
            checkAttributes();
            select();
            passes();
            sampleOf = null;
            return new SampleSet(this);
        }

        private void checkAttributes() {
            for (String a : spec.itemAttributes()) {
                ItemAttribute attr = attribute(a, "itemAttributes");
                if (attr.type() == AttributeType.TEXT) {
                    throw new IllegalArgumentException("itemAttributes: '" + a + "' is TEXT; a sample carries "
                            + "CATEGORICAL, MULTI_CATEGORICAL, NUMERIC or TIMESTAMP attributes (the catalogue has "
                            + describe() + ")");
                }
            }
            userAsOf = UserAsOf.of(spec, catalog);
            int nf = spec.favourites().size();
            favouriteVocabularies = new ArrayList<>(nf);
            for (int f = 0; f < nf; f++) {
                favouriteVocabularies.add(userAsOf.favouriteVocabulary(f));
            }
        }

        private ItemAttribute attribute(String name, String option) {
            return catalog.attribute(name).orElseThrow(() -> new IllegalArgumentException(option + ": no attribute '"
                    + name + "' in the catalogue; it has " + describe()));
        }

        private String describe() {
            return UserAsOf.describe(catalog);
        }

        /** Chooses the samples (enough earlier events of the user), orders them canonically, allocates the columns. */
        private void select() {
            Interactions h = history;
            Interactions.Csr csr = h.byUser();
            int min = spec.minPriorEvents();
            sampleOf = new int[h.size()];
            Arrays.fill(sampleOf, -1);
            int n = 0;
            for (int u = 0; u < csr.rows(); u++) {
                int start = csr.start(u);
                int end = csr.end(u);
                int p = start;
                while (p < end) {
                    long ts = h.timestamp(csr.entry(p));
                    int q = p + 1;
                    while (q < end && h.timestamp(csr.entry(q)) == ts) {
                        q++;
                    }
                    if (p - start >= min) {
                        for (int r = p; r < q; r++) {
                            sampleOf[csr.entry(r)] = 0;
                        }
                        n += q - p;
                    }
                    p = q;
                }
            }
            if (n == 0) {
                throw new IllegalArgumentException("history: none of the " + h.size() + " events has minPriorEvents="
                        + min + " earlier events of its user; no samples");
            }
            order = new int[n];
            n = 0;
            for (int k = 0; k < sampleOf.length; k++) {
                if (sampleOf[k] == 0) {
                    order[n++] = k;
                }
            }
            int[] userRank = idRanks(h.users());
            itemRank = idRanks(h.items());
            // canonical order: timestamp, external user id, external item id; ties keep the row order (stable sort)
            IntArrays.mergeSort(order, (a, b) -> {
                int c = Long.compare(h.timestamp(a), h.timestamp(b));
                if (c != 0) {
                    return c;
                }
                int ua = h.user(a);
                int ub = h.user(b);
                c = userRank == null ? Integer.compare(ua, ub) : Integer.compare(userRank[ua], userRank[ub]);
                if (c != 0) {
                    return c;
                }
                int ia = h.item(a);
                int ib = h.item(b);
                return itemRank == null ? Integer.compare(ia, ib) : Integer.compare(itemRank[ia], itemRank[ib]);
            });
            for (int i = 0; i < n; i++) {
                sampleOf[order[i]] = i;
            }
            userCount = new int[n];
            userMean = new double[n];
            userStd = new double[n];
            userPositives = new int[n];
            itemCount = new int[n];
            itemMean = new double[n];
            itemStd = new double[n];
            itemPositives = new int[n];
            snapshot = new int[n];
            affinity = spec.affinities() ? new float[spec.favourites().size()][n] : null;
        }

        /**
         * Runs the user pass and the item pass: at once, the item pass on a thread of its own, when the JVM has more
         * than one processor (they read the history and write disjoint columns, so the samples are the same either
         * way), else one after the other. A failure of either is thrown here.
         */
        private void passes() {
            if (Runtime.getRuntime().availableProcessors() < 2) {
                userPass();
                itemPass();
                return;
            }
            Throwable[] failed = new Throwable[1];
            Thread items = new Thread(() -> {
                try {
                    itemPass();
                } catch (Throwable t) {
                    failed[0] = t;
                }
            }, "recsys4j-samples-items");
            items.setDaemon(true);
            items.start();
            try {
                userPass();
            } finally {
                boolean interrupted = false;
                while (true) {
                    try {
                        items.join();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;   // the item pass writes this builder's columns: wait for it
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failed[0] instanceof RuntimeException r) {
                throw r;
            }
            if (failed[0] instanceof Error e) {
                throw e;
            }
            if (failed[0] != null) {
                throw new IllegalStateException("the item pass failed", failed[0]);
            }
        }

        /**
         * The user side: per user, its events in time order through {@link UserAsOf}; the samples of one second
         * share one snapshot of the lists (the state before that second).
         */
        private void userPass() {
            Interactions h = history;
            Interactions.Csr csr = h.byUser();
            UserAsOf acc = userAsOf;
            int nf = spec.favourites().size();
            // chunked, as narrow as the values allow: no growth or trimming copies
            PackedInts recentOff = new PackedInts(Integer.MAX_VALUE);
            PackedInts recentAll = new PackedInts(Math.max(0, catalog.size() - 1));
            recentOff.add(0);
            PackedInts[] favOff = new PackedInts[nf];
            PackedInts[] favAll = new PackedInts[nf];
            for (int f = 0; f < nf; f++) {
                favOff[f] = new PackedInts(Integer.MAX_VALUE);
                favOff[f].add(0);
                favAll[f] = new PackedInts(Math.max(0, favouriteVocabularies.get(f).size() - 1));
            }
            int snapshots = 0;
            long total = h.size();
            long next = PROGRESS_EVERY;
            for (int u = 0; u < csr.rows(); u++) {
                if (csr.start(u) >= next) {
                    listener.onProgress("users", csr.start(u), total);
                    next = csr.start(u) + (long) PROGRESS_EVERY;
                }
                acc.reset();
                int sn = -1;
                long snapshotTs = 0;
                for (int p = csr.start(u), end = csr.end(u); p < end; p++) {
                    int k = csr.entry(p);
                    long ts = h.timestamp(k);
                    acc.add(ts, h.item(k), h.value(k), positive[k], k);
                    int i = sampleOf[k];
                    if (i < 0) {
                        continue;
                    }
                    if (sn < 0 || ts != snapshotTs) {
                        // the state before this second, shared by every sample at this second
                        sn = snapshots++;
                        snapshotTs = ts;
                        for (int j = 0; j < acc.recentCount(); j++) {
                            recentAll.add(acc.recentAt(j));
                        }
                        recentOff.add(recentAll.size());
                        for (int f = 0; f < nf; f++) {
                            for (int j = 0; j < acc.favouriteCount(f); j++) {
                                favAll[f].add(acc.favouriteAt(f, j));
                            }
                            favOff[f].add(favAll[f].size());
                        }
                    }
                    userCount[i] = acc.count();
                    userMean[i] = acc.mean();
                    userStd[i] = acc.stddev();
                    userPositives[i] = acc.positiveCount();
                    snapshot[i] = sn;
                    if (affinity != null) {
                        int it = h.item(k);
                        for (int f = 0; f < nf; f++) {
                            affinity[f][i] = (float) acc.affinity(f, it);
                        }
                    }
                }
            }
            listener.onProgress("users", total, total);
            recentOffsets = recentOff;
            recentItems = recentAll;
            favouriteOffsets = favOff;
            favouriteCodes = favAll;
        }

        /** The item side: per item, its events in time order through {@link ItemAsOf}. */
        private void itemPass() {
            Interactions h = history;
            Interactions.Csr csr = h.byItem();
            ItemAsOf acc = ItemAsOf.create();
            long total = h.size();
            long next = PROGRESS_EVERY;
            for (int it = 0; it < csr.rows(); it++) {
                if (csr.start(it) >= next) {
                    listener.onProgress("items", csr.start(it), total);
                    next = csr.start(it) + (long) PROGRESS_EVERY;
                }
                acc.reset();
                for (int p = csr.start(it), end = csr.end(it); p < end; p++) {
                    int k = csr.entry(p);
                    acc.add(h.timestamp(k), h.value(k), positive[k], k);
                    int i = sampleOf[k];
                    if (i >= 0) {
                        itemCount[i] = acc.count();
                        itemMean[i] = acc.mean();
                        itemStd[i] = acc.stddev();
                        itemPositives[i] = acc.positiveCount();
                    }
                }
            }
            listener.onProgress("items", total, total);
        }
    }
}
