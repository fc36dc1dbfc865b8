package org.recsys4j.rank.seq;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.eval.RankingEvaluator;
import org.recsys4j.core.eval.RankingReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the example of docs/sequence-models.md ("SASRec and GRU4Rec: example") on generated sequences with a
 * planted next-item rule, and checks that the guide's code block is the code between the markers, line for line.
 */
class SequenceModelsGuideTest {
    private static final Path THIS_FILE = Path.of("src/test/java/org/recsys4j/rank/seq/SequenceModelsGuideTest.java");
    private static final Path GUIDE = Path.of("../docs/sequence-models.md");

    @TempDir
    Path dir;

    @Test
    void theExampleRuns() throws IOException {
        Interactions all = PlantedSequences.generate(200, 60, 10, 20, 0.1, 21);
        long[] history = {5, 17, 3};
        // --- docs/sequence-models.md "SASRec and GRU4Rec: example" ---
        LeaveLastOutTask task = LeaveLastOutTask.of(all);       // protocol T: each user's last item is the test item
        SequenceModel sasrec = SasRec.builder()
                .withLoss(SequenceLoss.SOFTMAX)                 // or BCE (SASRec's original), SAMPLED_SOFTMAX
                .withDim(32).withMaxLength(20).withLearningRate(5e-3).withMaxEpochs(10).withPatience(2)
                .withListener(e -> System.out.printf("epoch %d validation NDCG@10 %.4f%n", e.epoch(), e.validationNdcg()))
                .build()
                .fit(task.train());                             // early-stopped on each user's last train item
        RankingReport t = RankingEvaluator.builder().build().topN(task, sasrec.userScorer(task.train()));
        System.out.printf("HR@10 %.4f NDCG@10 %.4f%n", t.hitRate(10), t.ndcg(10));

        float[] scores = sasrec.scoresOfIds(history);           // every item as the next one (ids, oldest first)
        float[] query = sasrec.stateOfIds(history);             // the same state as a query vector ...
        EmbeddingTable items = sasrec.itemEmbeddings();         // ... whose inner products with these are the scores
        sasrec.save(dir.resolve("sasrec.r4js"));
        SequenceModel back = SequenceModel.load(dir.resolve("sasrec.r4js"));

        SequenceModel gru = Gru4Rec.builder().withDim(32).withMaxLength(20).withMaxEpochs(10).withPatience(2)
                .withLearningRate(1e-2).build().fit(task.train());
        // --- end of the guide's example ---
        assertTrue(t.hitRate(10) > 0.5, "HR@10 " + t.hitRate(10));
        assertEquals(items.dim(), query.length);
        assertArrayEquals(scores, back.scoresOfIds(history));
        assertTrue(RankingEvaluator.builder().build().topN(task, gru.userScorer(task.train())).hitRate(10) > 0.5);
    }

    @Test
    void theGuideShowsExactlyTheTestedCode() throws IOException {
        List<String> test = between(Files.readAllLines(THIS_FILE),
                "// --- docs/sequence-models.md \"SASRec and GRU4Rec: example\" ---", "// --- end of the guide's example ---");
        List<String> lines = Files.readAllLines(GUIDE);
        int start = lines.indexOf("## SASRec and GRU4Rec: example");
        assertTrue(start >= 0, "docs/sequence-models.md has no '## SASRec and GRU4Rec: example' section");
        List<String> doc = between(lines.subList(start, lines.size()), "```java", "```");
        assertEquals(test, doc, "docs/sequence-models.md's example and SequenceModelsGuideTest differ");
    }

    private static List<String> between(List<String> lines, String from, String to) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : lines) {
            String t = l.strip();
            if (!in && t.equals(from)) {
                in = true;
            } else if (in && t.equals(to)) {
                return out;
            } else if (in) {
                out.add(t);
            }
        }
        throw new AssertionError("no block between '" + from + "' and '" + to + "'");
    }
}
