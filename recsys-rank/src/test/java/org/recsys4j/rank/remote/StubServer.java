package org.recsys4j.rank.remote;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP server for tests that replays scripted responses (status, body, optional delay), one
 * per request, repeating the last one; it counts the requests and keeps their bodies.
 */
final class StubServer implements AutoCloseable {
    record Step(int status, byte[] body, long delayMillis, String retryAfter) {
        Step(int status, byte[] body, long delayMillis) {
            this(status, body, delayMillis, null);
        }
    }

    private final HttpServer server;
    private final List<Step> script = new CopyOnWriteArrayList<>();
    private final AtomicInteger hits = new AtomicInteger();
    final List<String> paths = new CopyOnWriteArrayList<>();
    final List<byte[]> bodies = new CopyOnWriteArrayList<>();

    StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stub-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", ex -> {
            int n = hits.getAndIncrement();
            paths.add(ex.getRequestURI().getRawPath());
            try (InputStream in = ex.getRequestBody()) {
                bodies.add(in.readAllBytes());
            }
            Step s = script.get(Math.min(n, script.size() - 1));
            if (s.delayMillis() > 0) {
                try {
                    Thread.sleep(s.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            if (s.retryAfter() != null) {
                ex.getResponseHeaders().set("Retry-After", s.retryAfter());
            }
            ex.sendResponseHeaders(s.status(), s.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(s.body());
            } catch (IOException e) {
                // the client gave up (timeout); nothing to do
            }
            ex.close();
        });
        server.start();
    }

    /** Replaces the script. */
    StubServer respond(Step... steps) {
        List<Step> s = new ArrayList<>(List.of(steps));
        script.clear();
        script.addAll(s);
        return this;
    }

    static Step step(int status, String resource) {
        return new Step(status, resource(resource), 0);
    }

    static byte[] resource(String name) {
        try (InputStream in = StubServer.class.getResourceAsStream("tfserving/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource tfserving/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int hits() {
        return hits.get();
    }

    void resetHits() {
        hits.set(0);
        paths.clear();
        bodies.clear();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
