package org.recsys4j.core.baseline;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a loop body over {@code [0, n)} on a given number of threads, handing out chunks of
 * consecutive indices dynamically. Each index is processed exactly once and bodies write only their
 * own output slots, so results do not depend on the thread count. Package-private.
 */
final class Parallel {
    private Parallel() {
    }

    /** A loop body over the half-open range {@code [from, to)}. */
    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }

    /** Returns the number of threads to use: {@code requested}, but never more than there are chunks. */
    static int effectiveThreads(int requested, int n, int chunk) {
        int chunks = (n + chunk - 1) / Math.max(1, chunk);
        return Math.max(1, Math.min(requested, chunks));
    }

    /**
     * Calls {@code body} over chunks of {@code [0, n)} of at most {@code chunk} indices, on up to
     * {@code threads} threads (the calling thread is one of them). Rethrows the first failure.
     */
    static void forRange(int n, int threads, int chunk, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int c = Math.max(1, chunk);
        int t = effectiveThreads(threads, n, c);
        if (t == 1) {
            body.run(0, n);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            try {
                int from;
                while (failure.get() == null && (from = next.getAndAdd(c)) < n) {
                    body.run(from, Math.min(n, from + c));
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        };
        Thread[] helpers = new Thread[t - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Thread(worker, "recsys4j-baseline-" + i);
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

    /** Throws naming the field if {@code threads} is not positive. */
    static int checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + ", must be >= 1");
        }
        return threads;
    }
}
