package org.recsys4j.examples.code;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.CandidateBatch;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.RankingChain;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Recommendation;
import org.recsys4j.core.pipeline.Recommender;
import org.recsys4j.core.pipeline.Ranker;
import org.recsys4j.recall.channel.ItemNeighbors;
import org.recsys4j.recall.channel.MultiChannelRecall;
import org.recsys4j.recall.channel.NeighborChannel;
import org.recsys4j.recall.channel.TopRated;

/**
 * Plugging your own parts into the pipeline: a custom {@link CandidateSource} ("favourite decade":
 * the best-rated movies of the decade the user watches most) and a custom {@link Ranker} (a Bayesian
 * average rating, damped for movies far from the user's favourite decade) run in a {@link Recommender}
 * next to the built-in item-CF channel.
 *
 * <pre>java -cp recsys-examples/target/recsys4j.jar org.recsys4j.examples.code.CustomParts ../shared/data/ml-latest-small</pre>
 */
public final class CustomParts {
    private CustomParts() {
    }

    /** The decade (e.g. 1990) most frequent in the request's history, or empty. */
    static OptionalInt favouriteDecade(ItemCatalog catalog, RecRequest request) {
        int[] count = new int[300];                    // decades 0..2990
        int best = -1;
        for (int i = 0; i < request.historySize(); i++) {
            OptionalInt y = catalog.year(request.historyItem(i));
            if (y.isPresent() && y.getAsInt() >= 0 && y.getAsInt() / 10 < count.length) {
                int d = y.getAsInt() / 10;
                if (++count[d] > (best < 0 ? 0 : count[best])) {
                    best = d;
                }
            }
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best * 10);
    }

    /**
     * A custom recall channel. The {@link CandidateSource} contract: best first, each item once, no
     * excluded item, a provenance with this channel's name and the rank, an empty list (not an
     * exception) when it cannot serve the request.
     */
    static final class FavouriteDecade implements CandidateSource {
        private final ItemCatalog catalog;
        private final double[] quality;

        FavouriteDecade(ItemCatalog catalog, double[] quality) {
            this.catalog = catalog;
            this.quality = quality;
        }

        @Override
        public String name() {
            return "decade";
        }

        @Override
        public List<Candidate> recall(RecRequest request, int limit) {
            OptionalInt decade = favouriteDecade(catalog, request);
            if (decade.isEmpty()) {
                return List.of();                       // no history with years: nothing to say
            }
            // the best-rated movies of that decade, best first (ties: lower index first)
            int[] items = IntStream.range(0, catalog.size())
                    .filter(i -> {
                        OptionalInt y = catalog.year(i);
                        return y.isPresent() && y.getAsInt() / 10 * 10 == decade.getAsInt() && !request.excludes(i)
                                && !Double.isNaN(quality[i]);
                    })
                    .boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> quality[i]).reversed().thenComparing(i -> i))
                    .limit(limit)
                    .mapToInt(Integer::intValue)
                    .toArray();
            List<Candidate> out = new ArrayList<>(items.length);
            for (int r = 0; r < items.length; r++) {
                out.add(Candidate.of(items[r], name(), quality[items[r]], r));
            }
            return out;
        }
    }

    /**
     * A custom ranker: the Bayesian average rating, minus 0.05 per decade away from the user's
     * favourite one. The {@link Ranker} contract: write every score, higher is better, thread-safe.
     */
    static final class DecadeAwareQuality implements Ranker {
        private final ItemCatalog catalog;
        private final double[] quality;

        DecadeAwareQuality(ItemCatalog catalog, double[] quality) {
            this.catalog = catalog;
            this.quality = quality;
        }

        @Override
        public String name() {
            return "decade-aware-quality";
        }

        @Override
        public void score(RecRequest request, CandidateBatch candidates, double[] scores) {
            Ranker.checkScoreArguments(request, candidates, scores);
            OptionalInt decade = favouriteDecade(catalog, request);
            int[] items = candidates.items();
            for (int i = 0; i < items.length; i++) {
                OptionalInt y = catalog.year(items[i]);
                double away = decade.isPresent() && y.isPresent()
                        ? Math.abs(y.getAsInt() / 10 * 10 - decade.getAsInt()) / 10.0 : 0;
                scores[i] = quality[items[i]] - 0.05 * away;
            }
        }
    }

    /**
     * Builds the pipeline (item-CF + the custom channel, ranked by the custom ranker) and returns
     * {@code k} movies for the user.
     *
     * @param ml     the MovieLens data
     * @param userId the MovieLens user id
     * @param k      how many recommendations
     * @return the recommendation; each item's channels say which source found it
     * @throws IllegalArgumentException if the user has no rating
     */
    public static Recommendation recommend(MovieLensData ml, long userId, int k) {
        Interactions ratings = ml.ratings();
        ItemCatalog catalog = ml.catalog();
        int user = ratings.users().indexOf(userId);
        if (user < 0) {
            throw new IllegalArgumentException("userId " + userId + " has no rating");
        }
        double[] quality = TopRated.builder(10).build().bayesianAverages(ratings);
        Interactions liked = ratings.filter(r -> ratings.value(r) >= 3.5);
        NeighborChannel itemCf = NeighborChannel.builder(                          // built in
                ItemNeighbors.builder(liked).withNeighbors(50).withSimilarity(ItemNeighbors.Similarity.COSINE)
                        .withThreads(2).build()).withName("item-cf").build();
        try (MultiChannelRecall recall = MultiChannelRecall.builder().withName("multi")
                     .add(itemCf, 100, 1).add(new FavouriteDecade(catalog, quality), 50, 1)   // yours
                     .withTimeBudget(Duration.ofSeconds(5)).build();
             Recommender rec = Recommender.builder("custom", recall)
                     .withRecallLimit(150)
                     .withRanking(RankingChain.of(new DecadeAwareQuality(catalog, quality)))   // yours
                     .build()) {
            RecRequest request = RecRequest.builder(k).withUser(Long.toString(userId), user)
                    .withHistory(ratings.byUser().othersOf(user)).withHistoryExcluded(true).build();
            return rec.recommend(request);
        }
    }

    /**
     * Prints user 1's 10 recommendations with their channels.
     *
     * @param args the MovieLens folder (default {@code ../shared/data/ml-latest-small})
     * @throws Exception if the data cannot be read
     */
    public static void main(String[] args) throws Exception {
        MovieLensData ml = MovieLens.load(Path.of(args.length > 0 ? args[0] : "../shared/data/ml-latest-small"),
                LoadOptions.lenient());
        Recommendation r = recommend(ml, 1L, 10);
        System.out.println("For user 1 (ranker " + r.ranker() + "):");
        for (Candidate c : r.items()) {
            System.out.printf(Locale.ROOT, "  %.3f  %-50s %s%n", c.score(), ml.catalog().title(c.item()), c.channels());
        }
    }
}
