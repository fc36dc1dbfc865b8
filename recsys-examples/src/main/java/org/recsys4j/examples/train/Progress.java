package org.recsys4j.examples.train;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * Progress reporting for long steps: console progress bars (the progressbar library) on a terminal,
 * lines when the output is a file or a pipe, or nothing. A step is started with its amount of work (or 0
 * when unknown), moved forward from the worker's own progress callback (a trainer's listener), and closed
 * when done, which prints its time.
 *
 * <p>In {@link Mode#LINES} a step prints a line when it starts, a line every {@linkplain #lineInterval() few
 * seconds} while it runs (its share done, units, elapsed time, rate and time left when its amount of work is
 * known, and its latest message: the epoch and loss of a trainer), and a line when it ends; a step that
 * ends within the interval prints only its two lines, so logs stay readable. A step whose work reports no
 * progress (an index build) still prints its elapsed time at each interval, so a log shows which step is
 * running and for how long.
 *
 * <pre>{@code
 * Progress progress = Progress.auto(System.out);
 * try (Progress.Step step = progress.start("item2vec", tokens, "tok")) {
 *     Word2Vec.builder().listener(p -> step.stepTo(p.tokensDone())).build().fit(corpus);
 * }
 * }</pre>
 */
public final class Progress {
    /** How progress is shown. */
    public enum Mode {
        /** Redrawn progress bars (needs a terminal). */
        BARS,
        /** A line when a step starts, one every {@link #lineInterval()} while it runs, and one when it ends. */
        LINES,
        /** Nothing. */
        SILENT
    }

    /** How often a running step prints a line in {@link Mode#LINES} ({@link #of(Mode, PrintStream)}). */
    public static final java.time.Duration DEFAULT_LINE_INTERVAL = java.time.Duration.ofSeconds(10);

    /**
     * Told when each step starts and ends, on the thread that starts or closes it (e.g. {@code bench scale} measures
     * each step's time and memory); steps may nest (a corpus built inside a training step).
     */
    public interface Observer {
        /** Called when the step named {@code task} starts. */
        void started(String task);

        /** Called when the step named {@code task} ends, after {@code seconds}. */
        void ended(String task, double seconds);
    }

    private static final Observer NO_OBSERVER = new Observer() {
        @Override
        public void started(String task) {
        }

        @Override
        public void ended(String task, double seconds) {
        }
    };

    private final Mode mode;
    private final PrintStream out;
    private final java.time.Duration lineInterval;
    private final Observer observer;

    /**
     * The innermost step open on each thread: a step started while another is open on the same thread is nested in
     * it, and a step prints its periodic lines only while no step nested in it is open. Steps run on other threads
     * (a training run beside another) are not nested and report on their own.
     */
    private final ThreadLocal<Step> current;

    private Progress(Mode mode, PrintStream out, java.time.Duration lineInterval) {
        this(mode, out, lineInterval, NO_OBSERVER, new ThreadLocal<>());
    }

    private Progress(Mode mode, PrintStream out, java.time.Duration lineInterval, Observer observer,
                     ThreadLocal<Step> current) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.out = out;
        this.lineInterval = lineInterval;
        this.observer = observer;
        this.current = current;
    }

    /** Returns this progress display that also tells {@code observer} when each step starts and ends. */
    public Progress withObserver(Observer observer) {
        return new Progress(mode, out, lineInterval, Objects.requireNonNull(observer, "observer"), current);
    }

    /** Returns bars when the JVM has a console (a terminal), lines otherwise. */
    public static Progress auto(PrintStream out) {
        return of(System.console() != null ? Mode.BARS : Mode.LINES, out);
    }

    /** Returns progress in the given mode on {@code out}. */
    public static Progress of(Mode mode, PrintStream out) {
        return new Progress(mode, mode == Mode.SILENT ? null : Objects.requireNonNull(out, "out"), DEFAULT_LINE_INTERVAL);
    }

    /**
     * Returns progress in {@link Mode#LINES} on {@code out} that prints a line for each running step every
     * {@code interval}.
     *
     * @throws IllegalArgumentException if the interval is not positive
     */
    public static Progress lines(PrintStream out, java.time.Duration interval) {
        Objects.requireNonNull(out, "out");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval: " + interval + ", must be positive");
        }
        return new Progress(Mode.LINES, out, interval);
    }

    /** Returns progress that shows nothing. */
    public static Progress silent() {
        return new Progress(Mode.SILENT, null, DEFAULT_LINE_INTERVAL);
    }

    /** Returns how often a running step prints a line in {@link Mode#LINES}. */
    public java.time.Duration lineInterval() {
        return lineInterval;
    }

    /** Returns the mode. */
    public Mode mode() {
        return mode;
    }

    /**
     * Starts a step.
     *
     * @param task the step's name
     * @param max  the amount of work, or 0 if unknown (an indefinite bar)
     * @param unit the unit of work for the bar (e.g. {@code tok}, {@code it}), or "" for none
     * @return the step; close it when done
     */
    public Step start(String task, long max, String unit) {
        Objects.requireNonNull(task, "task");
        observer.started(task);
        Step step = switch (mode) {
            case SILENT -> new Step(task, null, null, max, unit, null);
            case LINES -> {
                synchronized (out) {
                    out.printf(Locale.ROOT, "  %s ...%n", task);
                    out.flush();
                }
                yield new Step(task, null, out, max, unit, lineInterval);
            }
            case BARS -> {
                ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "  %-18s", task))
                        .setInitialMax(max > 0 ? max : -1).setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                        .setUpdateIntervalMillis(100).continuousUpdate()
                        .setConsumer(new ConsoleProgressBarConsumer(out, 110));
                if (unit != null && !unit.isEmpty()) {
                    b.setUnit(" " + unit, 1);
                }
                yield new Step(task, b.build(), out, max, unit, null);
            }
        };
        step.observer = observer;
        step.current = current;
        step.parent = current.get();
        if (step.parent != null) {
            step.parent.children.incrementAndGet();
        }
        current.set(step);
        return step;
    }

    /** The daemon thread that prints the periodic lines of the running steps (one for the JVM, started on first use). */
    private static final java.util.concurrent.ScheduledExecutorService TICKER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "recsys4j-progress");
                t.setDaemon(true);
                return t;
            });

    /** One running step. Thread-safe: the work may report from any one thread at a time. */
    public static final class Step implements AutoCloseable {
        private final String task;
        private final ProgressBar bar;
        private final PrintStream lines;
        private final String unit;
        private final long t0 = System.nanoTime();
        private final java.util.concurrent.ScheduledFuture<?> ticks;
        private volatile String message = "";
        private long done;
        private long max;
        private boolean closed;
        private Observer observer = NO_OBSERVER;
        private ThreadLocal<Step> current;
        private Step parent;
        private final java.util.concurrent.atomic.AtomicInteger children = new java.util.concurrent.atomic.AtomicInteger();

        private Step(String task, ProgressBar bar, PrintStream lines, long max, String unit, java.time.Duration every) {
            this.task = task;
            this.bar = bar;
            this.lines = lines;
            this.max = Math.max(0, max);
            this.unit = unit == null ? "" : unit;
            long nanos = every == null ? 0 : every.toNanos();
            this.ticks = lines != null && bar == null && nanos > 0
                    ? TICKER.scheduleAtFixedRate(this::printLine, nanos, nanos, java.util.concurrent.TimeUnit.NANOSECONDS)
                    : null;
        }

        /** Moves the step to {@code done} units of work. */
        public synchronized void stepTo(long done) {
            this.done = done;
            if (bar != null && !closed) {
                bar.stepTo(done);
            }
        }

        /** Changes the expected amount of work. */
        public synchronized void maxHint(long max) {
            this.max = Math.max(0, max);
            if (bar != null && !closed) {
                bar.maxHint(max);
            }
        }

        /**
         * Returns the line a running step prints in {@link Mode#LINES}: {@code "  item2vec: 42% (5,040,000 of
         * 12,000,000 tok), 12.0 s, 420,000 tok/s, about 17 s left; epoch 5/10"}, or the elapsed time alone when the
         * amount of work is unknown.
         */
        synchronized String line() {
            double sec = seconds();
            StringBuilder b = new StringBuilder("  ").append(task).append(": ");
            String u = unit.isEmpty() ? "" : " " + unit;
            if (max > 0 && done > 0) {
                double f = Math.min(1, done / (double) max);
                b.append(String.format(Locale.ROOT, "%.0f%% (%,d of %,d%s), %.1f s", 100 * f, done, max, u, sec));
                double rate = done / Math.max(sec, 1e-9);
                b.append(String.format(Locale.ROOT, rate < 10 ? ", %.2f%s/s" : ", %,.0f%s/s", rate, u));
                if (f < 1) {
                    b.append(String.format(Locale.ROOT, ", about %.0f s left", sec * (1 - f) / f));
                }
            } else if (done > 0) {
                b.append(String.format(Locale.ROOT, "%,d%s, %.1f s", done, u, sec));
            } else {
                b.append(String.format(Locale.ROOT, "running, %.1f s", sec));
            }
            if (!message.isEmpty()) {
                b.append("; ").append(message);
            }
            return b.toString();
        }

        private synchronized void printLine() {
            if (closed || children.get() > 0) {   // a nested step is running: it reports
                return;
            }
            String l = line();
            synchronized (lines) {   // the step's lock, then the stream's: the order close() takes them in
                lines.println(l);
                lines.flush();
            }
        }

        /** Sets a short message shown after the bar (and in the closing line). */
        public synchronized void message(String m) {
            message = m == null ? "" : m;
            if (bar != null && !closed) {
                bar.setExtraMessage(" " + message);
            }
        }

        /** Returns the seconds since the step started. */
        public double seconds() {
            return (System.nanoTime() - t0) / 1e9;
        }

        /** Ends the step: completes the bar, or prints its line with the time taken. */
        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (ticks != null) {
                ticks.cancel(false);
            }
            if (parent != null) {
                parent.children.decrementAndGet();
            }
            if (current != null && current.get() == this) {
                current.set(parent);
            }
            observer.ended(task, seconds());
            if (bar != null) {
                if (bar.getMax() > 0) {
                    bar.stepTo(bar.getMax());
                } else {
                    bar.maxHint(Math.max(1, bar.getCurrent()));
                    bar.stepTo(Math.max(1, bar.getCurrent()));
                }
                bar.close();
            } else if (lines != null) {
                synchronized (lines) {
                    lines.printf(Locale.ROOT, "  %s done in %.1f s%s%n", task, seconds(), message.isEmpty() ? "" : " (" + message + ")");
                    lines.flush();
                }
            }
        }
    }
}
