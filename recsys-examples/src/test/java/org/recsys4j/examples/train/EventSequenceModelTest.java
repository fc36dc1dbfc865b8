package org.recsys4j.examples.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.EventLog;
import org.recsys4j.core.data.Feedback;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.CatalogReader;
import org.recsys4j.core.io.EventLogReader;
import org.recsys4j.core.synth.SyntheticShop;
import org.recsys4j.examples.server.ServingData;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Your own data's sequence model ({@link EventModels#sequenceModel()}): trained when some user has three interactions
 * (one held out for validation, two for a next-item transition); otherwise absent, saying why, and the server offers
 * every other pipeline without {@code sasrec}. Such data (two views per user) also says why it has no CTR ranker and
 * no validated merge weights instead of failing.
 */
class EventSequenceModelTest {
    @Test
    void someUserWithThreeInteractionsIsEnough() {
        Interactions.Builder two = Interactions.builder(IdIndex.ofLongs(1, 2), IdIndex.ofLongs(10, 11, 12));
        two.add(0, 0, 1, 1).add(0, 1, 1, 2).add(1, 1, 1, 1).add(1, 2, 1, 2);
        String why = EventModels.sequenceSkipped(two.build());
        assertTrue(why.contains("no user has three or more interactions"), why);
        Interactions.Builder three = Interactions.builder(IdIndex.ofLongs(1, 2), IdIndex.ofLongs(10, 11, 12));
        three.add(0, 0, 1, 1).add(0, 1, 1, 2).add(1, 1, 1, 1).add(1, 2, 1, 2).add(1, 0, 1, 3);
        assertEquals("", EventModels.sequenceSkipped(three.build()));
    }

    @Test
    void dataWithoutSuchAUserServesNoSequencePipelineAndSaysWhy(@TempDir Path dir) throws Exception {
        SyntheticShop.builder(60, 40, 3).withCategories(4).build().write(dir);
        ItemCatalog catalog = CatalogReader.builder(SyntheticShop.catalogMapping()).build()
                .read(dir.resolve("items.csv")).data();
        // two views per user, of two items in turn: every user has exactly two interactions
        StringBuilder csv = new StringBuilder("event_time,user_id,session_id,item_id,event,quantity\n");
        for (int u = 0; u < 60; u++) {
            for (int j = 0; j < 2; j++) {
                String sku = catalog.items().id((u + j * 7) % catalog.size()).toString();
                csv.append(String.format("2024-01-01T%02d:%02d:00Z,u%d,u%d-s1,%s,view,1%n", u / 6, (u % 6) * 10 + j, u,
                        u, sku));
            }
        }
        Files.writeString(dir.resolve("events.csv"), csv, StandardCharsets.UTF_8);
        EventLog log = EventLogReader.builder(SyntheticShop.eventMapping()).withKnownItems(catalog.items(), "items.csv")
                .build().read(dir.resolve("events.csv")).data();
        Feedback policy = Feedback.eventWeights(Map.of("view", 1.0, "cart", 3.0, "buy", 10.0), Feedback.Combine.SUM);
        Interactions interactions = policy.applyWithReport(log).interactions();
        TrainingSettings training = new TrainingSettings(8, 2, 2, 6, 3, 2, 2, 2, 7);
        EventModels models = EventModels.obtain(new EventModels.Input(log, policy, catalog, interactions, "two-each"),
                training, EventSettings.defaults(), WorkDir.none(), Progress.silent());
        assertTrue(models.sequenceModel().isEmpty());
        assertTrue(models.sequenceIndex().isEmpty());
        assertTrue(models.sequenceSkipped().contains("no user has three or more interactions"), models.sequenceSkipped());
        // a log of views only under a policy that weighs carts and purchases: no event is a success, so no CTR model
        assertTrue(models.ctr().isEmpty());
        assertTrue(models.ctrSkipped().contains("(buy, cart) do not occur in the events (they have view)"),
                models.ctrSkipped());
        try (ServingData data = ServingData.build(catalog, interactions, models, "category",
                new ServingData.Settings(training, 0, 30_000), null, new PrintStream(OutputStream.nullOutputStream()))) {
            assertFalse(data.pipelines().containsKey(ServingData.SEQ_PIPELINE), String.valueOf(data.pipelines().keySet()));
            assertTrue(data.pipelines().containsKey("multi-ials"), String.valueOf(data.pipelines().keySet()));
        }
    }
}
