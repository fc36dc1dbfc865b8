package org.recsys4j.examples.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.CatalogReader;
import org.recsys4j.core.io.EventLogReader;
import org.recsys4j.core.synth.SyntheticShop;
import org.recsys4j.examples.train.EventModels;
import org.recsys4j.examples.train.EventSettings;
import org.recsys4j.examples.train.Progress;
import org.recsys4j.examples.train.ServedAls;
import org.recsys4j.examples.train.ServedRecall;
import org.recsys4j.examples.train.TrainingSettings;
import org.recsys4j.examples.train.WorkDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Your own data ({@code serve --events}) is served with the merge weights and the ALS popularity lift chosen on a
 * validation split of it, as the MovieLens demo is — not with the untuned defaults: both are chosen by the same code
 * ({@link ServedRecall#search}, {@link ServedAls#chooseLift}), saved in the work folder and reused from it.
 */
class YourDataMergeWeightsTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void theServedRecallUsesTheWeightsChosenOnAValidationSplit(@TempDir Path dir) throws Exception {
        SyntheticShop.builder(300, 120, 11).withCategories(6).build().write(dir);
        ItemCatalog catalog = CatalogReader.builder(SyntheticShop.catalogMapping()).build()
                .read(dir.resolve("items.csv")).data();
        EventLog log = EventLogReader.builder(SyntheticShop.eventMapping()).withKnownItems(catalog.items(), "items.csv")
                .build().read(dir.resolve("events.csv")).data();
        Feedback policy = Feedback.eventWeights(Map.of("view", 1.0, "cart", 3.0, "buy", 10.0), Feedback.Combine.SUM);
        Interactions interactions = policy.applyWithReport(log).interactions();
        TrainingSettings training = new TrainingSettings(16, 10, 2, 6, 8, 2, 3, 2, 7);   // SASRec: 3 epochs at most
        EventModels.Input input = new EventModels.Input(log, policy, catalog, interactions, "merge-test");
        WorkDir work = WorkDir.at(dir.resolve("work"));
        EventModels models = EventModels.obtain(input, training, EventSettings.defaults(), work, Progress.silent());

        String category = ServingData.defaultCategory(catalog);
        ServedRecall.Config chosen = models.mergeConfig(category);
        assertTrue(chosen.notes().startsWith("chosen on a validation split"), chosen.notes());
        assertTrue(models.alsLift().notes().startsWith("chosen on a validation split"), models.alsLift().notes());
        assertTrue(Files.isRegularFile(dir.resolve("work").resolve("merge.txt")));
        assertTrue(Files.isRegularFile(dir.resolve("work").resolve("als-lift.txt")));

        try (ServingData data = ServingData.build(catalog, interactions, models, category,
                new ServingData.Settings(training, 0, 30_000), null, QUIET)) {
            Map<String, Double> served = data.multiRecall().merger().weights();
            for (Map.Entry<String, Double> w : served.entrySet()) {
                assertEquals(chosen.weights().getOrDefault(w.getKey(), 1.0), w.getValue(), w.getKey());
            }
            assertEquals(chosen.rrfK(), data.multiRecall().merger().rrfK());
            assertEquals(chosen.fusion(), data.multiRecall().merger().fusion());
        }

        // a second start reuses both from the work folder
        EventModels again = EventModels.obtain(input, training, EventSettings.defaults(), WorkDir.at(dir.resolve("work")),
                Progress.silent());
        assertEquals(chosen, again.mergeConfig(category));
        assertEquals(models.alsLift(), again.alsLift());
        // ... and the sequence model and its index, the same model
        List<String> reused = again.entries().stream().filter(e -> e.name().startsWith("sasrec") && e.reused())
                .map(WorkDir.Entry::name).toList();
        assertEquals(List.of("sasrec", "sasrec hnsw"), reused, String.valueOf(again.entries()));
        int[] history = {0, 5, 9};
        assertArrayEquals(models.sequenceModel().orElseThrow().scoresOfIndices(history),
                again.sequenceModel().orElseThrow().scoresOfIndices(history));
        // another category attribute than the one searched: the defaults, saying why
        ServedRecall.Config other = models.mergeConfig("brand");
        assertEquals(ServedRecall.Config.DEFAULT.weights(), other.weights());
        assertTrue(other.notes().contains("not tuned"), other.notes());
    }
}
