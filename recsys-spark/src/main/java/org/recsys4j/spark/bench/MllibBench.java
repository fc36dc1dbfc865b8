package org.recsys4j.spark.bench;

import org.apache.spark.ml.feature.Word2Vec;
import org.apache.spark.ml.feature.Word2VecModel;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.recsys4j.spark.LocalSpark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;

/**
 * Measures what a user would otherwise run beside Recsys4J's own training: Spark MLlib's implicit ALS and
 * Word2Vec on a MovieLens-format {@code ratings.csv}, in one Spark session (local mode by default), with the
 * settings of our served models where MLlib has them. Prints one JSON line per step with its wall-clock
 * seconds and the process's peak resident memory so far ({@code VmHWM} of {@code /proc/self/status}).
 *
 * <p>The data are read the way our {@code train} reads them: the ratings of at least
 * {@value #LIKED} are the likes; ALS fits them as implicit feedback (confidence {@code 1 + alpha}), Word2Vec
 * learns from each user's liked movies in time order (ties by movie id), one sentence per user.
 *
 * <ul>
 *   <li>ALS: rank {@code --rank} (32, our dim), {@code --alsIter} iterations (8, ours), alpha
 *       {@code --alpha} (10, ours), regParam {@code --reg} (0.1: MLlib scales λ by each user's and item's
 *       number of ratings, so our unscaled λ 50 has no equal), seed 42.</li>
 *   <li>Word2Vec: vectorSize {@code --rank}, window 5, {@code --w2vIter} iterations (10, our epochs), minCount
 *       1, step size {@code --w2vStep} (0.025, MLlib's default), {@code --w2vPartitions} partitions (2, one per
 *       core of local[2]; MLlib's default 1 leaves the second core idle). MLlib trains skip-gram with
 *       hierarchical softmax; ours uses 5 negative samples.</li>
 * </ul>
 *
 * <p>Arguments: {@code --ratings FILE} (required), {@code --steps als,word2vec}, {@code --master local[2]},
 * {@code --out FILE} (appends the JSON lines), and the settings above. Run it with {@code recsys-spark/bench.sh}.
 */
public final class MllibBench {
    /** The rating from which a rating is a like (ours: {@code ServingModels.LIKED}). */
    public static final double LIKED = 3.5;

    private MllibBench() {
    }

    /**
     * Runs the measurements.
     *
     * @param args {@code --name value} pairs (see the class comment)
     * @throws IOException if the output cannot be written
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int a = 0; a < args.length; a += 2) {
            if (!args[a].startsWith("--") || a + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[a] + "'");
            }
            opt.put(args[a].substring(2), args[a + 1]);
        }
        String ratings = opt.get("ratings");
        if (ratings == null) {
            throw new IllegalArgumentException("--ratings FILE is required (a MovieLens ratings.csv)");
        }
        if (!Files.isRegularFile(Path.of(ratings))) {
            throw new IllegalArgumentException("--ratings: no such file " + ratings);
        }
        String master = opt.getOrDefault("master", "local[2]");
        List<String> steps = List.of(opt.getOrDefault("steps", "als,word2vec").split(","));
        int rank = Integer.parseInt(opt.getOrDefault("rank", "32"));
        int alsIter = Integer.parseInt(opt.getOrDefault("alsIter", "8"));
        double alpha = Double.parseDouble(opt.getOrDefault("alpha", "10"));
        double reg = Double.parseDouble(opt.getOrDefault("reg", "0.1"));
        int w2vIter = Integer.parseInt(opt.getOrDefault("w2vIter", "10"));
        double w2vStep = Double.parseDouble(opt.getOrDefault("w2vStep", "0.025"));
        int w2vPartitions = Integer.parseInt(opt.getOrDefault("w2vPartitions", "2"));
        Path out = opt.containsKey("out") ? Path.of(opt.get("out")) : null;

        long t0 = System.nanoTime();
        try (SparkSession spark = LocalSpark.session(master, "recsys4j-mllib-bench")) {
            String data = Path.of(ratings).toAbsolutePath().getParent().getFileName().toString();
            Map<String, Object> base = new LinkedHashMap<>();
            base.put("data", data);
            base.put("master", master);
            base.put("spark", spark.version());
            base.put("java", System.getProperty("java.version"));
            base.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
            base.put("startS", seconds(t0));

            long t = System.nanoTime();
            StructType schema = new StructType().add("userId", DataTypes.IntegerType).add("movieId", DataTypes.IntegerType)
                    .add("rating", DataTypes.FloatType).add("timestamp", DataTypes.LongType);
            Dataset<Row> liked = spark.read().option("header", "true").schema(schema).csv(ratings)
                    .filter(col("rating").geq(LIKED)).persist(StorageLevel.MEMORY_AND_DISK());
            long likes = liked.count();
            Map<String, Object> read = new LinkedHashMap<>(base);
            read.put("step", "read");
            read.put("likes", likes);
            read.put("seconds", seconds(t));
            emit(read, out);

            if (steps.contains("als")) {
                t = System.nanoTime();
                ALS als = new ALS().setImplicitPrefs(true).setRank(rank).setMaxIter(alsIter).setAlpha(alpha)
                        .setRegParam(reg).setSeed(42).setUserCol("userId").setItemCol("movieId").setRatingCol("one");
                ALSModel model = als.fit(liked.withColumn("one", org.apache.spark.sql.functions.lit(1.0f)));
                long items = model.itemFactors().count();
                Map<String, Object> r = new LinkedHashMap<>(base);
                r.put("step", "als");
                r.put("settings", String.format(Locale.ROOT, "implicit rank=%d iter=%d alpha=%s reg=%s", rank, alsIter,
                        alpha, reg));
                r.put("items", items);
                r.put("seconds", seconds(t));
                emit(r, out);
            }
            if (steps.contains("word2vec")) {
                t = System.nanoTime();
                // each user's liked movies in (timestamp, movie id) order, as ItemSequences orders them
                Column byTime = array_sort(collect_list(struct(col("timestamp"), col("movieId"))));
                Dataset<Row> sentences = liked.groupBy(col("userId")).agg(byTime.as("events"))
                        .select(transform(col("events"), e -> e.getField("movieId").cast("string")).as("items"))
                        .persist(StorageLevel.MEMORY_AND_DISK());
                long users = sentences.count();
                double corpusS = seconds(t);
                long tf = System.nanoTime();
                Word2Vec w2v = new Word2Vec().setInputCol("items").setOutputCol("vector").setVectorSize(rank)
                        .setWindowSize(5).setMaxIter(w2vIter).setMinCount(1).setStepSize(w2vStep)
                        .setNumPartitions(w2vPartitions).setSeed(42).setMaxSentenceLength(Integer.MAX_VALUE);
                Word2VecModel model = w2v.fit(sentences);
                long vectors = model.getVectors().count();
                Map<String, Object> r = new LinkedHashMap<>(base);
                r.put("step", "word2vec");
                r.put("settings", String.format(Locale.ROOT, "skip-gram HS dim=%d window=5 iter=%d step=%s partitions=%d",
                        rank, w2vIter, w2vStep, w2vPartitions));
                r.put("sentences", users);
                r.put("tokens", likes);
                r.put("vectors", vectors);
                r.put("corpusSeconds", corpusS);
                r.put("fitSeconds", seconds(tf));
                r.put("seconds", seconds(t));
                emit(r, out);
                sentences.unpersist();
            }
            liked.unpersist();
        }
        Map<String, Object> total = new LinkedHashMap<>();
        total.put("step", "total");
        total.put("seconds", seconds(t0));
        emit(total, out);
    }

    private static double seconds(long since) {
        return Math.round((System.nanoTime() - since) / 1e6) / 1e3;
    }

    private static void emit(Map<String, Object> fields, Path out) throws IOException {
        fields.put("peakRssMiB", peakRssMiB());
        StringJoiner j = new StringJoiner(", ", "{", "}");
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            Object v = e.getValue();
            j.add("\"" + e.getKey() + "\": " + (v instanceof Number ? v.toString() : "\"" + v + "\""));
        }
        String line = j.toString();
        System.out.println("MLLIB " + line);
        if (out != null) {
            Files.writeString(out, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    /** Returns the peak resident set of this process in MiB ({@code VmHWM}), or -1 where /proc is absent. */
    public static long peakRssMiB() {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("/proc/self/status")));
            for (String l : lines) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
