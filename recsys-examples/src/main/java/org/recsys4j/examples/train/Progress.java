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
 * one line per step when the output is a file or a pipe (logs stay readable), or nothing. A step is
 * started with its amount of work (or 0 when unknown), moved forward from the worker's own progress
 * callback (a trainer's listener), and closed when done, which prints its time.
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
        /** A line when a step starts and one when it ends. */
        LINES,
        /** Nothing. */
        SILENT
    }

    private final Mode mode;
    private final PrintStream out;

    private Progress(Mode mode, PrintStream out) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.out = out;
    }

    /** Returns bars when the JVM has a console (a terminal), lines otherwise. */
    public static Progress auto(PrintStream out) {
        return of(System.console() != null ? Mode.BARS : Mode.LINES, out);
    }

    /** Returns progress in the given mode on {@code out}. */
    public static Progress of(Mode mode, PrintStream out) {
        return new Progress(mode, mode == Mode.SILENT ? null : Objects.requireNonNull(out, "out"));
    }

    /** Returns progress that shows nothing. */
    public static Progress silent() {
        return new Progress(Mode.SILENT, null);
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
        return switch (mode) {
            case SILENT -> new Step(task, null, null);
            case LINES -> {
                out.printf(Locale.ROOT, "  %s ...%n", task);
                out.flush();
                yield new Step(task, null, out);
            }
            case BARS -> {
                ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "  %-18s", task))
                        .setInitialMax(max > 0 ? max : -1).setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                        .setUpdateIntervalMillis(100).continuousUpdate()
                        .setConsumer(new ConsoleProgressBarConsumer(out, 110));
                if (unit != null && !unit.isEmpty()) {
                    b.setUnit(" " + unit, 1);
                }
                yield new Step(task, b.build(), out);
            }
        };
    }

    /** One running step. Thread-safe: the work may report from any one thread at a time. */
    public static final class Step implements AutoCloseable {
        private final String task;
        private final ProgressBar bar;
        private final PrintStream lines;
        private final long t0 = System.nanoTime();
        private volatile String message = "";
        private boolean closed;

        private Step(String task, ProgressBar bar, PrintStream lines) {
            this.task = task;
            this.bar = bar;
            this.lines = lines;
        }

        /** Moves the step to {@code done} units of work. */
        public synchronized void stepTo(long done) {
            if (bar != null && !closed) {
                bar.stepTo(done);
            }
        }

        /** Changes the expected amount of work. */
        public synchronized void maxHint(long max) {
            if (bar != null && !closed) {
                bar.maxHint(max);
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
            if (bar != null) {
                if (bar.getMax() > 0) {
                    bar.stepTo(bar.getMax());
                } else {
                    bar.maxHint(Math.max(1, bar.getCurrent()));
                    bar.stepTo(Math.max(1, bar.getCurrent()));
                }
                bar.close();
            } else if (lines != null) {
                lines.printf(Locale.ROOT, "  %s done in %.1f s%s%n", task, seconds(), message.isEmpty() ? "" : " (" + message + ")");
                lines.flush();
            }
        }
    }
}
