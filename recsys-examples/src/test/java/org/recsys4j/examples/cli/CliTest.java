package org.recsys4j.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recsys4j.examples.ConsoleCapture;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the CLI in-process on hand-made data; no network. */
class CliTest {
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream out = console.out;
    private final ByteArrayOutputStream err = console.err;

    static Path tinyMovieLens(Path dir) throws IOException {
        StringBuilder movies = new StringBuilder("movieId,title,genres\n");
        for (int m = 1; m <= 12; m++) {
            movies.append(m).append(m == 3 ? ",\"Comma, The (1999)\"" : ",Movie " + m + " (19" + (80 + m) + ")")
                    .append(m % 2 == 0 ? ",Drama|Comedy\n" : ",Action\n");
        }
        StringBuilder ratings = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (int u = 1; u <= 9; u++) {
            for (int k = 0; k < 6; k++) {
                int m = 1 + (u * 5 + k * 5) % 12; // step 5 is coprime to 12: six distinct movies per user
                ratings.append(u).append(',').append(m).append(',').append(1 + (u + k) % 5).append(".0,")
                        .append(1000 + 10 * k + u).append('\n');
            }
        }
        ratings.append("4,999,5.0,7"); // unknown movie, no final newline: lenient drops and reports it
        Files.writeString(dir.resolve("movies.csv"), movies);
        Files.writeString(dir.resolve("ratings.csv"), ratings);
        return dir;
    }

    @Test
    void evaluatePrintsExplicitAlsUnderProtocolR(@TempDir Path dir) throws IOException {
        int status = Recsys4jCli.run("evaluate", "--data", tinyMovieLens(dir).toString(), "--threads", "2",
                "--protocol", "R");
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text + err);
        assertTrue(text.contains("| Bias baseline |"), text);
        assertTrue(text.contains("| ALS | biases + f=10, λ=12 (unweighted), λb=3, 15 it, seed 0 |"), text);
    }

    @Test
    void embeddingBenchesRunOnTinyDataWithoutAnchors(@TempDir Path dir) throws IOException {
        String data = tinyMovieLens(dir).toString();
        assertEquals(0, Recsys4jCli.run("bench", "word2vec", "--data", data, "--dims", "8", "--seeds", "1",
                "--epochs", "2", "--no-gensim", "--no-spark", "--anchors", dir.resolve("none").toString()), err.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("| Recsys4J (shared negatives) | 2 | 1 |"), text);
        assertTrue(text.contains("| Recsys4J (per-pair negatives) | 1 | 1 |"), text);
        assertEquals(0, Recsys4jCli.run("bench", "ials", "--data", data, "--seeds", "2", "--threads", "2"),
                err.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("(anchor, CG)"), out.toString());
        assertEquals(0, Recsys4jCli.run("bench", "similar", "--data", data, "--threads", "2"), err.toString());
        text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("| ItemKNN cosine (floor) |"), text);
        assertTrue(text.contains("| Node2vec, tuned |"), text);
        assertEquals(2, Recsys4jCli.run("bench", "word2vec"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("give --data DIR and/or --synthetic"), err.toString());
    }

    @Test
    void demoTrainsSavesThenReusesEverythingAndServesThePage(@TempDir Path dir) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        org.recsys4j.core.synth.SyntheticMovieLens.builder(80, 120, 4_000, 11).withClusters(4).build().writeLatestCsv(data);
        String[] args = {"demo", "--data", data.toString(), "--work", dir.resolve("work").toString(), "--dim", "8",
                "--epochs", "2", "--ctr-epochs", "2", "--port", "0", "--exit-when-ready", "--progress", "LINES"};
        assertEquals(0, Recsys4jCli.run(args), out + "\n" + err);
        String first = out.toString(StandardCharsets.UTF_8);
        assertTrue(first.contains("(0 of 19 artifacts reused)"), first);
        assertTrue(first.contains("deepfm done in") && first.contains("test AUC"), first);
        assertTrue(first.contains("(HTTP 200)"), first);
        assertTrue(Files.exists(dir.resolve("work/item2vec.emb")) && Files.exists(dir.resolve("work/deepfm.ctr.key")));
        assertTrue(Files.exists(dir.resolve("work/plots/loss-deepfm.png")));
        assertTrue(first.contains("http limits: 64 request threads, 1024 connections, 8192 bytes of request line and headers, "
                + "bodies of 16384 bytes within 10.000 s, idle connections closed after 30.000 s"), first);
        out.reset();
        // the server's limits reach the server (the line is its /api/metrics "http" section) and are not part of
        // any artifact's fingerprint
        String[] limited = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of(
                "--http-threads", "12", "--max-connections", "77", "--max-header-bytes", "4096", "--max-body-bytes", "999",
                "--body-timeout-seconds", "2.5", "--idle-timeout-seconds", "7")).toArray(String[]::new);
        assertEquals(0, Recsys4jCli.run(limited), out + "\n" + err);
        String second = out.toString(StandardCharsets.UTF_8);
        assertTrue(second.contains("(19 of 19 artifacts reused)"), second);
        assertTrue(second.contains("http limits: 12 request threads, 77 connections, 4096 bytes of request line and headers, "
                + "bodies of 999 bytes within 2.500 s, idle connections closed after 7.000 s"), second);
        assertTrue(!second.contains("deepfm done") && !second.contains("item2vec done"), second);
        // another dimension: the embeddings, their indexes and the merge weights are retrained; the item-CF table,
        // the CTR rankers (DeepFM, DIN), NeuralCF, their online feature state, SASRec (its width is its own) and
        // SASRec's index are not (NeuralCF's GMF weight is chosen again: its GMF branch is ALS)
        out.reset();
        assertEquals(0, Recsys4jCli.run("train", "--data", data.toString(), "--work", dir.resolve("work").toString(),
                "--dim", "12", "--epochs", "2", "--ctr-epochs", "2", "--progress", "NONE"), out + "\n" + err);
        String third = out.toString(StandardCharsets.UTF_8);
        assertTrue(third.contains("(7 of 19 artifacts reused)"), third);
        assertTrue(third.matches("(?s).*item-cf\\s+reused.*") && third.matches("(?s).*deepfm\\s+reused.*")
                && third.matches("(?s).*neuralcf\\s+reused.*"), third);
        assertTrue(third.matches("(?s).*item2vec\\s+trained.*"), third);
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : new String[] {"demo", "train", "evaluate", "bench", "load-redis", "serve", "generate"}) {
            out.reset();
            assertEquals(0, Recsys4jCli.run(c, "--help"), c);
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("Usage: recsys4j " + c), c + ": " + out);
        }
        out.reset();
        assertEquals(0, Recsys4jCli.run("--help"));
        String top = out.toString(StandardCharsets.UTF_8);
        for (String c : new String[] {"demo", "train", "evaluate", "bench", "load-redis", "serve"}) {
            assertTrue(top.contains("  " + c), top);
        }
    }

    @Test
    void strictModeAndBadArgumentsFailWithAMessageAndStatus2(@TempDir Path dir) throws IOException {
        tinyMovieLens(dir);
        assertEquals(2, Recsys4jCli.run("demo", "--data", dir.toString(), "--strict"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("ratings.csv:56: movieId=999"), err.toString());
        assertEquals(2, Recsys4jCli.run("demo", "--data", dir.resolve("nope").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no such folder"), err.toString());
        assertEquals(2, Recsys4jCli.run("demo", "--data", dir.toString(), "--threads", "0"));
        assertEquals(2, Recsys4jCli.run("demo", "--threads", "x"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--threads"), err.toString());
    }

    @Test
    void dataWithNothingToEvaluateIsAUserError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n1,A (1999),Drama\n2,B (2001),Comedy\n");
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,10\n2,2,NaN,11\n");
        assertEquals(2, Recsys4jCli.run("evaluate", "--data", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("nothing to evaluate"), err.toString());
    }

    @Test
    void anUnreachableDownloadTellsTheUserAboutDashDashData(@TempDir Path cache) {
        int status = Recsys4jCli.run("demo", "--cache", cache.toString(), "--base-url", "http://127.0.0.1:9/");
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--data DIR"), err.toString());
    }

    @Test
    void serveHasHelpAndRefusesBadOptions(@TempDir Path dir) {
        assertEquals(0, Recsys4jCli.run("serve", "--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("--data") && help.contains("--port") && help.contains("--redis"), help);
        assertEquals(2, Recsys4jCli.run("serve", "--port", "70000", "--data", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--port 70000"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, Recsys4jCli.run("serve", "--redis", "localhost:x", "--data", dir.toString()));
        assertEquals(2, Recsys4jCli.run("serve", "--data", dir.resolve("missing").toString()));
        assertEquals(2, Recsys4jCli.run("train", "--data", dir.toString(), "--work", dir.resolve("x").toString(), "--dim", "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("dim = 1"), err.toString(StandardCharsets.UTF_8));
    }
}
