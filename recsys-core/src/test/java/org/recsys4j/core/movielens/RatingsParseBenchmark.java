package org.recsys4j.core.movielens;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.data.ItemCatalog;
import org.recsys4j.core.io.ValueRange;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Not a test: compares the byte-level ratings parser with commons-csv on a ratings.csv.
 * Run from recsys-core after {@code mvn test-compile}:
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     org.recsys4j.core.movielens.RatingsParseBenchmark DIR [rounds]
 * </pre>
 * where DIR holds ratings.csv and movies.csv (e.g. ../../shared/data/ml-latest-small, or a big file
 * made of copies of it in /tmp). Each figure is the best of {@code rounds} runs after one warm-up.
 */
public final class RatingsParseBenchmark {
    private RatingsParseBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        ItemCatalog.Builder b = ItemCatalog.builder();
        CatalogReaders.readMoviesCsv(dir.resolve("movies.csv"), b, true);
        ItemCatalog catalog = b.build();
        Path ratings = dir.resolve("ratings.csv");
        System.out.printf("%s: %,d bytes, %d cores, %s%n", ratings, Files.size(ratings),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        for (String what : List.of("commons-csv", "fast-1-thread", "fast-2-threads")) {
            double best = Double.MAX_VALUE;
            int rows = 0;
            for (int r = 0; r <= rounds; r++) {
                long t0 = System.nanoTime();
                rows = switch (what) {
                    case "commons-csv" -> commonsCsv(ratings, catalog);
                    case "fast-1-thread" -> fast(ratings, catalog, 1);
                    default -> fast(ratings, catalog, 2);
                };
                double s = (System.nanoTime() - t0) / 1e9;
                if (r > 0) {
                    best = Math.min(best, s);
                }
            }
            System.out.printf("%-15s %,d rows in %.3f s = %,.0f rows/s%n", what, rows, best, rows / best);
        }
    }

    static int fast(Path ratings, ItemCatalog catalog, int threads) throws IOException {
        RatingsParser p = new RatingsParser(ratings, ",", true, List.of(RatingsParser.FIELDS), new ValueRange(0.5, 5, 0.5),
                new ItemLookup(catalog.items()), "movies.csv", true, threads);
        Interactions x = p.finish(p.parse(), catalog.items());
        return x.size();
    }

    /** The same work through commons-csv: parse, validate, look up the item, drop duplicates, build columns. */
    static int commonsCsv(Path ratings, ItemCatalog catalog) throws IOException {
        IdIndex items = catalog.items();
        int cap = 1 << 16;
        int[] user = new int[cap];
        int[] item = new int[cap];
        float[] value = new float[cap];
        long[] ts = new long[cap];
        int n = 0;
        LongOpenHashSet seen = new LongOpenHashSet();
        try (Reader r = Files.newBufferedReader(ratings, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(r, CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build())) {
            for (CSVRecord rec : parser) {
                if (rec.size() != 4) {
                    continue;
                }
                int u = Integer.parseInt(rec.get(0));
                int m = items.indexOf(Long.parseLong(rec.get(1)));
                double v = Double.parseDouble(rec.get(2));
                long t = Long.parseLong(rec.get(3));
                if (m < 0 || !(v >= 0.5 && v <= 5) || !seen.add(((long) u << 32) | m)) {
                    continue;
                }
                if (n == user.length) {
                    cap = n * 2;
                    user = Arrays.copyOf(user, cap);
                    item = Arrays.copyOf(item, cap);
                    value = Arrays.copyOf(value, cap);
                    ts = Arrays.copyOf(ts, cap);
                }
                user[n] = u;
                item[n] = m;
                value[n] = (float) v;
                ts[n] = t;
                n++;
            }
        }
        return n;
    }
}
