package org.recsys4j.core.feature;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times fitting and encoding of a small protocol-C-like schema over synthetic rows, single thread.
 * Not a test; run by hand after {@code mvn -pl recsys-core test-compile}:
 * <pre>
 * java -Xmx2g -cp recsys-core/target/classes:recsys-core/target/test-classes:$FASTUTIL \
 *     org.recsys4j.core.feature.FeatureSchemaThroughput [rows] [repeats]
 * </pre>
 */
public final class FeatureSchemaThroughput {
    private FeatureSchemaThroughput() {
    }

    record Row(long user, long movie, List<String> genres, long[] recent, double year, double count, double avg, long time) {
    }

    static final String[] GENRES = {"Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary",
        "Drama", "Fantasy", "Film-Noir", "Horror", "IMAX", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller",
        "War", "Western"};

    static List<Row> rows(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int g = 1 + r.nextInt(3);
            List<String> genres = new ArrayList<>(g);
            for (int k = 0; k < g; k++) {
                genres.add(GENRES[r.nextInt(GENRES.length)]);
            }
            long[] recent = new long[r.nextInt(6)];
            for (int k = 0; k < recent.length; k++) {
                recent[k] = 1 + r.nextInt(20_000);
            }
            rows.add(new Row(1 + r.nextInt(100_000), 1 + r.nextInt(20_000), genres, recent,
                    r.nextInt(20) == 0 ? Double.NaN : 1920 + r.nextInt(100), r.nextInt(2_000), 0.5 + 4.5 * r.nextDouble(),
                    1_000_000_000L + r.nextLong(700_000_000L)));
        }
        return rows;
    }

    /** Returns the schema; without {@code recentPositive}, whose dense form is a 0/1 vector over all movies. */
    static FeatureSchema<Row> schema(boolean withRecent) {
        FeatureSchema.Builder<Row> b = FeatureSchema.<Row>builder()
                .addCategorical("userId", Vocabulary.trainer().withMinCount(2).build(), Row::user)
                .addCategorical("movieId", Vocabulary.trainer().withMinCount(2).build(), Row::movie)
                .addMultiHot("genres", MultiHot.trainer().build(), Row::genres);
        if (withRecent) {
            b.addMultiHotLongsOver("recentPositive", "movieId", MultiHot.Oov.KEEP, Row::recent);
        }
        return b.addQuantile("year", QuantileBuckets.trainer().build(), Row::year)
                .addMinMax("count", MinMaxScaler.trainer().build(), Row::count)
                .addStandard("avg", StandardScaler.trainer(), Row::avg)
                .addCross("cross", HashedCross.of(10_000), Row::movie, x -> x.recent().length == 0 ? 0 : x.recent()[0])
                .addTime("time", TimeContext.of(ZoneId.of("Europe/Berlin"), 6), Row::time)
                .build();
    }

    /**
     * Prints fit time and sparse / dense encoding rates, first with the recentPositive multi-hot, then without.
     *
     * @param args optional row count (default 1,000,000) and number of repeats (default 5)
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Row> rows = rows(n, 42);
        for (int rep = 0; rep < 2 * repeats; rep++) {
            boolean withRecent = rep < repeats;
            FeatureSchema<Row> schema = schema(withRecent);
            long t0 = System.nanoTime();
            FittedSchema<Row> fitted = schema.fit(rows);
            long t1 = System.nanoTime();
            long checksum = 0;
            for (Row row : rows) {
                SparseRow s = fitted.sparse(row);
                checksum += s.size() + s.index(s.size() - 1);
            }
            long t2 = System.nanoTime();
            double[] dense = new double[fitted.denseWidth()];
            for (Row row : rows) {
                fitted.dense(row, dense, 0);
                checksum += (long) dense[0];
            }
            long t3 = System.nanoTime();
            System.out.printf("%s rep %d: %,d rows, sparse dim %,d, dense width %d: fit %.0f ms, sparse %,.0f rows/s, "
                            + "dense %,.0f rows/s (checksum %d)%n", withRecent ? "with recentPositive" : "without recentPositive", rep, n, fitted.sparseDimension(), fitted.denseWidth(),
                    (t1 - t0) / 1e6, n / ((t2 - t1) / 1e9), n / ((t3 - t2) / 1e9), checksum);
        }
    }
}
