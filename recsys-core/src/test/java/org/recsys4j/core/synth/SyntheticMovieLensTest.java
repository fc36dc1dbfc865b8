package org.recsys4j.core.synth;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.baseline.Ease;
import org.recsys4j.core.baseline.ItemKnn;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.model.UserItemScorer;
import org.recsys4j.core.util.IntDoubleTopK;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticMovieLensTest {
    private static final Pattern RATING_ROW = Pattern.compile("\\d+,\\d+,[0-5]\\.[05],\\d+");

    private static SyntheticMovieLens small(long seed) {
        return SyntheticMovieLens.builder(300, 500, 12_000, seed).withClusters(6).build();
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes(@TempDir Path tmp) throws IOException {
        small(7).writeLatestCsv(tmp.resolve("a"));
        small(7).writeLatestCsv(tmp.resolve("b"));
        small(8).writeLatestCsv(tmp.resolve("c"));
        for (String f : new String[] {"ratings.csv", "movies.csv", "links.csv"}) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(f)), Files.readAllBytes(tmp.resolve("b")
                    .resolve(f)), f);
        }
        assertFalse(Arrays.equals(Files.readAllBytes(tmp.resolve("a").resolve("ratings.csv")),
                Files.readAllBytes(tmp.resolve("c").resolve("ratings.csv"))));
        try (var files = Files.list(tmp.resolve("a"))) {
            assertEquals(3, files.count(), "no temporary file may be left behind");
        }
    }

    @Test
    void csvFormatMatchesMlLatest(@TempDir Path tmp) throws IOException {
        SyntheticMovieLens gen = small(1);
        gen.writeLatestCsv(tmp);
        List<String> ratings = Files.readAllLines(tmp.resolve("ratings.csv"));
        assertEquals("userId,movieId,rating,timestamp", ratings.get(0));
        assertEquals(12_000 + 1, ratings.size());
        long prevUser = 0;
        long prevMovie = 0;
        for (String line : ratings.subList(1, ratings.size())) {
            assertTrue(RATING_ROW.matcher(line).matches(), line);
            String[] f = line.split(",");
            long user = Long.parseLong(f[0]);
            long movie = Long.parseLong(f[1]);
            assertTrue(user > prevUser || (user == prevUser && movie > prevMovie), "order at " + line);
            double r = Double.parseDouble(f[2]);
            assertTrue(r >= 0.5 && r <= 5.0, line);
            prevUser = user;
            prevMovie = movie;
        }
        int quoted = 0;
        int commas = 0;
        Set<Long> movieIds = new HashSet<>();
        try (Reader r = Files.newBufferedReader(tmp.resolve("movies.csv"), StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            assertEquals(List.of("movieId", "title", "genres"), p.getHeaderNames());
            for (CSVRecord rec : p) {
                movieIds.add(Long.parseLong(rec.get("movieId")));
                String title = rec.get("title");
                int year = Integer.parseInt(title.substring(title.length() - 5, title.length() - 1));
                assertTrue(year >= 1990 && year <= 2020, title);
                quoted += title.contains("\"") ? 1 : 0;
                commas += title.contains(",") ? 1 : 0;
                for (String g : rec.get("genres").split("\\|")) {
                    assertTrue(Arrays.asList(SyntheticMovieLens.GENRES).contains(g), g);
                }
            }
        }
        assertEquals(500, movieIds.size());
        assertTrue(quoted > 0 && commas > 0, "titles with quotes " + quoted + ", with commas " + commas);
        String raw = Files.readString(tmp.resolve("movies.csv"));
        assertTrue(raw.contains("\"\""), "embedded quotes are doubled (RFC 4180)");
        assertFalse(raw.contains("\r"), "ml-latest uses \\n line ends");
        List<String> links = Files.readAllLines(tmp.resolve("links.csv"));
        assertEquals("movieId,imdbId,tmdbId", links.get(0));
        assertTrue(links.get(1).matches("\\d+,\\d{7},\\d*"), links.get(1));
        assertEquals(501, links.size());
    }

    @Test
    void generateMatchesCsvAndPlantsStructure(@TempDir Path tmp) throws IOException {
        double share = 0.75;
        SyntheticMovieLens gen = SyntheticMovieLens.builder(400, 1_000, 20_000, 3).withClusters(5)
                .withInClusterShare(share).withZipfExponent(1.0).withTimeRange(1_000_000, 2_000_000).build();
        SyntheticMovieLens.Data data = gen.generate();
        Interactions log = data.interactions();
        assertEquals(20_000, log.size());

        // the CSV holds exactly the same rows
        gen.writeLatestCsv(tmp);
        Set<String> csv = new HashSet<>(Files.readAllLines(tmp.resolve("ratings.csv")).subList(1, 20_001));
        Set<String> mem = new HashSet<>();
        for (int k = 0; k < log.size(); k++) {
            mem.add(log.users().longId(log.user(k)) + "," + log.items().longId(log.item(k)) + ","
                    + log.value(k) + "," + log.timestamp(k));
        }
        assertEquals(csv, mem);

        int in = 0;
        double inSum = 0;
        double outSum = 0;
        int ties = 0;
        Set<Long> pairs = new HashSet<>();
        int[] pop = new int[1_000];
        for (int k = 0; k < log.size(); k++) {
            int u = log.user(k);
            int i = log.item(k);
            assertTrue(pairs.add((long) u << 32 | i), "duplicate (user, item) at row " + k);
            assertEquals(gen.userCluster(u), data.userCluster(u));
            assertEquals(i % 5, data.itemCluster(i));
            boolean same = data.userCluster(u) == data.itemCluster(i);
            in += same ? 1 : 0;
            if (same) {
                inSum += log.value(k);
            } else {
                outSum += log.value(k);
            }
            pop[i]++;
            long t = log.timestamp(k);
            assertTrue(t >= 1_000_000 && t <= 2_000_000, "timestamp " + t);
            if (k > 0 && log.user(k - 1) == u) {
                assertTrue(t >= log.timestamp(k - 1), "per-user timestamps must not decrease, row " + k);
                ties += t == log.timestamp(k - 1) ? 1 : 0;
            }
        }
        double inShare = in / (double) log.size();
        assertEquals(share, inShare, 0.03, "in-cluster share");
        assertTrue(ties > 0, "some equal-second ties");
        assertTrue(inSum / in > outSum / (log.size() - in) + 0.8, "in-cluster ratings are higher");
        // popularity skew: the top 10% of items hold far more than 10% of the ratings
        int[] sorted = pop.clone();
        Arrays.sort(sorted);
        long top = 0;
        for (int i = 900; i < 1_000; i++) {
            top += sorted[i];
        }
        assertTrue(top / 20_000.0 > 0.3, "top-10% share " + top / 20_000.0);
        // every user has at least the minimum (20) ratings
        for (int d : log.userCounts()) {
            assertTrue(d >= 20, "user with " + d + " ratings");
        }
    }

    /** Share of each user's top-10 (history excluded) that lies in the user's planted cluster. */
    private static double inClusterTop10(UserItemScorer model, SyntheticMovieLens.Data data) {
        Interactions log = data.interactions();
        int nu = log.numUsers();
        int ni = log.numItems();
        int[] users = new int[nu];
        for (int u = 0; u < nu; u++) {
            users[u] = u;
        }
        double[][] scores = new double[nu][ni];
        model.score(users, scores);
        Interactions.Csr byUser = log.byUser();
        long in = 0;
        long all = 0;
        IntDoubleTopK top = new IntDoubleTopK(10);
        for (int u = 0; u < nu; u++) {
            for (int p = byUser.start(u); p < byUser.end(u); p++) {
                scores[u][byUser.other(p)] = Double.NEGATIVE_INFINITY;
            }
            for (int i = 0; i < ni; i++) {
                top.offer(i, scores[u][i]);
            }
            for (int i : top.drainIds()) {
                in += data.itemCluster(i) == data.userCluster(u) ? 1 : 0;
                all++;
            }
        }
        return in / (double) all;
    }

    @Test
    void baselinesRecoverStrongClusters() {
        SyntheticMovieLens gen = SyntheticMovieLens.builder(300, 600, 9_000, 5).withClusters(6)
                .withInClusterShare(0.9).build();
        SyntheticMovieLens.Data data = gen.generate();
        double knn = inClusterTop10(ItemKnn.builder().withThreads(2).build().fit(data.interactions()), data);
        double ease = inClusterTop10(Ease.builder().withLambda(50).withThreads(2).build().fit(data.interactions()),
                data);
        assertTrue(knn >= 0.8, "ItemKnn in-cluster share of top-10: " + knn);
        assertTrue(ease >= 0.8, "EASE in-cluster share of top-10: " + ease);
    }

    @Test
    void blockbustersAreRatedAcrossClustersAndIndependentGenresIgnoreClusters(@TempDir Path tmp) throws IOException {
        SyntheticMovieLens gen = SyntheticMovieLens.builder(400, 600, 16_000, 3).withClusters(6).withBlockbusters(4)
                .withBlockbusterShare(0.6).withIndependentGenres(true).build();
        SyntheticMovieLens.Data data = gen.generate();
        Interactions r = data.interactions();
        int[] raters = new int[600];
        int[][] byCluster = new int[4][6];
        for (int k = 0; k < r.size(); k++) {
            raters[r.item(k)]++;
            if (r.item(k) < 4) {
                byCluster[r.item(k)][data.userCluster(r.user(k))]++;
            }
        }
        for (int b = 0; b < 4; b++) {
            assertTrue(gen.isBlockbuster(b));
            assertEquals(0.6, raters[b] / 400.0, 0.07, "blockbuster " + b + " rated by " + raters[b] + " of 400 users");
            for (int c = 0; c < 6; c++) {
                assertTrue(byCluster[b][c] > 0, "blockbuster " + b + " is rated in cluster " + c);
            }
        }
        assertFalse(gen.isBlockbuster(4));
        assertTrue(raters[4] < 0.3 * 400, "item 4 is an ordinary popular item: " + raters[4]);
        // genres: with clusters, every item of cluster 0 carries the cluster's primary genre; independent, about 1 in 7
        gen.writeLatestCsv(tmp);
        small(7).writeLatestCsv(tmp.resolve("clustered"));
        assertEquals(1.0, primaryGenreShare(tmp.resolve("clustered"), 6), 1e-9);
        double independent = primaryGenreShare(tmp, 6);
        assertTrue(independent < 0.3, "share of cluster 0's movies with its primary genre: " + independent);
        assertTrue(gen.toString().contains("blockbusters=4"), gen.toString());
        assertThrows(IllegalArgumentException.class, () -> SyntheticMovieLens.builder(10, 10, 20, 1).withBlockbusters(6)
                .build());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SyntheticMovieLens.builder(10, 10, 20, 1)
                .withBlockbusterShare(1.5).build()).getMessage().startsWith("blockbusterShare: 1.5"));
    }

    /** Returns the share of cluster 0's movies (every {@code clusters}-th row) listing cluster 0's primary genre. */
    private static double primaryGenreShare(Path dir, int clusters) throws IOException {
        try (Reader in = Files.newBufferedReader(dir.resolve("movies.csv"), StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
            List<CSVRecord> rows = p.getRecords();
            int n = 0;
            int with = 0;
            for (int i = 0; i < rows.size(); i += clusters) {
                n++;
                with += Arrays.asList(rows.get(i).get("genres").split("\\|")).contains(SyntheticMovieLens.primaryGenre(0)) ? 1 : 0;
            }
            return with / (double) n;
        }
    }

    @Test
    void builderValidates() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyntheticMovieLens.builder(10, 10, 5, 1).build());
        assertTrue(e.getMessage().startsWith("ratings: 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SyntheticMovieLens.builder(10, 10, 50, 1).withInClusterShare(1.5).build());
        assertThrows(IllegalArgumentException.class,
                () -> SyntheticMovieLens.builder(10, 10, 50, 1).withClusters(11).build());
        assertThrows(IllegalArgumentException.class,
                () -> SyntheticMovieLens.builder(10, 10, 50, 1).withTimeRange(5, 4).build());
        assertThrows(IllegalArgumentException.class,
                () -> SyntheticMovieLens.builder(10, 10, 51, 1).build()); // more than items/2 per user
        List<Integer> counts = new ArrayList<>();
        for (int c : SyntheticMovieLens.builder(10, 10, 50, 1).build().perUserCounts()) {
            counts.add(c);
        }
        assertEquals(50, counts.stream().mapToInt(Integer::intValue).sum());
    }
}
