package org.recsys4j.core.sample;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;

import java.util.Arrays;
import java.util.Objects;

/**
 * The protocol C sample code the generic {@link SampleSet} replaced, kept verbatim (its as-of pass, with protocol
 * C's constants inlined) as the reference the generic path is compared with: {@link ProtocolCEquivalenceTest}.
 * Not library code.
 */
final class ProtocolCReference {
    private final Interactions ratings;
    private final ItemCatalog catalog;
    private final int[] userCount;
    private final double[] userMean;
    private final double[] userStd;
    private final int[] itemCount;
    private final double[] itemMean;
    private final double[] itemStd;
    private final int[] snapshot;        // rating -> user-history snapshot
    private final int[] recentOffsets;   // per snapshot
    private final int[] recentItems;
    private final int[] genreOffsets;    // per snapshot
    private final int[] genres;

    private ProtocolCReference(Interactions ratings, ItemCatalog catalog, int n) {
        this.ratings = ratings;
        this.catalog = catalog;
        userCount = new int[n];
        userMean = new double[n];
        userStd = new double[n];
        itemCount = new int[n];
        itemMean = new double[n];
        itemStd = new double[n];
        snapshot = new int[n];
        IntArrayList ro = new IntArrayList();
        IntArrayList ri = new IntArrayList();
        IntArrayList go = new IntArrayList();
        IntArrayList gi = new IntArrayList();
        userPass(ro, ri, go, gi);
        itemPass();
        recentOffsets = ro.toIntArray();
        recentItems = ri.toIntArray();
        genreOffsets = go.toIntArray();
        genres = gi.toIntArray();
    }

    /** Protocol C's as-of statistics of every rating, computed by the code the generic builder replaced. */
    static ProtocolCReference compute(Interactions ratings, ItemCatalog catalog) {
        return new ProtocolCReference(ratings, catalog, ratings.size());
    }

    private void userPass(IntArrayList recentOff, IntArrayList recent, IntArrayList genreOff, IntArrayList genre) {
        Interactions.Csr csr = ratings.byUser();
        IdIndex items = ratings.items();
        long[] itemIds = items.isSorted() ? null : items.longIds();   // CSR ties are by index, need id order
        int[][] itemGenres = new int[catalog.size()][];
        for (int i = 0; i < itemGenres.length; i++) {
            itemGenres[i] = catalog.genres(i);
        }
        double threshold = 3.5;
        int maxRecent = 5;
        int maxGenres = 5;
        int numGenres = catalog.genreVocabulary().size();
        int[] gcount = new int[numGenres];
        int[] touched = new int[numGenres];
        int[] ring = new int[Math.max(1, maxRecent)];
        int[] top = new int[maxGenres];
        int[] group = new int[16];
        recentOff.add(0);
        genreOff.add(0);
        int snapshots = 0;
        for (int u = 0; u < csr.rows(); u++) {
            int end = csr.end(u);
            int c = 0;
            double s = 0;
            double ss = 0;
            long positives = 0;
            int nTouched = 0;
            int p = csr.start(u);
            while (p < end) {
                long ts = ratings.timestamp(csr.entry(p));
                int q = p + 1;
                while (q < end && ratings.timestamp(csr.entry(q)) == ts) {
                    q++;
                }
                // snapshot of the state before this second, shared by every rating at this second
                double mean = c == 0 ? 0.0 : s / c;
                double sd = std(c, s, ss);
                int nRecent = (int) Math.min(positives, maxRecent);
                for (int j = 0; j < nRecent; j++) {
                    recent.add(ring[(int) ((positives - 1 - j) % maxRecent)]);
                }
                recentOff.add(recent.size());
                int nTop = topGenres(gcount, touched, nTouched, top, maxGenres);
                for (int j = 0; j < nTop; j++) {
                    genre.add(top[j]);
                }
                genreOff.add(genre.size());
                int snap = snapshots++;
                int len = q - p;
                if (group.length < len) {
                    group = new int[Math.max(len, group.length * 2)];
                }
                for (int r = 0; r < len; r++) {
                    int k = csr.entry(p + r);
                    group[r] = k;
                    userCount[k] = c;
                    userMean[k] = mean;
                    userStd[k] = sd;
                    snapshot[k] = snap;
                }
                if (itemIds != null && len > 1) {
                    sortByItemId(group, len, itemIds);
                }
                // then fold this second's ratings in, item id ascending
                for (int r = 0; r < len; r++) {
                    int k = group[r];
                    double v = ratings.value(k);
                    c++;
                    s += v;
                    ss += v * v;
                    if (v >= threshold) {
                        int item = ratings.item(k);
                        if (maxRecent > 0) {
                            ring[(int) (positives % maxRecent)] = item;
                        }
                        positives++;
                        for (int g : itemGenres[item]) {
                            if (gcount[g]++ == 0) {
                                touched[nTouched++] = g;
                            }
                        }
                    }
                }
                p = q;
            }
            for (int j = 0; j < nTouched; j++) {
                gcount[touched[j]] = 0;
            }
        }
    }

    private void sortByItemId(int[] group, int len, long[] itemIds) {
        for (int a = 1; a < len; a++) {
            int k = group[a];
            long id = itemIds[ratings.item(k)];
            int b = a - 1;
            while (b >= 0 && itemIds[ratings.item(group[b])] > id) {
                group[b + 1] = group[b];
                b--;
            }
            group[b + 1] = k;
        }
    }

    /** Fills top[0..] with the best genres (count desc, index = name asc) and returns how many. */
    private static int topGenres(int[] gcount, int[] touched, int nTouched, int[] top, int k) {
        int n = 0;
        for (int t = 0; t < nTouched; t++) {
            int g = touched[t];
            if (n == k && !better(gcount, g, top[n - 1])) {
                continue;
            }
            int pos = n < k ? n++ : n - 1;
            while (pos > 0 && better(gcount, g, top[pos - 1])) {
                top[pos] = top[pos - 1];
                pos--;
            }
            top[pos] = g;
        }
        return n;
    }

    private static boolean better(int[] gcount, int a, int b) {
        return gcount[a] > gcount[b] || (gcount[a] == gcount[b] && a < b);
    }

    private void itemPass() {
        Interactions.Csr csr = ratings.byItem();
        for (int i = 0; i < csr.rows(); i++) {
            int end = csr.end(i);
            int c = 0;
            double s = 0;
            double ss = 0;
            int p = csr.start(i);
            while (p < end) {
                long ts = ratings.timestamp(csr.entry(p));
                int q = p + 1;
                while (q < end && ratings.timestamp(csr.entry(q)) == ts) {
                    q++;
                }
                double mean = c == 0 ? 0.0 : s / c;
                double sd = std(c, s, ss);
                for (int r = p; r < q; r++) {
                    int k = csr.entry(r);
                    itemCount[k] = c;
                    itemMean[k] = mean;
                    itemStd[k] = sd;
                }
                for (int r = p; r < q; r++) {
                    double v = ratings.value(csr.entry(r));
                    c++;
                    s += v;
                    ss += v * v;
                }
                p = q;
            }
        }
    }

    /** Returns the sample standard deviation of n values with sum s and sum of squares ss (0 when n &lt; 2). */
    static double std(int n, double s, double ss) {
        if (n < 2) {
            return 0.0;
        }
        double var = (ss - s * s / n) / (n - 1);
        return var > 0 ? Math.sqrt(var) : 0.0;
    }

    /** Returns the number of ratings . */
    public int size() {
        return userCount.length;
    }

    /** Returns the number of ratings of the user of rating {@code k} strictly before its timestamp. */
    public int userRatingCount(int k) {
        return userCount[k];
    }

    /** Returns the user's mean rating over that history (0 when it is empty). */
    public double userAvgRating(int k) {
        return userMean[k];
    }

    /** Returns the user's sample standard deviation over that history (0 with fewer than 2 ratings). */
    public double userRatingStddev(int k) {
        return userStd[k];
    }

    /** Returns the number of ratings of the item of rating {@code k} strictly before its timestamp. */
    public int itemRatingCount(int k) {
        return itemCount[k];
    }

    /** Returns the item's mean rating over that history (0 when it is empty). */
    public double itemAvgRating(int k) {
        return itemMean[k];
    }

    /** Returns the item's sample standard deviation over that history (0 with fewer than 2 ratings). */
    public double itemRatingStddev(int k) {
        return itemStd[k];
    }

    /** Returns the length of the recent-positive list of rating {@code k}. */
    public int recentPositiveCount(int k) {
        int sn = snapshot[k];
        return recentOffsets[sn + 1] - recentOffsets[sn];
    }

    /** Returns the dense item index at position {@code j} (0 = most recent) of rating {@code k}'s list. */
    public int recentPositive(int k, int j) {
        int sn = snapshot[k];
        int from = recentOffsets[sn];
        Objects.checkIndex(j, recentOffsets[sn + 1] - from);
        return recentItems[from + j];
    }

    /** Returns a copy of the recent-positive list of rating {@code k} as dense item indices, most recent first. */
    public int[] recentPositives(int k) {
        int sn = snapshot[k];
        return Arrays.copyOfRange(recentItems, recentOffsets[sn], recentOffsets[sn + 1]);
    }

    /** Returns the length of the favourite-genre list of rating {@code k}. */
    public int favouriteGenreCount(int k) {
        int sn = snapshot[k];
        return genreOffsets[sn + 1] - genreOffsets[sn];
    }

    /** Returns the genre (index into the catalogue's vocabulary) at position {@code j} of rating {@code k}'s list. */
    public int favouriteGenre(int k, int j) {
        int sn = snapshot[k];
        int from = genreOffsets[sn];
        Objects.checkIndex(j, genreOffsets[sn + 1] - from);
        return genres[from + j];
    }

    /** Returns a copy of the favourite genres of rating {@code k} as catalogue genre indices, best first. */
    public int[] favouriteGenres(int k) {
        int sn = snapshot[k];
        return Arrays.copyOfRange(genres, genreOffsets[sn], genreOffsets[sn + 1]);
    }

    /**
     * Returns the rows of the ratings that are samples (at least two earlier ratings of the user), in the canonical
     * order (timestamp, user id, item id; ties keep the rating order): the old {@code SampleSet.build}'s selection.
     */
    int[] sampleRows() {
        Interactions r = ratings;
        int n = 0;
        for (int k = 0; k < r.size(); k++) {
            if (userCount[k] >= 2) {
                n++;
            }
        }
        int[] order = new int[n];
        n = 0;
        for (int k = 0; k < r.size(); k++) {
            if (userCount[k] >= 2) {
                order[n++] = k;
            }
        }
        IdIndex users = r.users();
        IdIndex items = r.items();
        boolean usersSorted = users.isSorted();
        boolean itemsSorted = items.isSorted();
        it.unimi.dsi.fastutil.ints.IntArrays.mergeSort(order, (a, b) -> {
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
        return order;
    }

    @Override
    public String toString() {
        return "ProtocolCReference[" + size() + " ratings, " + (recentOffsets.length - 1) + " user snapshots]";
    }
}
