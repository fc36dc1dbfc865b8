package org.recsys4j.spark.bench;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.recsys4j.core.sample.SampleSpec;
import org.recsys4j.spark.LocalSpark;
import org.recsys4j.spark.SparkSamples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Measures {@link SparkSamples} (protocol C's spec) on a MovieLens directory in one Spark session: the whole run
 * (read, both sides, join, split, encoder fit, encoding; the samples materialised once), and optionally the
 * write. Prints one JSON line with the events read, the samples, seconds, events per second and the process's
 * peak resident memory.
 *
 * <p>Arguments: {@code --data DIR} (required), {@code --master local[2]}, {@code --partitions N} (0 = Spark's
 * default parallelism), {@code --write DIR} (optional: also write Parquet + encoders there), {@code --out FILE}
 * (appends the JSON line). Run it with {@code recsys-spark/bench.sh samples}.
 */
public final class SamplesBench {
    private SamplesBench() {
    }

    /**
     * Runs the measurement.
     *
     * @param args {@code --name value} pairs (see the class comment)
     * @throws IOException if the data cannot be read or the output written
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int a = 0; a < args.length; a += 2) {
            if (!args[a].startsWith("--") || a + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[a] + "'");
            }
            opt.put(args[a].substring(2), args[a + 1]);
        }
        String data = opt.get("data");
        if (data == null || !Files.isDirectory(Path.of(data))) {
            throw new IllegalArgumentException("--data DIR is required (a MovieLens directory), got " + data);
        }
        String master = opt.getOrDefault("master", "local[2]");
        int partitions = Integer.parseInt(opt.getOrDefault("partitions", "0"));
        long t0 = System.nanoTime();
        try (SparkSession spark = LocalSpark.session(master, "recsys4j-samples-bench")) {
            double startS = (System.nanoTime() - t0) / 1e9;
            Dataset<Row> events = SparkSamples.readMovieLensRatings(spark, Path.of(data, "ratings.csv").toString());
            SparkSamples job = SparkSamples.builder(SampleSpec::protocolC, SparkSamples.movieLensCatalog(data))
                    .withPartitions(partitions).withLenient(true).build();
            long t = System.nanoTime();
            try (SparkSamples.Result r = job.run(events)) {
                double runS = (System.nanoTime() - t) / 1e9;
                long rows = events.count();
                double writeS = Double.NaN;
                if (opt.containsKey("write")) {
                    long tw = System.nanoTime();
                    r.write(Path.of(opt.get("write")));
                    writeS = (System.nanoTime() - tw) / 1e9;
                }
                String line = String.format(Locale.ROOT, "{\"data\": \"%s\", \"master\": \"%s\", \"partitions\": %d, "
                                + "\"spark\": \"%s\", \"java\": \"%s\", \"maxHeapMiB\": %d, \"startS\": %.1f, \"events\": %d, "
                                + "\"skipped\": %d, \"samples\": %d, \"runSeconds\": %.1f, \"eventsPerSecond\": %.0f, "
                                + "\"writeSeconds\": %.1f, \"peakRssMiB\": %d}",
                        Path.of(data).getFileName(), master, partitions > 0 ? partitions : spark.sparkContext().defaultParallelism(),
                        spark.version(), System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, startS,
                        rows, r.skippedEvents(), r.size(), runS, rows / runS, writeS, MllibBench.peakRssMiB());
                System.out.println("SAMPLES " + line);
                if (opt.containsKey("out")) {
                    Files.writeString(Path.of(opt.get("out")), line + System.lineSeparator(), StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
        }
    }
}
