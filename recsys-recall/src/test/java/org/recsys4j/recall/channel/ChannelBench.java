package org.recsys4j.recall.channel;

import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.RecRequest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Times the channel builds and one request per user of a MovieLens directory (a {@code main} in test
 * sources, not a unit test; figures in docs/recall.md): {@code ChannelBench <movielens dir>}.
 */
public final class ChannelBench {
    private ChannelBench() {
    }

    /** Runs the timings on the MovieLens directory {@code a[0]}. */
    public static void main(String[] a) throws Exception {
        MovieLensData ml = MovieLens.load(Path.of(a[0]), LoadOptions.lenient());
        ItemCatalog catalog = ml.catalog();
        Interactions ratings = ml.ratings();
        Interactions liked = ratings.filter(k -> ratings.value(k) >= 4);
        for (int t : new int[] {1, 2, 1, 2}) {
            long t0 = System.nanoTime();
            ItemNeighbors.builder(liked).withNeighbors(50).withSimilarity(ItemNeighbors.Similarity.COSINE)
                    .withThreads(t).build();
            System.out.printf("coOccurrence M=50 cosine, %d thread(s): %.0f ms%n", t, (System.nanoTime() - t0) / 1e6);
        }
        long t0 = System.nanoTime();
        ContentChannel content = ContentChannel.builder(catalog).addAttribute("genres").addBuckets("year", 10)
                .withRatings(ratings).build();
        System.out.printf("content build %.0f ms, %d features%n", (System.nanoTime() - t0) / 1e6, content.features().size());
        ItemNeighbors cooc = ItemNeighbors.builder(liked).withNeighbors(50)
                .withSimilarity(ItemNeighbors.Similarity.COSINE).withThreads(2).build();
        List<CandidateSource> chans = List.of(
                NeighborChannel.builder(cooc).withName("item-cf").build(), NeighborChannel.builder(cooc)
                        .withName("last-5").withWindow(5).withRecencyDecay(0.8).build(), content,
                CategoryChannel.builder(catalog, "genres", ratings).withName("genre").build(), TopRated.builder(20)
                        .withMinCount(10).build().fit(ratings),
                PopularityChannel.builder(ratings).withHalfLife(Duration.ofDays(90))
                        .build(), Newest.byAttribute("newest", catalog, "year"));
        List<RecRequest> reqs = new ArrayList<>();
        for (int u = 0; u < ratings.numUsers(); u++) {
            reqs.add(RecRequest.builder(100).withUser(ratings.users().id(u), u).withHistory(ratings.byUser().othersOf(u)).withHistoryExcluded(true).build());
        }
        for (CandidateSource c : chans) {
            for (int rep = 0; rep < 3; rep++) {
                long s = System.nanoTime();
                long n = 0;
                for (RecRequest r : reqs) n += c.recall(r, 200).size();
                if (rep == 2) System.out.printf("%-10s %.3f ms/request (%d users, %.1f candidates avg)%n", c.name(), (System.nanoTime() - s) / 1e6 / reqs.size(), reqs.size(), n / (double) reqs.size());
            }
        }
        try (MultiChannelRecall m = MultiChannelRecall.builder().withTimeBudget(Duration.ofSeconds(5))
                .add(chans.get(0), 200, 2).add(chans.get(1), 100, 1.5).add(chans.get(2), 100, 1).add(chans.get(3), 100, 1)
                .add(chans.get(4), 50, 0.5).add(chans.get(5), 50, 0.5).add(chans.get(6), 20, 0.25).build()) {
            for (int rep = 0; rep < 3; rep++) {
                long s = System.nanoTime();
                for (RecRequest r : reqs) m.recall(r, 300);
                if (rep == 2) System.out.printf("merger (7 channels, parallel) %.3f ms/request%n", (System.nanoTime() - s) / 1e6 / reqs.size());
            }
        }
    }
}
