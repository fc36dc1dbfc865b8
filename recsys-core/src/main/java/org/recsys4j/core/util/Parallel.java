package org.recsys4j.core.util;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs a loop body over {@code [0, n)} on a given number of threads, handing out chunks of
 * consecutive indices dynamically; the calling thread is one of the workers. Each index is processed
 * exactly once; when bodies write only their own output slots, results do not depend on the thread
 * count. The one parallel loop of the library: fitting and evaluation both use it.
 *
 * <pre>{@code
 * double[] out = new double[n];
 * Parallel.forRange(n, 2, 64, (from, to) -> { for (int i = from; i < to; i++) out[i] = f(i); });
 * }</pre>
 */
public final class Parallel {
    private Parallel() {
    }

    /** A loop body over the half-open range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        /** Processes indices {@code from} (inclusive) to {@code to} (exclusive). */
        void run(int from, int to);
    }

    /**
     * A loop body with per-worker state (e.g. reusable buffers), over {@code [from, to)}.
     *
     * @param <S> the state type
     */
    @FunctionalInterface
    public interface StatefulBody<S> {
        /** Processes indices {@code from} (inclusive) to {@code to} (exclusive) with this worker's state. */
        void run(S state, int from, int to);
    }

    /** Returns the number of threads to use: {@code requested}, but never more than there are chunks. */
    public static int effectiveThreads(int requested, int n, int chunk) {
        int chunks = (n + chunk - 1) / Math.max(1, chunk);
        return Math.max(1, Math.min(requested, chunks));
    }

    /**
     * Calls {@code body} over chunks of {@code [0, n)} of at most {@code chunk} indices, on up to
     * {@code threads} threads (the calling thread is one of them). Rethrows the first failure.
     */
    public static void forRange(int n, int threads, int chunk, RangeBody body) {
        forRange(n, threads, chunk, () -> null, (state, from, to) -> body.run(from, to));
    }

    /**
     * Like {@link #forRange(int, int, int, RangeBody)}, but each worker first creates its own state with
     * {@code state} and passes it to every chunk it runs.
     */
    public static <S> void forRange(int n, int threads, int chunk, Supplier<S> state, StatefulBody<S> body) {
        if (n <= 0) {
            return;
        }
        int c = Math.max(1, chunk);
        int t = effectiveThreads(threads, n, c);
        if (t == 1) {
            body.run(state.get(), 0, n);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            try {
                S s = state.get();
                int from;
                while (failure.get() == null && (from = next.getAndAdd(c)) < n) {
                    body.run(s, from, Math.min(n, from + c));
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        };
        Thread[] helpers = new Thread[t - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Thread(worker, "recsys4j-worker-" + i);
            helpers[i].setDaemon(true);
            helpers[i].start();
        }
        worker.run();
        boolean interrupted = false;
        for (Thread h : helpers) {
            while (true) {
                try {
                    h.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException) {
            throw (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns {@code threads}, or throws naming the field if it is not positive. */
    public static int checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + ", must be >= 1");
        }
        return threads;
    }
}
