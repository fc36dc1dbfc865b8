package org.recsys4j.examples.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.examples.ConsoleCapture;
import org.recsys4j.examples.cli.Recsys4jCli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The served-pipelines evaluation: no held-out rating in what the pipelines are built from; the CLI table. */
class ServedPipelinesTest {
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @Test
    void thePipelinesAreBuiltFromTheTrainSplitOnly(@TempDir Path dir) throws Exception {
        SyntheticMovieLens gen = SyntheticMovieLens.builder(60, 90, 2_400, 5).withClusters(3).withBlockbusters(2).build();
        gen.writeLatestCsv(dir);
        MovieLensData d = MovieLens.load(dir, LoadOptions.lenient());
        LeaveLastOutTask task = LeaveLastOutTask.of(d.ratings());
        MovieLensData train = ServedPipelines.trainSplit(d, task);
        Interactions r = train.ratings();
        assertEquals(task.train().size(), r.size());
        assertEquals(d.ratings().size() - task.numCases(), r.size(), "every user has 20+ ratings: one held out each");
        for (int k = 0; k < r.size(); k++) {
            int u = r.user(k);
            for (int c = 0; c < task.numCases(); c++) {
                if (task.testUser(c) == u) {
                    assertFalse(r.item(k) == task.testItem(c), "user " + u + "'s held-out item is in the train data");
                }
            }
        }
        assertTrue(train.catalog() == d.catalog());
        ServedPipelines.Planted truth = ServedPipelines.planted(gen, d);
        for (int i = 0; i < 90; i++) {
            assertEquals(i % 3, truth.itemCluster().applyAsInt(i));
        }
        assertEquals(gen.userCluster(0), truth.userCluster().applyAsInt(d.ratings().users().indexOf(1L)));
    }

    @Test
    void evaluatePipelinesPrintsEveryServedPipelineAndItsComponents(@TempDir Path dir) throws Exception {
        SyntheticMovieLens.builder(80, 120, 3_000, 7).withClusters(4).build().writeLatestCsv(dir.resolve("syn"));
        int status = Recsys4jCli.run("evaluate", "--data", dir.resolve("syn").toString(), "--protocol", "PIPELINES",
                "--threads", "2");
        String out = console.out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, console.err.toString(StandardCharsets.UTF_8));
        assertTrue(out.contains("#### Served pipelines — syn"), out);
        assertTrue(out.contains("| T HR@10 | T NDCG@10 | S HR@10 | coverage@10 | novelty: median pop. | mean pairwise Jaccard |"
                + " fallbacks |"), out);
        for (String row : List.of("| **multi** |", "| **multi-ials** |", "| **multi-deepfm** |", "| **multi-din** |",
                "| **emb** |", "| · top-rated |", "| · popular |", "| · ials-dot |", "| · ials-dot > deepfm |",
                "| · ials-dot > din |", "| **sasrec** |", "| · sasrec |")) {
            assertTrue(out.contains(row), row + " in\n" + out);
        }
        // the voting channels are those the weight search kept (a weight of 0 drops one; the served item2vec trains
        // on 2 threads, so which one may differ between runs): each kept channel has its own row
        java.util.regex.Matcher kept = java.util.regex.Pattern.compile("Served recall: ([^;]*);").matcher(out);
        assertTrue(kept.find(), out);
        String[] channels = kept.group(1).split(", ");
        assertTrue(channels.length >= 1, kept.group(1));
        for (String weighted : channels) {
            String name = weighted.substring(0, weighted.lastIndexOf(' '));
            assertTrue(List.of("item-cf", "item2vec", "genre").contains(name), weighted);
            assertTrue(out.contains("| · " + name + " |"), name + " in\n" + out);
        }
        for (String line : out.split("\n")) {
            if (line.startsWith("| **") || line.startsWith("| · ")) {
                assertTrue(line.endsWith("| 0 |"), "no request fell back: " + line);
            }
        }
    }
}
