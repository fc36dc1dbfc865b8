package org.recsys4j.examples.guide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.examples.server.RecServer;
import org.recsys4j.examples.server.ServingApi;
import org.recsys4j.examples.server.ServingData;
import org.recsys4j.examples.train.Fingerprint;
import org.recsys4j.examples.train.Progress;
import org.recsys4j.examples.train.ServingModels;
import org.recsys4j.examples.train.TrainingReport;
import org.recsys4j.examples.train.TrainingSettings;
import org.recsys4j.examples.train.WorkDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the "same in code" snippet of docs/demo.md, twice, on synthetic data. */
class DemoGuideTest {
    @Test
    void theSnippetTrainsThenReusesAndServes(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        SyntheticMovieLens.builder(80, 120, 4_000, 11).withClusters(4).build().writeLatestCsv(dir);
        TrainingSettings settings = new TrainingSettings(8, 2, 2, 6, 3, 2, 2, 7);   // small: the doc uses defaults()
        for (int run = 0; run < 2; run++) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
            // --- docs/demo.md ---
            MovieLensData ml = MovieLens.load(dir, LoadOptions.lenient());
            WorkDir work = WorkDir.at(tmp.resolve("recsys4j-work"));
            ServingModels models = ServingModels.obtain(ml, Fingerprint.ofFolder(dir), settings, work,
                    Progress.of(Progress.Mode.LINES, out));
            TrainingReport.printSummary(out, models.entries());
            ServingData data = ServingData.build(ml, models, ServingData.Settings.defaults(), null, out);
            try (RecServer server = RecServer.start(new ServingApi(data), "127.0.0.1", 0)) {
                String base = "http://127.0.0.1:" + server.port() + "/";
                // --- end of the snippet (server.join() would serve until stopped) ---
                HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, page.statusCode());
                HttpResponse<String> recs = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base + "api/users/1/recommendations?pipeline=multi-deepfm&k=5")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, recs.statusCode(), recs.body());
                assertTrue(recs.body().contains("\"ranker\":\"ials-dot > deepfm\""), recs.body());
            }
            String text = buf.toString(StandardCharsets.UTF_8);
            long reused = models.entries().stream().filter(WorkDir.Entry::reused).count();
            assertEquals(run == 0 ? 0 : models.entries().size(), reused, text);
            assertTrue(text.contains(run == 0 ? "trained" : "reused"), text);
        }
    }
}
