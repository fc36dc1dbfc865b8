package org.recsys4j.core.pipeline;

import org.recsys4j.core.util.Parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bounded executor that runs pipeline stages under a {@link Deadline}: at most {@link #maxThreads()}
 * threads and a queue of at most {@link #queueCapacity()} waiting stages, shared by every
 * {@link Recommender} and multi-channel recall given it (by default all of them share {@link #common()}).
 * Thread-safe.
 *
 * <p><b>What a call promises</b> ({@link #call}, {@link #callAll}):
 * <ul>
 *   <li>the caller waits at most until the deadline, whatever the task does: a task still running then
 *       is cancelled (its thread interrupted, and the task sees its deadline passed) and reported
 *       {@link Status#TIMED_OUT}; a task still queued is removed from the queue and never starts;</li>
 *   <li>when every thread is busy and the queue is full, the call returns at once with
 *       {@link Status#REJECTED}, without blocking and without starting a thread: the caller uses its
 *       fallback;</li>
 *   <li>a task that ignores both its deadline and interruption keeps its thread until it ends, so
 *       under overload such tasks fill the pool and new stages are rejected; the number of threads
 *       never exceeds {@link #maxThreads()} ({@link Stats#lateRunning()} counts the tasks running after
 *       their caller gave up);</li>
 *   <li>a call made from inside a stage (a merger running its channels from a pipeline's recall stage)
 *       does not wait for a free thread: tasks the pool has not started yet run on the calling thread,
 *       so nested stages never starve each other in a saturated pool; the outer stage already bounds
 *       the real caller's wait.</li>
 * </ul>
 * The threads are daemons named {@link #threadNamePrefix()}{@code N}, all started when the executor is
 * built (so no stage waits for a thread to be created) and stopped by {@link #close()}.
 *
 * <pre>{@code
 * StageExecutor stages = StageExecutor.builder("serving").withThreads(16).withQueueCapacity(64).build();
 * Recommender rec = Recommender.builder("main", recall).withRecallLimit(300).withExecutor(stages)
 *         .withBudget(Stage.RECALL, Duration.ofMillis(50)).build();
 * StageExecutor.Result<List<Candidate>> r = stages.call(() -> source.recall(request, 100),
 *         Deadline.after(Duration.ofMillis(20)));
 * }</pre>
 */
public final class StageExecutor implements AutoCloseable {
    /**
     * The default maximum number of threads: four per available processor ({@link Parallel#availableThreads()}),
     * at least 8. Stage threads mostly wait (for a store, a model server, a channel's deadline), so they are
     * sized for concurrent requests, not for computation (docs/architecture.md, Threading).
     */
    public static final int DEFAULT_THREADS = Math.max(8, 4 * Parallel.availableThreads());
    /** The default capacity of the queue of stages waiting for a thread. */
    public static final int DEFAULT_QUEUE_CAPACITY = 256;

    /** How a call ended. */
    public enum Status {
        /** The task returned a value in time. */
        OK,
        /** The task threw (other than by giving up at its deadline). */
        FAILED,
        /** The deadline passed first: the task was cancelled (or gave up by itself, or never started). */
        TIMED_OUT,
        /** Every thread was busy and the queue full (or the executor closed): the task was not run. */
        REJECTED
    }

    /**
     * The outcome of one task: how it ended, its value when it returned one in time, why it did not
     * otherwise, and how long the caller waited. Immutable.
     *
     * @param <T> the value's type
     */
    public static final class Result<T> {
        private final Status status;
        private final T value;
        private final Throwable error;
        private final long nanos;

        Result(Status status, T value, Throwable error, long nanos) {
            this.status = Objects.requireNonNull(status, "status");
            if ((status == Status.OK) != (error == null)) {
                throw new IllegalArgumentException("status " + status + " with error " + error);
            }
            this.value = value;
            this.error = error;
            this.nanos = nanos;
        }

        /** Returns how the task ended. */
        public Status status() {
            return status;
        }

        /** Returns the task's value when it returned one in time ({@link Status#OK}); empty otherwise, or if it returned null. */
        public Optional<T> value() {
            return Optional.ofNullable(value);
        }

        /**
         * Returns why the task did not succeed (its exception, a {@link DeadlineExceededException}, a
         * {@link RejectedExecutionException}); empty when {@link Status#OK}.
         */
        public Optional<Throwable> error() {
            return Optional.ofNullable(error);
        }

        /** Returns how long the caller waited for the outcome, in nanoseconds. */
        public long nanos() {
            return nanos;
        }

        @Override
        public String toString() {
            return "Result[" + status + ", " + (status == Status.OK ? value : describe()) + ", " + nanos + " ns]";
        }

        /** Returns true if the task returned a value in time. */
        public boolean ok() {
            return status == Status.OK;
        }

        /**
         * Returns a one-line description of a failure: {@code "IllegalStateException: store down"} for a
         * failed task, the message for a late or rejected one; {@code "ok"} when it succeeded.
         */
        public String describe() {
            if (status == Status.OK) {
                return "ok";
            }
            String msg = error.getMessage();
            if (status == Status.FAILED) {
                return error.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
            }
            return msg == null ? status.name().toLowerCase(java.util.Locale.ROOT) : msg;
        }
    }

    /**
     * A snapshot of the executor's counters.
     *
     * @param name          the executor's name
     * @param maxThreads    the most threads it ever runs
     * @param threads       the threads alive now
     * @param active        the threads running a task now
     * @param queued        the tasks waiting for a thread
     * @param queueCapacity the most tasks that may wait
     * @param completed     tasks that ended (in time or not)
     * @param rejected      calls refused because the pool and queue were full
     * @param timedOut      calls whose deadline passed before the task ended
     * @param lateRunning   tasks still running after their caller gave up (they ignore their deadline)
     */
    public record Stats(String name, int maxThreads, int threads, int active, int queued, int queueCapacity,
                        long completed, long rejected, long timedOut, int lateRunning) {
    }

    private static final class Holder {
        static final StageExecutor COMMON = new StageExecutor("common", DEFAULT_THREADS, DEFAULT_QUEUE_CAPACITY, true);
    }

    /** A pool thread; {@link #inStage()} recognises it. */
    private static final class Worker extends Thread {
        Worker(Runnable r, String name) {
            super(r, name);
            setDaemon(true);
        }
    }

    private final String name;
    private final String prefix;
    private final int maxThreads;
    private final int queueCapacity;
    private final boolean common;
    private final ThreadPoolExecutor pool;
    /** Admission: one permit per thread and per queue slot; a task holds one from submission to its end. */
    private final Semaphore admitted;
    private final LongAdder rejected = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final AtomicInteger lateRunning = new AtomicInteger();

    private StageExecutor(String name, int threads, int queueCapacity, boolean common) {
        this.name = name;
        this.prefix = "recsys4j-stage-" + name + "-";
        this.maxThreads = threads;
        this.queueCapacity = queueCapacity;
        this.common = common;
        this.admitted = new Semaphore(threads + queueCapacity);
        AtomicInteger count = new AtomicInteger();
        // the queue itself is unbounded: the permits bound it, and idle threads count as free places, so a
        // burst is never refused while threads are about to take it
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> new Worker(r, prefix + count.incrementAndGet()),
                new ThreadPoolExecutor.AbortPolicy());
        // all threads wait from the start: a stage never pays for a thread's creation inside its budget
        this.pool.prestartAllCoreThreads();
    }

    /**
     * Returns the process-wide executor used by every pipeline not given one: {@link #DEFAULT_THREADS}
     * threads named {@code recsys4j-stage-common-N}, a queue of {@link #DEFAULT_QUEUE_CAPACITY}. Created at
     * first use; {@link #close()} leaves it running (its threads are daemons).
     */
    public static StageExecutor common() {
        return Holder.COMMON;
    }

    /**
     * Returns a builder.
     *
     * @param name the executor's name, part of its threads' names ({@code recsys4j-stage-<name>-N});
     *             letters, digits, '.', '_' and '-'
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Returns the executor's name. */
    public String name() {
        return name;
    }

    /** Returns the prefix of its threads' names, {@code recsys4j-stage-<name>-}. */
    public String threadNamePrefix() {
        return prefix;
    }

    /** Returns the most threads the executor runs at once. */
    public int maxThreads() {
        return maxThreads;
    }

    /** Returns the most tasks that may wait for a thread. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** Returns the current counters. */
    public Stats stats() {
        return new Stats(name, maxThreads, pool.getPoolSize(), pool.getActiveCount(), pool.getQueue().size(), queueCapacity,
                pool.getCompletedTaskCount(), rejected.sum(), timedOut.sum(), lateRunning.get());
    }

    /** Returns true if the current thread runs a stage of some {@link StageExecutor}. */
    static boolean inStage() {
        return Thread.currentThread() instanceof Worker;
    }

    /**
     * Runs a task on the executor and returns its outcome by the deadline at the latest (see the class
     * comment). A deadline that has already passed returns {@link Status#TIMED_OUT} without running
     * the task; with {@link Deadline#none()} the caller waits until the task ends. Called from inside a
     * stage, the task runs on the calling thread.
     *
     * @param task     the work; it should check {@code deadline} in long loops
     * @param deadline when the caller stops waiting
     * @param <T>      the value's type
     */
    public <T> Result<T> call(Callable<? extends T> task, Deadline deadline) {
        List<Callable<? extends T>> one = List.of(Objects.requireNonNull(task, "task"));
        return this.<T>callAll(one, deadline).get(0);
    }

    /**
     * Runs tasks in parallel and returns their outcomes in the order given, all by the deadline at the
     * latest. Tasks the executor refuses are {@link Status#REJECTED}; called from inside a stage, tasks
     * the pool has not started (or refused) run on the calling thread, one after another, until the
     * deadline.
     *
     * @param tasks    the work; each should check {@code deadline} in long loops
     * @param deadline when the caller stops waiting for all of them
     * @param <T>      the values' type
     */
    public <T> List<Result<T>> callAll(List<? extends Callable<? extends T>> tasks, Deadline deadline) {
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(deadline, "deadline");
        long t0 = System.nanoTime();
        int n = tasks.size();
        @SuppressWarnings("unchecked")
        Result<T>[] out = new Result[n];
        if (deadline.expired() || Thread.currentThread().isInterrupted()) {
            String why = deadline.expired() ? "no time left (" + deadline + ")" : "the caller was interrupted";
            Arrays.fill(out, new Result<T>(Status.TIMED_OUT, null, new DeadlineExceededException(why + "; not started"), 0));
            timedOut.add(n);
            return Arrays.asList(out);
        }
        boolean helping = inStage();
        List<Task<T>> started = new ArrayList<>(n);
        boolean[] queued = new boolean[n];
        for (int i = 0; i < n; i++) {
            Task<T> t = new Task<>(Objects.requireNonNull(tasks.get(i), "task"), deadline);
            started.add(t);
            if (admitted.tryAcquire()) {
                t.holdsPermit = true;
                try {
                    pool.execute(t);
                    queued[i] = true;
                    continue;
                } catch (RejectedExecutionException e) {
                    t.release();   // closed
                }
            }
            if (!helping) {
                rejected.increment();
                out[i] = new Result<>(Status.REJECTED, null, new RejectedExecutionException(saturated()),
                        System.nanoTime() - t0);
            }
        }
        if (helping) {
            // run on this thread what the pool has not started; remove() succeeds only while still queued
            for (int i = 0; i < n; i++) {
                Task<T> t = started.get(i);
                if (out[i] == null && (!queued[i] || pool.remove(t))) {
                    if (deadline.expired()) {
                        t.cancel(false);
                        t.release();
                        timedOut.increment();
                        out[i] = new Result<>(Status.TIMED_OUT, null, new DeadlineExceededException(
                                "no time left (" + deadline + "); not started"), System.nanoTime() - t0);
                    } else {
                        t.run();
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (out[i] == null) {
                out[i] = await(started.get(i), deadline, t0);
            }
        }
        return Arrays.asList(out);
    }

    private String saturated() {
        if (pool.isShutdown()) {
            return "stage executor '" + name + "' is closed";
        }
        int held = maxThreads + queueCapacity - admitted.availablePermits();
        return "stage executor '" + name + "' is saturated (" + Math.min(held, maxThreads) + " of " + maxThreads
                + " threads busy, " + Math.max(0, held - maxThreads) + " of " + queueCapacity + " queue slots taken)";
    }

    private <T> Result<T> await(Task<T> t, Deadline deadline, long t0) {
        try {
            T v = deadline.isBounded() ? t.get(Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS) : t.get();
            return new Result<>(Status.OK, v, null, System.nanoTime() - t0);
        } catch (TimeoutException e) {
            abandon(t);
            timedOut.increment();
            long waited = System.nanoTime() - t0;
            return new Result<>(Status.TIMED_OUT, null, new DeadlineExceededException(t.started()
                    ? "still running at its deadline; cancelled" : "not started before its deadline (executor busy)"),
                    waited);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof CancellationException) {
                // the task gave up by itself: its deadline passed or its thread was interrupted
                timedOut.increment();
                return new Result<>(Status.TIMED_OUT, null, cause, System.nanoTime() - t0);
            }
            return new Result<>(Status.FAILED, null, cause, System.nanoTime() - t0);
        } catch (CancellationException e) {
            timedOut.increment();
            return new Result<>(Status.TIMED_OUT, null, new DeadlineExceededException("cancelled before its deadline"
                    + (pool.isShutdown() ? " (executor closed)" : "")), System.nanoTime() - t0);
        } catch (InterruptedException e) {
            abandon(t);
            Thread.currentThread().interrupt();
            timedOut.increment();
            return new Result<>(Status.TIMED_OUT, null, new CancellationException("the caller was interrupted; cancelled"),
                    System.nanoTime() - t0);
        }
    }

    private void abandon(Task<?> t) {
        t.cancel(true);
        if (pool.remove(t)) {
            t.release();   // still queued: it will never run
        }
        t.abandon();
    }

    /** A stage task: does not start once its deadline passed; counts itself while running after its caller left. */
    private final class Task<T> extends FutureTask<T> {
        private static final int NEW = 0;
        private static final int RUNNING = 1;
        private static final int DONE = 2;
        private static final int ABANDONED = 3;
        private final AtomicInteger state;
        private final AtomicBoolean released = new AtomicBoolean();
        /** Whether the task holds an admission permit (it was queued on the pool). */
        boolean holdsPermit;

        Task(Callable<? extends T> work, Deadline deadline) {
            this(work, deadline, new AtomicInteger());
        }

        private Task(Callable<? extends T> work, Deadline deadline, AtomicInteger state) {
            super(() -> {
                if (!state.compareAndSet(NEW, RUNNING)) {
                    throw new CancellationException("abandoned before it started");
                }
                try {
                    deadline.check("stage waiting for a thread");
                    return work.call();
                } finally {
                    if (!state.compareAndSet(RUNNING, DONE)) {
                        lateRunning.decrementAndGet();
                        state.set(DONE);
                    }
                }
            });
            this.state = state;
        }

        boolean started() {
            return state.get() != NEW;
        }

        /**
         * Gives the permit back before the value is published: a caller that saw its task end may at once
         * submit as many tasks as there are places, and must find every place free.
         */
        @Override
        protected void set(T value) {
            release();
            super.set(value);
        }

        /** Gives the permit back before the failure is published (see {@link #set}). */
        @Override
        protected void setException(Throwable t) {
            release();
            super.setException(t);
        }

        /** Runs the task (or skips it if cancelled), then gives its admission permit back if it still holds it. */
        @Override
        public void run() {
            try {
                super.run();
            } finally {
                release();
            }
        }

        /** Gives the admission permit back, once. */
        void release() {
            if (holdsPermit && released.compareAndSet(false, true)) {
                admitted.release();
            }
        }

        void abandon() {
            lateRunning.incrementAndGet();
            if (!state.compareAndSet(RUNNING, ABANDONED)) {
                lateRunning.decrementAndGet();
            }
        }
    }

    /**
     * Stops the executor: queued stages never start, running ones are interrupted, later calls are
     * {@link Status#REJECTED}. Does nothing for {@link #common()}.
     */
    @Override
    public void close() {
        if (!common) {
            pool.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "StageExecutor[" + name + ", " + maxThreads + " threads, queue " + queueCapacity + "]";
    }

    /** Configures a {@link StageExecutor}; not thread-safe. Setters only store; {@link #build()} checks. */
    public static final class Builder {
        private final String name;
        private int threads = DEFAULT_THREADS;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;

        private Builder(String name) {
            this.name = name;
        }

        /** Sets the most threads, at least 1 (default {@link StageExecutor#DEFAULT_THREADS}); each runs one stage at a time. */
        public Builder withThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Sets how many stages may wait for a thread, at least 1 (default
         * {@value StageExecutor#DEFAULT_QUEUE_CAPACITY}); beyond that a stage is rejected at once.
         */
        public Builder withQueueCapacity(int capacity) {
            this.queueCapacity = capacity;
            return this;
        }

        /**
         * Returns the executor, its threads started.
         *
         * @throws NullPointerException     if the name is null
         * @throws IllegalArgumentException naming the setting: a name with characters other than letters,
         *                                  digits, '.', '_' and '-', fewer than 1 thread or queue place
         */
        public StageExecutor build() {
            Objects.requireNonNull(name, "name");
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("name: '" + name + "', must be letters, digits, '.', '_' or '-'");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads: " + threads + ", must be >= 1");
            }
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queueCapacity: " + queueCapacity + ", must be >= 1");
            }
            return new StageExecutor(name, threads, queueCapacity, false);
        }
    }
}
