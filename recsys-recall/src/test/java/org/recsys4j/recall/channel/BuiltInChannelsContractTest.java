package org.recsys4j.recall.channel;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.pipeline.CandidateSource;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.testing.CandidateSourceContract;

import java.time.Duration;
import java.util.List;

import static org.recsys4j.recall.channel.Fixture.CATALOG;
import static org.recsys4j.recall.channel.Fixture.LOG;

/** Runs the shared {@link CandidateSourceContract} (core test jar) over built-in channels and the merger. */
class BuiltInChannelsContractTest {
    @Test
    void builtInChannelsKeepTheSharedContract() throws Exception {
        ItemNeighbors cooc = ItemNeighbors.builder(LOG).withNeighbors(5)
                .withSimilarity(ItemNeighbors.Similarity.COSINE).withThreads(1).build();
        List<CandidateSource> channels = List.of(
                CategoryChannel.builder(CATALOG, "genres", LOG).build(),
                NeighborChannel.builder(cooc).withName("item-cf").build(),
                NeighborChannel.builder(cooc).withName("last-2").withWindow(2).withRecencyDecay(0.8).build(),
                TopRated.builder(1).build().fit(LOG),
                Newest.byAttribute("newest", CATALOG, "year"));
        RecRequest request = RecRequest.builder(3).withUser("10", 0).withHistory(new int[] {0, 2}).withHistoryExcluded(true).build();
        for (CandidateSource c : channels) {
            CandidateSourceContract.check(c, request, 3);
            CandidateSourceContract.checkAnonymous(c, 3);
            CandidateSourceContract.checkConcurrent(c, request, 3, 4);
        }
        try (MultiChannelRecall merged = MultiChannelRecall.builder().add(channels.get(0), 5, 1)
                .add(channels.get(1), 5, 2).add(channels.get(3), 5, 0.5).withTimeBudget(Duration.ofSeconds(5))
                .build()) {
            // a merger's candidates name the channels that found them, so only the list rules apply
            CandidateSourceContract.checkList(merged.name(), request, 4, merged.recall(request, 4));
            CandidateSourceContract.checkAnonymous(merged, 4);
        }
    }
}
