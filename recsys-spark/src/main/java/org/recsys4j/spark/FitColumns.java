package org.recsys4j.spark;

import org.apache.spark.api.java.JavaRDD;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.ItemAttribute;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.feature.FittedSchema;
import org.recsys4j.core.sample.Aggregate;
import org.recsys4j.core.sample.SampleFeatures;
import org.recsys4j.core.sample.SampleSpec;
import scala.Tuple2;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The train samples reduced, feature by feature, to what core's trainers read, as the rows of a
 * {@link SampleFeatures.Source}: fitting {@link SampleFeatures#schema} on these rows gives exactly the encoders
 * that fitting it on the train samples gives, without holding the samples on the driver.
 *
 * <p>Each feature's trainer sees a multiset of values with the same result: an id vocabulary (kept when seen at
 * least {@code minIdCount} times) each id min(count, minIdCount) times; a multi-hot vocabulary each value once per
 * occurrence (one row holding a value c times counts c, held as {@code nCopies}); quantile buckets every train
 * sample's value (the only feature as long as the train samples: one double each); a min-max scaler the minimum
 * and the maximum. A feature's column is padded to the row count with values that change nothing: a kept id, no
 * values, NaN (a missing number), the minimum.
 */
final class FitColumns implements SampleFeatures.Source<Integer> {
    private final SampleSpec spec;
    private final ItemCatalog catalog;
    private final boolean numericUsers;
    private final boolean numericItems;
    private final String[] users;
    private final String[] items;
    private final Map<String, List<List<String>>> itemValues = new HashMap<>();
    private final Map<String, double[]> itemNumbers = new HashMap<>();
    private final List<List<String>>[] favourites;
    private final double[][] extremes;   // [aggregate ordinal][min, max]
    private final double[][] affinityExtremes;
    private final int rows;

    @SuppressWarnings({"unchecked", "rawtypes"})
    private FitColumns(SampleSpec spec, ItemCatalog catalog, boolean numericUsers, boolean numericItems,
                       Map<String, Long> userCounts, Map<Integer, Long> itemCounts, Map<String, Long>[] favouriteCounts,
                       double[][] extremes, double[][] affinityExtremes) {
        this.spec = spec;
        this.catalog = catalog;
        this.numericUsers = numericUsers;
        this.numericItems = numericItems;
        this.extremes = extremes;
        this.affinityExtremes = affinityExtremes;
        int min = Math.max(1, spec.minIdCount());
        users = idColumn(userCounts, min);
        IdIndex ids = catalog.items();
        Map<String, Long> itemKeyCounts = new HashMap<>();
        long train = 0;
        for (Map.Entry<Integer, Long> e : itemCounts.entrySet()) {
            itemKeyCounts.put(ids.id(e.getKey()), e.getValue());
            train += e.getValue();
        }
        items = idColumn(itemKeyCounts, min);
        int n = Math.max(Math.max(users.length, items.length), 2);
        for (String a : spec.itemAttributes()) {
            ItemAttribute attr = catalog.attribute(a).orElseThrow();
            switch (attr.type()) {
                case CATEGORICAL, MULTI_CATEGORICAL -> {
                    Map<String, Long> counts = new HashMap<>();
                    for (Map.Entry<Integer, Long> e : itemCounts.entrySet()) {
                        for (String v : itemValues(catalog, a, e.getKey())) {
                            counts.merge(v, e.getValue(), Long::sum);
                        }
                    }
                    itemValues.put(a, tokenColumn(counts));
                }
                case NUMERIC, TIMESTAMP -> {
                    double[] byItem = SampleFeatures.numericValues(attr);
                    double[] column = new double[Math.toIntExact(train)];
                    int at = 0;
                    for (Map.Entry<Integer, Long> e : itemCounts.entrySet()) {
                        Arrays.fill(column, at, at + e.getValue().intValue(), byItem[e.getKey()]);
                        at += e.getValue().intValue();
                    }
                    itemNumbers.put(a, column);
                    n = Math.max(n, column.length);
                }
                default -> throw new IllegalArgumentException("itemAttributes: '" + a + "' is " + attr.type());
            }
        }
        favourites = new List[favouriteCounts.length];
        for (int f = 0; f < favourites.length; f++) {
            favourites[f] = tokenColumn(favouriteCounts[f]);
        }
        rows = n;
    }

    /** Returns the reduced columns of the train samples {@code train}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static FitColumns of(JavaRDD<SampleRecord> train, SampleSpec spec, ItemCatalog catalog, boolean numericUsers,
                         boolean numericItems) {
        Map<String, Long> users = train.mapToPair(r -> new Tuple2<>(r.user, 1L)).reduceByKey(Long::sum).collectAsMap();
        Map<Integer, Long> items = train.mapToPair(r -> new Tuple2<>(r.itemIndex, 1L)).reduceByKey(Long::sum)
                .collectAsMap();
        int nf = spec.favourites().size();
        Map<String, Long>[] favourites = new Map[nf];
        for (int f = 0; f < nf; f++) {
            int pos = f;
            favourites[f] = spec.itemAttributes().contains(spec.favourites().get(f)) ? Map.of()
                    : train.flatMap(r -> Arrays.asList(r.favourites[pos]).iterator())
                    .mapToPair(v -> new Tuple2<>(v, 1L)).reduceByKey(Long::sum).collectAsMap();
        }
        int na = Aggregate.values().length;
        int width = na + (spec.affinities() ? nf : 0);
        double[] init = new double[2 * width];
        for (int k = 0; k < width; k++) {
            init[2 * k] = Double.POSITIVE_INFINITY;
            init[2 * k + 1] = Double.NEGATIVE_INFINITY;
        }
        double[] mm = train.aggregate(init, (acc, r) -> {
            double[] out = acc.clone();
            for (int k = 0; k < width; k++) {
                double v = k < na ? r.aggregates[k] : r.affinity(k - na);
                out[2 * k] = Math.min(out[2 * k], v);
                out[2 * k + 1] = Math.max(out[2 * k + 1], v);
            }
            return out;
        }, (a, b) -> {
            double[] out = new double[a.length];
            for (int k = 0; k < a.length; k += 2) {
                out[k] = Math.min(a[k], b[k]);
                out[k + 1] = Math.max(a[k + 1], b[k + 1]);
            }
            return out;
        });
        double[][] extremes = new double[na][];
        for (int k = 0; k < na; k++) {
            extremes[k] = new double[] {mm[2 * k], mm[2 * k + 1]};
        }
        double[][] affinity = new double[width - na][];
        for (int k = na; k < width; k++) {
            affinity[k - na] = new double[] {mm[2 * k], mm[2 * k + 1]};
        }
        return new FitColumns(spec, catalog, numericUsers, numericItems, users, items, favourites, extremes, affinity);
    }

    /** Returns core's encoding fitted on these rows. */
    FittedSchema<Integer> fit() {
        List<Integer> all = new AbstractList<>() {
            @Override
            public Integer get(int index) {
                return index;
            }

            @Override
            public int size() {
                return rows;
            }
        };
        return SampleFeatures.schema(spec, catalog, numericUsers, numericItems, this).fit(all);
    }

    /** Returns each id min(count, min) times, in id order; padded later with the first kept id. */
    private static String[] idColumn(Map<String, Long> counts, int min) {
        String[] keys = counts.keySet().toArray(new String[0]);
        Arrays.sort(keys);
        int n = 0;
        for (String k : keys) {
            n += (int) Math.min(counts.get(k), min);
        }
        String[] out = new String[n];
        int at = 0;
        for (String k : keys) {
            int c = (int) Math.min(counts.get(k), min);
            Arrays.fill(out, at, at + c, k);
            at += c;
        }
        return out;
    }

    /** Returns one row per value holding it as many times as it occurs. */
    private static List<List<String>> tokenColumn(Map<String, Long> counts) {
        String[] keys = counts.keySet().toArray(new String[0]);
        Arrays.sort(keys);
        List<List<String>> out = new java.util.ArrayList<>(keys.length);
        for (String k : keys) {
            out.add(Collections.nCopies(Math.toIntExact(counts.get(k)), k));
        }
        return out;
    }

    /** Returns the values of a categorical or multi-categorical attribute of item {@code index}. */
    static List<String> itemValues(ItemCatalog catalog, String attribute, int index) {
        ItemAttribute attr = catalog.attribute(attribute).orElseThrow();
        if (attr instanceof ItemAttribute.MultiCategorical m) {
            return m.valuesAt(index);
        }
        return ((ItemAttribute.Categorical) attr).valueAt(index).map(List::of).orElse(List.of());
    }


    private String paddedUser(int i) {
        return padded(users, i);
    }

    private String paddedItem(int i) {
        return padded(items, i);
    }

    private final Map<String[], String> keptId = new java.util.IdentityHashMap<>();

    private String padded(String[] column, int i) {
        if (i < column.length) {
            return column[i];
        }
        String kept = keptId.computeIfAbsent(column, c -> {
            int min = Math.max(1, spec.minIdCount());
            int run = 0;
            for (int k = 0; k < c.length; k++) {
                run = k > 0 && c[k].equals(c[k - 1]) ? run + 1 : 1;
                if (run >= min) {
                    return c[k];
                }
            }
            return "";
        });
        if (!kept.isEmpty()) {
            return kept;
        }
        // no id is kept: ids seen once each, never kept (minIdCount > 1 here)
        return "\u0000pad" + i;
    }

    @Override
    public long userId(Integer row) {
        String u = paddedUser(row);
        return u.startsWith("\u0000") ? Long.MIN_VALUE + row : Long.parseLong(u);
    }

    @Override
    public String userKey(Integer row) {
        return paddedUser(row);
    }

    @Override
    public long itemId(Integer row) {
        String it = paddedItem(row);
        return it.startsWith("\u0000") ? Long.MIN_VALUE + row : Long.parseLong(it);
    }

    @Override
    public String itemKey(Integer row) {
        return paddedItem(row);
    }

    @Override
    public List<String> itemValues(Integer row, String attribute) {
        List<List<String>> c = itemValues.get(attribute);
        return row < c.size() ? c.get(row) : List.of();
    }

    @Override
    public double itemNumber(Integer row, String attribute) {
        double[] c = itemNumbers.get(attribute);
        return row < c.length ? c[row] : Double.NaN;
    }

    @Override
    public long[] recentPositiveIds(Integer row) {
        return new long[0];
    }

    @Override
    public List<String> recentPositiveKeys(Integer row) {
        return List.of();
    }

    @Override
    public List<String> favouriteValues(Integer row, int f) {
        List<List<String>> c = favourites[f];
        return row < c.size() ? c.get(row) : List.of();
    }

    @Override
    public double aggregate(Integer row, Aggregate a) {
        double[] e = extremes[a.ordinal()];
        return row == 1 ? e[1] : e[0];
    }

    @Override
    public double affinity(Integer row, int f) {
        double[] e = affinityExtremes[f];
        return row == 1 ? e[1] : e[0];
    }

    @Override
    public long itemCrossKey(Integer row) {
        return 0L;
    }

    @Override
    public long firstRecentCrossKey(Integer row) {
        return 0L;
    }
}
