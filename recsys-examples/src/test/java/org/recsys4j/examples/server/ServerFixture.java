package org.recsys4j.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.store.RedisStoreConfig;
import org.recsys4j.core.synth.SyntheticMovieLens;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A small synthetic MovieLens data set, a server over it on a free port, and an HTTP client. */
final class ServerFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Tiny models; a recall budget no channel misses on a loaded machine, so answers are reproducible. */
    static final ServingData.Settings TINY = new ServingData.Settings(
            new org.recsys4j.examples.train.TrainingSettings(8, 2, 2, 6, 3, 2, 2, 7), 300, 30_000);

    final MovieLensData data;
    final RecServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path dir;

    ServerFixture(RedisStoreConfig.Builder redis) throws Exception {
        this(redis, RecServer.Limits.defaults());
    }

    ServerFixture(RedisStoreConfig.Builder redis, RecServer.Limits limits) throws Exception {
        this(redis, limits, dir -> SyntheticMovieLens.builder(80, 120, 4_000, 11).withClusters(4).build().writeLatestCsv(dir));
    }

    /** Writes a MovieLens data set (latest CSV) into a folder. */
    interface DataWriter {
        void write(Path dir) throws IOException;
    }

    /** A server over the data set {@code writer} writes. */
    ServerFixture(RedisStoreConfig.Builder redis, RecServer.Limits limits, DataWriter writer) throws Exception {
        dir = Files.createTempDirectory("recsys4j-serve-test");
        writer.write(dir);
        data = MovieLens.load(dir, LoadOptions.lenient());
        ServingData sd = ServingData.build(data, TINY, redis, new PrintStream(OutputStream.nullOutputStream()));
        server = RecServer.start(new ServingApi(sd), "127.0.0.1", 0, limits);
    }

    ServingData serving() {
        return server.api().data();
    }

    /** An HTTP answer: status and parsed JSON body. */
    record Reply(int status, JsonNode body) {
    }

    /** An HTTP answer with its headers. */
    record FullReply(int status, JsonNode body, java.net.http.HttpHeaders headers, String text) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    FullReply getFull(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return new FullReply(r.statusCode(), JSON.readTree(r.body()), r.headers(), r.body());
    }

    Reply get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    Reply post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    @Override
    public void close() throws Exception {
        server.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
