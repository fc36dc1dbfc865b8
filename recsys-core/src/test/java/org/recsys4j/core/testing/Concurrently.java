package org.recsys4j.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs the same calls on several threads at once and times each one: for tests of behaviour under
 * concurrent load (a frozen server, a saturated executor).
 */
public final class Concurrently {
    private Concurrently() {
    }

    /**
     * One call: what it returned and how long it took.
     *
     * @param millis wall time of the call, milliseconds
     * @param value  what it returned
     * @param <T>    the value's type
     */
    public record Timed<T>(long millis, T value) {
    }

    /**
     * A call made by thread {@code thread} as its {@code index}-th.
     *
     * @param <T> the value's type
     */
    @FunctionalInterface
    public interface Call<T> {
        /** Makes the call. */
        T call(int thread, int index) throws Exception;
    }

    /**
     * Runs {@code calls} calls on each of {@code threads} threads at once and returns them all, thread by
     * thread, in call order. A call that throws fails the whole run (rethrown, wrapped).
     *
     * @throws Exception if a call threw, or the run took more than a minute
     */
    public static <T> List<Timed<T>> timedCalls(int threads, int calls, Call<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Timed<T>>>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                fs.add(pool.submit(() -> {
                    List<Timed<T>> out = new ArrayList<>(calls);
                    for (int i = 0; i < calls; i++) {
                        long t0 = System.nanoTime();
                        T v = call.call(thread, i);
                        out.add(new Timed<>((System.nanoTime() - t0) / 1_000_000, v));
                    }
                    return out;
                }));
            }
            List<Timed<T>> all = new ArrayList<>();
            for (Future<List<Timed<T>>> f : fs) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
