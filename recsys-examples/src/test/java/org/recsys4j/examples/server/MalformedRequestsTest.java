package org.recsys4j.examples.server;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The summary of malformed requests: one line per interval at most, counts by status, nothing lost, on a fake clock. */
class MalformedRequestsTest {
    private final List<String> lines = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final MalformedRequests m = new MalformedRequests(lines::add, Duration.ofSeconds(60), now::get);

    @Test
    void oneLinePerIntervalWithTheCountsSinceTheLastLine() {
        for (int i = 0; i < 1000; i++) {
            m.refused(i % 100 == 0 ? 431 : 400, "bad request: Bad Authority");
            now.addAndGet(10_000_000L);   // 10 s in all
        }
        assertEquals(List.of("1 malformed request refused since the start (431: 1), the latest: 'bad request: Bad Authority'; "
                + "at most one such line per 60 s, the total is in /api/metrics (http.malformed)"), lines);
        assertEquals(1000, m.total());
        now.addAndGet(55_000_000_000L);   // 65 s after the first line
        m.refused(414, "URI too long");
        assertEquals(2, lines.size());
        assertEquals("1000 malformed requests refused in the last 65 s (400: 990, 414: 1, 431: 9), the latest: 'URI too long'; "
                + "at most one such line per 60 s, the total is in /api/metrics (http.malformed)", lines.get(1));
        m.flush();   // nothing pending: no line
        assertEquals(2, lines.size());
        now.addAndGet(1_000_000_000L);
        m.refused(400, "bad request: \u001b[31mred\nnext line");
        m.flush();   // the server stops: what is pending is reported, the client's text escaped
        assertEquals(3, lines.size());
        assertEquals("1 malformed request refused in the last 1 s (400: 1), the latest: 'bad request: \\u001b[31mred\\u000anext line'; "
                + "at most one such line per 60 s, the total is in /api/metrics (http.malformed)", lines.get(2));
        assertEquals(1002, m.total());
    }

    @Test
    void concurrentRefusalsAreAllCountedAndLoggedOnce() throws Exception {
        List<String> shared = java.util.Collections.synchronizedList(new ArrayList<>());
        MalformedRequests c = new MalformedRequests(shared::add, Duration.ofSeconds(60), () -> 0L);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 5000; i++) {
                        c.refused(400, "x");
                    }
                }));
            }
            for (Future<?> d : done) {
                d.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(20_000, c.total());
        assertEquals(1, shared.size());
        c.flush();
        assertEquals(2, shared.size());
        assertEquals(true, shared.get(1).startsWith("19999 malformed requests refused in the last 0 s (400: 19999)"), shared.get(1));
    }
}
