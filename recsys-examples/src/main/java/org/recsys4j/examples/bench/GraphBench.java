package org.recsys4j.examples.bench;

import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.embedding.graph.ItemGraph;
import org.recsys4j.embedding.seq.ItemSequences;
import org.recsys4j.embedding.seq.SequenceCorpus;
import org.recsys4j.examples.train.ServingModels;
import org.recsys4j.examples.train.TrainingSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The graph steps of {@code train} in isolation, for a data folder at scale: the liked sequences, the served item
 * graph ({@link ServingModels#itemGraph}) and DeepWalk's and Node2vec's walks over it ({@link ServingModels#deepWalk},
 * {@link ServingModels#node2vec} at {@link TrainingSettings#defaults()} with 2 threads), each step's wall time, CPU
 * time of the process, peak heap in use (as {@code bench scale} measures it, {@link MemoryWatch}) and the heap still
 * live after a full collection at its end. Nothing is written. Run it in a JVM of its own:
 *
 * <pre>{@code
 * java -cp recsys4j.jar org.recsys4j.examples.bench.GraphBench /work/scale-data/25m
 * }</pre>
 */
public final class GraphBench {
    private GraphBench() {
    }

    /**
     * Runs the steps on the MovieLens-format folder {@code args[0]} and prints one line per step.
     *
     * @param args the data folder
     * @throws IOException if the folder cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: GraphBench DATA_FOLDER");
            System.exit(2);
        }
        PrintStream o = System.out;
        o.println("# GraphBench " + args[0] + " — " + Machine.describe());
        try (MemoryWatch watch = new MemoryWatch()) {
            MovieLensData d = measure(watch, o, "load data", () -> {
                try {
                    return MovieLens.load(Path.of(args[0]), LoadOptions.lenient());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            SequenceCorpus liked = measure(watch, o, "liked sequences",
                    () -> ItemSequences.builder().withThreshold(ServingModels.LIKED).build().from(d.ratings()));
            o.printf(Locale.ROOT, "  %d sequences, %d tokens%n", liked.numSequences(), liked.numTokens());
            ItemGraph g = measure(watch, o, "item graph", () -> ServingModels.itemGraph(liked));
            o.printf(Locale.ROOT, "  %s%n", g);
            TrainingSettings s = TrainingSettings.defaults().withThreads(2);
            SequenceCorpus dw = measure(watch, o, "deepwalk walks", () -> ServingModels.deepWalk(s).walks(g));
            o.printf(Locale.ROOT, "  %d walks, %d tokens%n", dw.numSequences(), dw.numTokens());
            SequenceCorpus n2v = measure(watch, o, "node2vec walks", () -> ServingModels.node2vec(s).walks(g));
            o.printf(Locale.ROOT, "  %d walks, %d tokens%n", n2v.numSequences(), n2v.numTokens());
        }
    }

    private static <T> T measure(MemoryWatch watch, PrintStream o, String step, Supplier<T> body) {
        MemoryWatch.Window w = watch.open();
        long t0 = System.nanoTime();
        T result = body.get();
        double wall = (System.nanoTime() - t0) / 1e9;
        watch.close(w);
        System.gc();
        long live = MemoryWatch.heapUsed();
        o.printf(Locale.ROOT, "%-16s wall %7.2f s  CPU %7.2f s  peak heap %,7d MiB  live after %,7d MiB  peak RSS %,7d MiB%n",
                step, wall, w.cpuSeconds(), w.heapPeak() >> 20, live >> 20, w.rssPeak() >> 20);
        return result;
    }
}
