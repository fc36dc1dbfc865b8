package org.recsys4j.rank.contract;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.pipeline.Reranker;
import org.recsys4j.core.testing.RankerContract;
import org.recsys4j.core.testing.RerankerContract;
import org.recsys4j.rank.cf.MatrixFactorizationRanker;
import org.recsys4j.rank.rerank.BusinessFilter;
import org.recsys4j.rank.rerank.DedupReranker;
import org.recsys4j.rank.rerank.ItemCategories;
import org.recsys4j.rank.rerank.MmrReranker;
import org.recsys4j.rank.rerank.PairSimilarity;
import org.recsys4j.rank.rerank.QuotaReranker;
import org.recsys4j.rank.similarity.ItemMatrix;
import org.recsys4j.rank.similarity.UserVectorSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs the shared {@link RankerContract} and {@link RerankerContract} (core test jar) over built-in parts. */
class BuiltInRankersContractTest {
    private static final EmbeddingTable ITEMS = EmbeddingTable.of(IdIndex.ofLongs(0, 1, 2, 3), 2,
            new float[] {1, 0, 0, 1, 1, 1, -1, 0});
    private static final EmbeddingTable USERS = EmbeddingTable.of(IdIndex.ofLongs(0), 2, new float[] {1, 0.5f});

    @Test
    void matrixFactorizationRanker() throws Exception {
        MatrixFactorizationRanker mf = MatrixFactorizationRanker.builder(UserVectorSource.byIndex(USERS),
                ItemMatrix.ofRows(ITEMS, ITEMS.ids())).withImplicitFoldIn(0.1, 11).build();
        RecRequest known = RecRequest.builder(3).withUser("0", 0).build();
        double[] s = RankerContract.check(mf, known, new int[] {0, 1, 2, 3, 99});   // 99: no factors
        assertEquals(1.0, s[0], 1e-6);
        assertEquals(Double.NEGATIVE_INFINITY, s[4]);                                // the fallback
        RankerContract.check(mf, RecRequest.builder(3).withHistory(new int[] {1}).build(), new int[] {0, 2}); // fold-in
        RankerContract.check(mf, RecRequest.builder(3).build(), new int[] {0, 2});   // nobody: fallback
    }

    @Test
    void rerankers() {
        ItemCategories cats = ItemCategories.of(Map.of(0, new int[] {0}, 1, new int[] {0}, 2, new int[] {1}, 3, new int[] {1}));
        List<Candidate> ranked = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ranked.add(Candidate.of(i, "test", 4 - i, i));
        }
        RecRequest request = RecRequest.builder(3).withHistory(new int[] {1}).build();
        List<Reranker> rerankers = List.of(
                MmrReranker.builder(PairSimilarity.jaccard(cats)).withLambda(0.5).build(),
                QuotaReranker.builder(cats).withDefaultQuota(1).withBackfill(true).build(),
                QuotaReranker.builder(cats).withDefaultQuota(1).withBackfill(false).build(),
                BusinessFilter.builder().withExcludeHistory(true).build(),
                DedupReranker.byGroup(item -> "group-" + item / 2));
        for (Reranker r : rerankers) {
            for (int k = 1; k <= 5; k++) {
                RerankerContract.check(r, request, ranked, k);
            }
        }
    }
}
