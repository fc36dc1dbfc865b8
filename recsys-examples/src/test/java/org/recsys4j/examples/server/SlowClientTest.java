package org.recsys4j.examples.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recsys4j.examples.bench.RawHttp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow clients against a server with fewer threads than slow clients: 100 connections trickle request bodies
 * (one byte every 250 ms) and 20 trickle their headers, against 32 threads, while four other clients keep
 * sending ordinary GETs and quick feedback POSTs. The ordinary requests must keep being answered promptly
 * (every one under 2 s; with blocking body reads they would all wait for a free thread), the pool must never
 * be all busy, and each slow body must be refused with a JSON 408 once its time is up.
 */
class SlowClientTest {
    private static final int THREADS = 32;
    private static final int SLOW_BODIES = 100;
    private static final int SLOW_HEADERS = 20;
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(5);
    private static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture(null, RecServer.Limits.defaults().withThreads(THREADS).withBodyTimeout(BODY_TIMEOUT));
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void moreSlowClientsThanThreadsDoNotStallTheOthers() throws Exception {
        int port = f.server.port();
        long movie = f.data.catalog().items().longId(1);
        long user = f.data.ratings().users().longId(2);
        List<Socket> bodies = new ArrayList<>();
        List<Socket> headers = new ArrayList<>();
        AtomicBoolean trickling = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < SLOW_BODIES; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.setSoTimeout(15_000);
                s.getOutputStream().write(("POST /api/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 200\r\n\r\n{").getBytes(StandardCharsets.ISO_8859_1));
                bodies.add(s);
            }
            for (int i = 0; i < SLOW_HEADERS; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
                headers.add(s);
            }
            // one thread trickles: a byte to every slow connection every 250 ms
            Future<?> trickle = pool.submit(() -> {
                while (trickling.get()) {
                    for (Socket s : bodies) {
                        write(s, "\"");
                    }
                    for (Socket s : headers) {
                        write(s, "X");
                    }
                    sleep(250);
                }
                return null;
            });
            sleep(300);   // every slow request has reached the server
            // four ordinary clients for 3 s, inside the slow bodies' 5 s
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            List<Integer> busy = Collections.synchronizedList(new ArrayList<>());
            List<Integer> open = Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> clients = new ArrayList<>();
            long end = System.nanoTime() + 3_000_000_000L;
            for (int c = 0; c < 4; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    for (int n = 0; System.nanoTime() < end; n++) {
                        byte[] req = switch ((client + n) % 4) {
                            case 0 -> RawHttp.request("GET", "/api/health", null, null);
                            case 1 -> RawHttp.request("GET", "/getmovie?id=" + movie, null, null);
                            case 2 -> RawHttp.request("GET", "/api/users/" + user + "/recommendations?k=5&pipeline=multi", null, null);
                            default -> RawHttp.request("POST", "/api/feedback", "Content-Type: application/json",
                                    ("{\"userId\": " + (8_000_000 + client) + ", \"movieId\": " + movie + ", \"rating\": 4}")
                                            .getBytes(StandardCharsets.UTF_8));
                        };
                        RawHttp.Answer a = RawHttp.exchange(port, req, false, 10_000);
                        if (a == null || a.status() != 200) {
                            failures.add(new String(req, 0, 40, StandardCharsets.ISO_8859_1) + " -> " + (a == null ? "none" : a.text()));
                        } else {
                            latencies.add(a.micros());
                        }
                        @SuppressWarnings("unchecked")
                        Map<String, Object> threads = (Map<String, Object>) f.server.httpStats().get("threads");
                        busy.add((int) threads.get("busy"));
                        if (System.nanoTime() - t0 < 4_000_000_000L) {
                            // well inside the slow bodies' 5 s (the clients' last answers may come later on a loaded
                            // machine, when the first 408s have closed some): the slow clients are all still there
                            @SuppressWarnings("unchecked")
                            Map<String, Object> connections = (Map<String, Object>) f.server.httpStats().get("connections");
                            open.add((int) connections.get("open"));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> c : clients) {
                c.get();
            }
            assertTrue(failures.isEmpty(), failures.toString());
            long worst = latencies.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertTrue(latencies.size() >= 40, "only " + latencies.size() + " ordinary requests answered in 3 s");
            assertTrue(worst < 2_000_000, "an ordinary request took " + worst / 1000 + " ms beside the slow clients");
            // a byte arriving on many connections at once keeps threads busy for a moment, but none waits for a body
            List<Integer> sorted = new ArrayList<>(busy);
            Collections.sort(sorted);
            int median = sorted.get(sorted.size() / 2);
            System.out.println("busy threads beside the slow clients: median " + median + ", max " + sorted.get(sorted.size() - 1)
                    + " of " + THREADS + "; ordinary requests " + latencies.size() + ", worst " + worst / 1000 + " ms");
            assertTrue(median < THREADS / 2, "threads are held: median busy " + median + " of " + THREADS + " " + sorted);
            assertFalse(open.isEmpty(), "no ordinary request answered within 4 s of the start");
            int fewestOpen = Collections.min(open);
            assertTrue(fewestOpen >= SLOW_BODIES + SLOW_HEADERS, "the slow clients are still connected: open " + open);
            // each slow body is refused with a 408 when its time is up, and the connection closed
            for (Socket s : bodies) {
                RawHttp.Answer a = RawHttp.read(s.getInputStream(), false, System.nanoTime());
                assertNotNull(a, "a slow body got no answer");
                assertEquals(408, a.status(), a.text());
                assertEquals(408, a.json().get("status").asInt());
                assertTrue(a.json().get("error").asText().startsWith("body: not complete 5.0 s after the headers"), a.text());
                assertEquals("close", a.header("Connection"));
            }
            long took = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(took < BODY_TIMEOUT.toMillis() + 4_000, "the 408s came " + took + " ms after the start");
            trickling.set(false);
            trickle.get();
            assertEquals(200, f.get("/api/health").status());
        } finally {
            trickling.set(false);
            pool.shutdownNow();
            for (Socket s : bodies) {
                s.close();
            }
            for (Socket s : headers) {
                s.close();
            }
        }
    }

    private static void write(Socket s, String text) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            // closed by the server after its 408: nothing more to send
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
