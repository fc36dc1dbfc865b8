package org.recsys4j.examples.server;

import org.recsys4j.core.data.Interactions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The warm-up {@link RecServer} runs before it reports ready: real HTTP requests to its own port, a few per
 * pipeline and per similar-items model (known users, an anonymous request, the source system's endpoints for
 * MovieLens), so that the classes are loaded, the JIT has compiled the hot paths and the pools have their
 * threads before the first real request: the first requests then meet their 300-400 ms budgets instead of
 * timing out into the fallback. The pipelines' result caches are cleared afterwards (no real request is
 * answered from a warm-up answer). What it did is in {@code /api/health} under {@code "warmUp"}.
 */
final class WarmUp {
    private WarmUp() {
    }

    /**
     * What the warm-up did.
     *
     * @param requests      the requests sent
     * @param failed        how many did not answer 200
     * @param millis        the warm-up's wall time
     * @param firstMillis   the slowest request of the first round
     * @param lastMillis    the slowest request of the last round
     */
    record Report(int requests, int failed, long millis, long firstMillis, long lastMillis) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("requests", requests);
            m.put("failed", failed);
            m.put("millis", millis);
            m.put("slowestFirstRoundMillis", firstMillis);
            m.put("slowestLastRoundMillis", lastMillis);
            return m;
        }
    }

    /** Returns the paths of one round {@code r} (a different user and item per round). */
    static List<String> round(ServingData data, int r) {
        List<String> paths = new ArrayList<>();
        Interactions ratings = data.ratings;
        String user = ratings.numUsers() == 0 ? null : ratings.users().id(r % ratings.numUsers());
        String itemId = null;
        int n = data.catalog.size();
        for (int p = 0; p < n && itemId == null; p++) {
            int i = (int) (((long) r * 7919 + p) % n);
            if (data.ratingCount[i] > 0) {
                itemId = data.catalog.items().id(i);
            }
        }
        List<String> pipelines = new ArrayList<>();
        pipelines.add(ServingData.DEFAULT_PIPELINE);
        pipelines.addAll(data.pipelines.keySet());
        for (String p : pipelines) {
            if (user != null) {
                paths.add("/api/users/" + enc(user) + "/recommendations?pipeline=" + p + "&k=20");
            }
            paths.add("/api/recommendations?pipeline=" + p + "&k=20");
        }
        if (itemId != null) {
            for (String m : data.modelNames) {
                paths.add("/api/items/" + enc(itemId) + "/similar?model=" + m + "&k=20");
            }
        }
        if (data.movieLens() && user != null && itemId != null) {
            paths.add("/getmovie?id=" + itemId);
            paths.add("/getuser?id=" + user);
            paths.add("/getsimilarmovie?movieId=" + itemId + "&size=16&model=emb");
            for (String p : pipelines) {
                paths.add("/getrecforyou?id=" + user + "&size=32&model=" + p);
            }
        }
        return paths;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Sends {@code rounds} rounds of requests to {@code http://127.0.0.1:port} (one at a time) and clears the
     * pipelines' caches.
     */
    static Report run(ServingData data, int port, int rounds) {
        long t0 = System.nanoTime();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        int sent = 0;
        int failed = 0;
        long first = 0;
        long last = 0;
        for (int r = 0; r < rounds; r++) {
            long slowest = 0;
            for (String path : round(data, r)) {
                long t = System.nanoTime();
                try {
                    HttpResponse<Void> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
                    failed += res.statusCode() == 200 ? 0 : 1;
                } catch (IOException e) {
                    failed++;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed++;
                    break;
                }
                sent++;
                slowest = Math.max(slowest, System.nanoTime() - t);
            }
            if (r == 0) {
                first = slowest;
            }
            last = slowest;
        }
        data.pipelines.values().forEach(p -> p.clearCache());
        return new Report(sent, failed, (System.nanoTime() - t0) / 1_000_000, first / 1_000_000, last / 1_000_000);
    }
}
