package org.recsys4j.core.sample;

import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a test: measures samples/s, the bytes one build allocates and the bytes the set keeps, of
 * {@link SampleSet#build} under protocol C on a MovieLens directory (loading excluded),
 * and optionally writes every sample's raw values as CSV to diff against {@code features.py --dump-csv}.
 * Run from recsys-core after {@code mvn test-compile}:
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     org.recsys4j.core.sample.SampleSetTiming DIR [rounds] [dump.csv]
 * </pre>
 * The figure is the best of {@code rounds} builds after two warm-up builds; each build starts from a fresh
 * {@link Interactions} (its by-user and by-item views are built inside the timed region).
 */
public final class SampleSetTiming {
    private SampleSetTiming() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        MovieLensData ml = MovieLens.load(dir, LoadOptions.lenient());
        SampleSet s = null;
        long firstNs = 0;
        double best = Double.MAX_VALUE;
        long allocated = 0;
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = -2; r < rounds; r++) {
            // a fresh log each round so that its lazily built CSR views are part of the time
            Interactions log = ml.ratings();
            Interactions fresh = Interactions.wrap(log.users(), log.items(), log.userColumn(), log.itemColumn(),
                    log.valueColumn(), log.timestampColumn());
            long a0 = threads.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            s = SampleSet.build(fresh, ml.catalog(), SampleSpec.protocolC());
            long ns = System.nanoTime() - t0;
            allocated = threads.getCurrentThreadAllocatedBytes() - a0;
            if (r == -2) {
                firstNs = ns;
            }
            if (r >= 0) {
                best = Math.min(best, ns / 1e9);
            }
        }
        System.out.printf("%s: %,d ratings -> %,d samples; first (cold) build %.3f s = %,.0f samples/s; "
                        + "best of %d warm builds %.3f s = %,.0f samples/s (%d cores, %s)%n",
                dir.getFileName(), ml.ratings().size(), s.size(), firstNs / 1e9, s.size() / (firstNs / 1e9),
                rounds, best, s.size() / best, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"));
        // what the set itself keeps: heap in use with and without it, the log and its views held in both
        Interactions log = ml.ratings();
        Interactions fresh = Interactions.wrap(log.users(), log.items(), log.userColumn(), log.itemColumn(),
                log.valueColumn(), log.timestampColumn());
        fresh.byUser();
        fresh.byItem();
        s = null;
        long before = usedHeap();
        s = SampleSet.build(fresh, ml.catalog(), SampleSpec.protocolC());
        long after = usedHeap();
        System.out.printf("allocated by one build %.1f MB; kept by the sample set %.1f MB (%.0f bytes per sample)%n",
                allocated / 1e6, (after - before) / 1e6, (double) (after - before) / s.size());
        if (args.length > 2) {
            dump(s, Path.of(args[2]));
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void dump(SampleSet s, Path out) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            w.write("split,userId,movieId,timestamp,rating,label,year,movieRatingCount,movieAvgRating,"
                    + "movieRatingStddev,userRatingCount,userAvgRating,userRatingStddev,recentPositive,"
                    + "favouriteGenres,crossBucket\n");
            for (int i = 0; i < s.size(); i++) {
                StringBuilder b = new StringBuilder();
                b.append(switch (s.part(i)) {
                    case FIT -> "fit";
                    case VALIDATION -> "val";
                    case TEST -> "test";
                }).append(',').append(s.userId(i)).append(',').append(s.itemId(i)).append(',')
                        .append(s.timestamp(i)).append(',').append(s.value(i)).append(',')
                        .append(s.label(i) ? 1 : 0).append(',');
                s.catalog().year(s.itemIndex(i)).ifPresent(b::append);
                b.append(',').append(s.itemCount(i)).append(',').append(s.itemMean(i)).append(',')
                        .append(s.itemStddev(i)).append(',').append(s.userCount(i)).append(',')
                        .append(s.userMean(i)).append(',').append(s.userStddev(i)).append(',');
                long[] rp = s.recentPositiveIds(i);
                for (int j = 0; j < rp.length; j++) {
                    b.append(j > 0 ? " " : "").append(rp[j]);
                }
                b.append(',').append(String.join("|", s.favouriteValues(i, ProtocolCFeatures.GENRES))).append(',')
                        .append(s.crossBucket(i)).append('\n');
                w.write(b.toString());
            }
        }
    }
}
