package org.recsys4j.examples.train;

import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.StageExecutor;
import org.recsys4j.recall.channel.CategoryChannel;
import org.recsys4j.recall.channel.ChannelWeightSearch;
import org.recsys4j.recall.channel.EmbeddingChannel;
import org.recsys4j.recall.channel.ItemNeighbors;
import org.recsys4j.recall.channel.MultiChannelRecall;
import org.recsys4j.recall.channel.NeighborChannel;
import org.recsys4j.recall.channel.PopularityChannel;
import org.recsys4j.recall.channel.TopRated;
import org.recsys4j.recall.index.VectorIndex;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The multi-channel recall the demo server serves ({@code multi}, and the recall of {@code multi-ials} and
 * {@code multi-deepfm}), built in ONE place: by the server from the served models, and by the training from the
 * models of a validation split to choose its weights ({@link ServingModels#mergeConfig()}).
 *
 * <p>Voting channels: {@code item-cf} (the item-CF table from the user's history, 200 candidates), {@code item2vec}
 * (the item2vec index from the mean of the history, 200) and the category channel ({@code genre} for MovieLens,
 * 100). Back-fill channels, which never vote ({@link MultiChannelRecall.Builder#addBackfill}): {@code top-rated}
 * (MovieLens) and {@code popular}, 50 each. Items liked by at least half of the users ({@link ServedAls#COMMON_SHARE})
 * are left out of the voting channels ({@code withoutCommon}): they come from the back-fill only. The weights,
 * {@code rrfK} and fusion are the {@link Config} chosen on the validation split, or {@link Config#DEFAULT} when none
 * was chosen.
 */
public final class ServedRecall {
    /** The voting channels' quotas: item-CF and item2vec 200, the category channel 100. */
    public static final int NEIGHBOUR_QUOTA = 200;
    /** The category channel's quota. */
    public static final int CATEGORY_QUOTA = 100;
    /** The back-fill channels' quota. */
    public static final int BACKFILL_QUOTA = 50;

    private ServedRecall() {
    }

    /**
     * The fusion settings of the served recall.
     *
     * @param weights the voting channels' weights by name (0 = channel not used)
     * @param rrfK    the fusion constant
     * @param fusion  the fusion
     * @param notes   how it was chosen (validation figures), one line
     */
    public record Config(Map<String, Double> weights, double rrfK, MultiChannelRecall.Fusion fusion, String notes) {
        /**
         * The weights before any validation search: item-CF and item2vec 2, the category channel 1, summed reciprocal
         * ranks with rrfK 60 (the merger's defaults).
         */
        public static final Config DEFAULT = new Config(Map.of("item-cf", 2.0, "item2vec", 2.0, "genre", 1.0,
                "category", 1.0), MultiChannelRecall.DEFAULT_RRF_K, MultiChannelRecall.DEFAULT_FUSION, "defaults, not tuned");

        /** Copies the weights and checks the values. */
        public Config {
            weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
            Objects.requireNonNull(fusion, "fusion");
            Objects.requireNonNull(notes, "notes");
        }

        /** Returns the config a weight search chose. */
        public static Config of(ChannelWeightSearch.Result r) {
            return new Config(r.weights(), r.rrfK(), r.fusion(), "chosen on a validation split: " + r);
        }

        /** Writes the config as {@code key=value} lines ({@code weight.NAME}, {@code rrfK}, {@code fusion}, {@code notes}). */
        public void save(Path file) throws IOException {
            Map<String, Object> entries = new LinkedHashMap<>();
            weights.forEach((k, v) -> entries.put("weight." + k, v));
            entries.put("rrfK", rrfK);
            entries.put("fusion", fusion.name());
            entries.put("notes", notes);
            KeyValueFile.write(file, "the served multi-channel recall's fusion settings", entries);
        }

        /**
         * Reads a config {@link #save} wrote.
         *
         * @throws DataFileException naming the file and line of a malformed or missing entry
         */
        public static Config load(Path file) throws IOException {
            Map<String, Double> w = new LinkedHashMap<>();
            Double k = null;
            MultiChannelRecall.Fusion f = null;
            String notes = "";
            for (KeyValueFile.Entry e : KeyValueFile.read(file)) {
                if (!e.keyed()) {
                    throw e.unexpected("expected key=value");
                }
                String key = e.key();
                try {
                    if (key.startsWith("weight.")) {
                        w.put(key.substring("weight.".length()), e.nonNegative());
                    } else if (key.equals("rrfK")) {
                        k = Double.parseDouble(e.value());
                    } else if (key.equals("fusion")) {
                        f = MultiChannelRecall.Fusion.valueOf(e.value());
                    } else if (key.equals("notes")) {
                        notes = e.value();
                    } else {
                        throw new DataFileException(e.file(), e.line(), "key", key,
                                "unknown key (known: weight.NAME, rrfK, fusion, notes)");
                    }
                } catch (IllegalArgumentException ex) {
                    throw e.bad("bad value (" + ex.getMessage() + ")", ex);
                }
            }
            if (k == null || f == null || w.isEmpty()) {
                throw KeyValueFile.incomplete(file, "incomplete: needs weight.NAME, rrfK and fusion lines");
            }
            return new Config(w, k, f, notes);
        }
    }

    /**
     * Builds the served recall.
     *
     * @param catalog  the catalogue
     * @param ratings  the interactions the models were trained on (category preferences, top-rated, popularity)
     * @param itemCf   the item-CF table
     * @param item2vec the item2vec vectors (ids = item ids)
     * @param index    the vector index over them
     * @param category the category attribute of the category channel, or null for none
     * @param quality  per-item quality for the category channel's order (MovieLens: Bayesian averages), or null
     * @param topRated the top-rated back-fill (MovieLens), or null
     * @param popular  the popularity back-fill
     * @param config   the fusion settings ({@link Config#DEFAULT} if none was chosen)
     * @param budget   the merger's time budget
     * @param executor the executor the channels run on
     * @return the merger
     */
    public static MultiChannelRecall build(ItemCatalog catalog, Interactions ratings, ItemNeighbors itemCf,
                                           EmbeddingTable item2vec, VectorIndex index, String category, double[] quality,
                                           CandidateSource topRated, PopularityChannel popular, Config config,
                                           Duration budget, StageExecutor executor) {
        // items most users like carry no taste: they come from the back-fill only, never as a voting channel's
        // candidate (MovieLens: liked = rated >= 3.5; your own data: every interaction)
        Interactions liked = quality != null ? ratings.filter(k -> ratings.value(k) >= ServingModels.LIKED) : ratings;
        boolean[] common = ServedAls.commonItems(liked, catalog.size());
        CandidateSource cf = withoutCommon(itemCfChannel(itemCf), common);
        CandidateSource emb = withoutCommon(item2vecChannel(catalog, item2vec, index), common);
        MultiChannelRecall.Builder b = MultiChannelRecall.builder().withName("multi")
                .add(cf, NEIGHBOUR_QUOTA, 1).add(emb, NEIGHBOUR_QUOTA, 1);
        if (category != null) {
            b.add(withoutCommon(categoryChannel(catalog, category, ratings, quality), common), CATEGORY_QUOTA, 1);
        }
        if (topRated != null) {
            b.addBackfill(topRated, BACKFILL_QUOTA);
        }
        MultiChannelRecall plain = b.addBackfill(popular, BACKFILL_QUOTA).withTimeBudget(budget).withExecutor(executor)
                .build();
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String name : plain.weights().keySet()) {
            weights.put(name, config.weights().getOrDefault(name, 1.0));
        }
        return plain.reweighted(weights, config.rrfK(), config.fusion());
    }

    /**
     * Returns {@code channel} without the <em>common</em> items ({@link ServedAls#COMMON_SHARE}: liked by at least half
     * of the users): a voting channel's candidates, best first, with the common ones dropped and the quota kept (it
     * asks for as many more). The blockbusters every user likes are the likeliest candidates of item-CF and item2vec
     * for everyone and say nothing of a user's taste; in the served recall they come only from the back-fill
     * ("popularity as a back-fill, not a vote"). The same channel when no item is common (MovieLens' sets have none
     * or a handful).
     */
    static CandidateSource withoutCommon(CandidateSource channel, boolean[] common) {
        int n = 0;
        for (boolean c : common) {
            n += c ? 1 : 0;
        }
        if (n == 0) {
            return channel;
        }
        int extra = n;
        return new CandidateSource() {
            @Override
            public String name() {
                return channel.name();
            }

            @Override
            public List<org.recsys4j.core.pipeline.Candidate> recall(org.recsys4j.core.pipeline.RecRequest request,
                                                                     int limit) {
                List<org.recsys4j.core.pipeline.Candidate> all = channel.recall(request, limit + extra);
                List<org.recsys4j.core.pipeline.Candidate> out = new java.util.ArrayList<>(Math.min(limit, all.size()));
                for (org.recsys4j.core.pipeline.Candidate c : all) {
                    if (out.size() == limit) {
                        break;
                    }
                    if (c.item() < 0 || c.item() >= common.length || !common[c.item()]) {
                        out.add(c);
                    }
                }
                return out;
            }

            @Override
            public String toString() {
                return channel + " without " + extra + " common items";
            }
        };
    }

    /** The item-CF channel of the server ({@code item-cf}) over a co-occurrence table. */
    public static NeighborChannel itemCfChannel(ItemNeighbors itemCf) {
        return NeighborChannel.builder(itemCf).withName("item-cf").build();
    }

    /**
     * The category channel of the server: {@code genre} (MovieLens, ordered by {@code quality}) or {@code category}
     * (your own data, by popularity), the user's top 3 values with a recency decay of 0.95.
     *
     * @param quality per-item quality (MovieLens: Bayesian averages), or null for popularity
     */
    public static CategoryChannel categoryChannel(ItemCatalog catalog, String category, Interactions ratings,
                                                  double[] quality) {
        CategoryChannel.Builder cb = CategoryChannel.builder(catalog, category, ratings)
                .withName(quality != null ? "genre" : "category").withTopCategories(3).withRecencyDecay(0.95);
        return (quality != null ? cb.withItemQuality(quality) : cb).build();
    }

    /** The item2vec channel of the server: the index queried with the mean of the last 50 history items. */
    public static EmbeddingChannel item2vecChannel(ItemCatalog catalog, EmbeddingTable vectors, VectorIndex index) {
        return EmbeddingChannel.builder(index, catalog.items()).withName("item2vec").withItemVectors(vectors)
                .withHistoryWindow(50).build();
    }

    /**
     * Chooses the fusion settings of a served recall built from the models of a validation split ({@link
     * ChannelWeightSearch}): the weights, rrfK and fusion with the best HR@10 of the merged list on {@code val}'s held-out
     * items among those whose top-10 lists have a mean pairwise Jaccard similarity of at most {@code maxJaccard}. The
     * MovieLens demo ({@link ServingModels#mergeConfig()}) and your own data ({@link EventModels#mergeConfig(String)}) both
     * choose theirs here.
     *
     * @param merger     the recall built as the server builds it, from models trained on {@code val}'s train part
     * @param val        the validation split (each user's last interaction held out)
     * @param maxJaccard the personalisation cap
     * @param threads    evaluation threads
     * @return the search's result
     */
    public static ChannelWeightSearch.Result search(MultiChannelRecall merger, org.recsys4j.core.eval.LeaveLastOutTask val,
                                                    double maxJaccard, int threads) {
        int[] all = new int[val.numCases()];
        for (int c = 0; c < all.length; c++) {
            all[c] = c;
        }
        return search(merger, val, all, maxJaccard, threads);
    }

    /**
     * Chooses the merge settings on the given cases of a validation task (a sample of its users, at scale).
     *
     * @param merger     the recall whose weights are searched
     * @param val        the validation task
     * @param cases      the task's cases to evaluate on
     * @param maxJaccard the most mean pairwise Jaccard a chosen setting may have
     * @param threads    evaluation threads
     * @return the search's result
     */
    public static ChannelWeightSearch.Result search(MultiChannelRecall merger, org.recsys4j.core.eval.LeaveLastOutTask val,
                                                    int[] cases, double maxJaccard, int threads) {
        List<org.recsys4j.core.pipeline.RecRequest> requests = new java.util.ArrayList<>();
        int[] targets = new int[cases.length];
        for (int j = 0; j < cases.length; j++) {
            requests.add(org.recsys4j.core.eval.RankingEvaluator.userRequest(val, cases[j], 10));
            targets[j] = val.testItem(cases[j]);
        }
        return ChannelWeightSearch.builder(merger).withMaxJaccard(maxJaccard).withThreads(threads).build()
                .search(requests, targets);
    }

    /**
     * Returns the first CATEGORICAL or MULTI_CATEGORICAL attribute of a catalogue (its category lists and channel),
     * or null when it has none.
     */
    public static String defaultCategory(ItemCatalog catalog) {
        for (org.recsys4j.core.data.ItemAttribute a : catalog.attributes()) {
            if (a instanceof org.recsys4j.core.data.ItemAttribute.Categorical
                    || a instanceof org.recsys4j.core.data.ItemAttribute.MultiCategorical) {
                return a.name();
            }
        }
        return null;
    }

    /** Returns a one-line description of a merger's settings. */
    public static String describe(MultiChannelRecall m) {
        StringBuilder b = new StringBuilder();
        m.weights().forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.2g", v)));
        return b + "; " + m.fusion().name().toLowerCase(Locale.ROOT) + " of weighted reciprocal ranks, rrfK "
                + String.format(Locale.ROOT, "%.0f", m.rrfK()) + "; back-fill " + String.join(", ", m.backfillNames());
    }
}
