package org.recsys4j.core.util;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
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

    /**
     * Returns the number of processors available to this JVM ({@link Runtime#availableProcessors()}), at
     * least 1: the single source of "all processors" for every default thread count of the library. The
     * rule (docs/architecture.md, Threading): a builder whose result does not depend on the thread count
     * defaults to this; one whose result does (Hogwild training, a parallel HNSW build) defaults to 1, so
     * that defaults are reproducible. Read at each call, so a container's changed CPU quota is seen.
     */
    public static int availableThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
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

    /**
     * Returns a {@link Team} of {@code threads} workers (the caller being one of them) for many short
     * parallel loops in a row.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static Team team(int threads) {
        return new Team(checkThreads(threads));
    }

    /**
     * A fixed group of threads that runs one {@link #forRange} after another without starting threads
     * each time: for loops too short to pay for {@link Parallel#forRange}'s thread start (e.g. one per
     * mini-batch step of a trainer, thousands per second). Same semantics as
     * {@link Parallel#forRange(int, int, int, RangeBody)}: chunks of consecutive indices handed out
     * dynamically, the calling thread working too, the first failure rethrown. Idle workers park
     * (passive waiting, so a loaded machine is not burdened by spinning). One caller at a time; close it
     * to stop the workers.
     *
     * <pre>{@code
     * try (Parallel.Team team = Parallel.team(2)) {
     *     for (int step = 0; step < steps; step++) {
     *         team.forRange(n, 64, (from, to) -> work(from, to));
     *     }
     * }
     * }</pre>
     */
    public static final class Team implements AutoCloseable {
        private final Thread[] workers;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger remaining = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile long generation;
        private volatile boolean closed;
        private volatile RangeBody body;
        private volatile int size;
        private volatile int chunkSize;
        private volatile Thread caller;

        private Team(int threads) {
            workers = new Thread[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Thread(this::work, "recsys4j-team-" + i);
                workers[i].setDaemon(true);
                workers[i].start();
            }
        }

        /** Returns the number of threads, the caller included. */
        public int threads() {
            return workers.length + 1;
        }

        private void work() {
            long seen = 0;
            while (true) {
                while (generation == seen && !closed) {
                    LockSupport.park(this);
                }
                if (closed) {
                    return;
                }
                seen = generation;
                runChunks();
                if (remaining.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }

        private void runChunks() {
            try {
                RangeBody b = body;
                int n = size;
                int c = chunkSize;
                int from;
                while (failure.get() == null && (from = next.getAndAdd(c)) < n) {
                    b.run(from, Math.min(n, from + c));
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }

        /**
         * Calls {@code body} over chunks of {@code [0, n)} of at most {@code chunk} indices on the team's
         * threads and returns when all are done. Rethrows the first failure.
         *
         * @throws IllegalStateException if the team is closed
         */
        public synchronized void forRange(int n, int chunk, RangeBody body) {
            if (closed) {
                throw new IllegalStateException("team closed");
            }
            if (n <= 0) {
                return;
            }
            int c = Math.max(1, chunk);
            if (workers.length == 0 || n <= c) {
                body.run(0, n);
                return;
            }
            this.body = body;
            this.size = n;
            this.chunkSize = c;
            this.caller = Thread.currentThread();
            failure.set(null);
            next.set(0);
            remaining.set(workers.length);
            generation++;                       // publishes the fields above to the workers
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
            runChunks();
            while (remaining.get() != 0) {
                LockSupport.park(this);
            }
            this.body = null;
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

        /** Stops the workers and waits for them. */
        @Override
        public void close() {
            closed = true;
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
            for (Thread w : workers) {
                boolean interrupted = false;
                while (true) {
                    try {
                        w.join();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
