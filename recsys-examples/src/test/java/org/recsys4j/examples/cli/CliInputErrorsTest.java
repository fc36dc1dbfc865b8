package org.recsys4j.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.examples.ConsoleCapture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of bad input to the command line, in-process: exit status 2, exactly one line on stderr
 * saying what is wrong, and — for what can be checked from the arguments — nothing done before (no
 * output, no data loaded, no work folder created). No network: downloads go to a closed local port.
 */
class CliInputErrorsTest {
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path tmp;

    /** Runs the CLI, expects status 2 and one stderr line containing {@code expected}; returns that line. */
    private String fails(String expected, String... args) {
        console.out.reset();
        console.err.reset();
        int status = Recsys4jCli.run(args);
        String err = console.err.toString(StandardCharsets.UTF_8);
        List<String> lines = err.lines().toList();
        assertEquals(2, status, String.join(" ", args) + "\nstderr: " + err + "\nstdout: " + console.out);
        assertEquals(1, lines.size(), "one line on stderr for " + String.join(" ", args) + ":\n" + err);
        assertTrue(lines.get(0).startsWith("error: "), err);
        assertTrue(lines.get(0).contains(expected), "expected '" + expected + "' in: " + err);
        assertFalse(err.contains("Exception in") || err.contains("\tat "), err);
        return lines.get(0);
    }

    /** Like {@link #fails}, and nothing was done before the check: no output at all. */
    private String failsBeforeAnyWork(String expected, String... args) {
        String line = fails(expected, args);
        assertEquals("", console.out.toString(StandardCharsets.UTF_8), "output before the check of " + String.join(" ", args));
        return line;
    }

    private Path data() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("data"));
        return CliTest.tinyMovieLens(dir);
    }

    private Path ratings(String name, String ratingRows) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n1,A (1999),Drama\n2,B (2000),Comedy\n3,C (2001),Action\n");
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n" + ratingRows);
        return dir;
    }

    @Test
    void redisHostPortAndPrefixAreCheckedBeforeTheDataIsLoaded() throws IOException {
        String d = data().toString();
        String work = tmp.resolve("work").toString();
        for (String cmd : new String[] {"demo", "serve"}) {
            assertEquals("error: --redis 127.0.0.1:99999: port 99999 is not in [1, 65535]",
                    failsBeforeAnyWork("99999", cmd, "--data", d, "--work", work, "--redis", "127.0.0.1:99999"));
            failsBeforeAnyWork("--redis 127.0.0.1:0: port 0 is not in [1, 65535]", cmd, "--data", d, "--redis", "127.0.0.1:0");
            failsBeforeAnyWork("--redis localhost:x: the port 'x' is not a number", cmd, "--data", d, "--redis", "localhost:x");
            failsBeforeAnyWork("--redis :6379: the host is missing", cmd, "--data", d, "--redis", ":6379");
            failsBeforeAnyWork("an IPv6 address needs brackets", cmd, "--data", d, "--redis", "::1:6379");
            failsBeforeAnyWork("--redis [::1]:port: the port 'port' is not a number", cmd, "--data", d, "--redis", "[::1]:port");
            failsBeforeAnyWork("--redis-prefix bad prefix!: prefix: 'bad prefix!' is not allowed", cmd, "--data", d,
                    "--redis", "127.0.0.1:6379", "--redis-prefix", "bad prefix!");
            failsBeforeAnyWork("--port 70000: must be in [0, 65535]", cmd, "--data", d, "--port", "70000");
            failsBeforeAnyWork("--cache-seconds -1: must be in [0, ", cmd, "--data", d, "--cache-seconds", "-1");
            failsBeforeAnyWork("--host '   ': must not be blank", cmd, "--data", d, "--host", "   ");
        }
        assertFalse(Files.exists(tmp.resolve("work")), "no work folder was created");
    }

    @Test
    void serverLimitsAreCheckedBeforeTheDataIsLoaded() throws IOException {
        String d = data().toString();
        String work = tmp.resolve("work").toString();
        for (String cmd : new String[] {"demo", "serve"}) {
            assertEquals("error: --http-threads 4: must be in [8, 4096]",
                    failsBeforeAnyWork("--http-threads", cmd, "--data", d, "--work", work, "--http-threads", "4"));
            failsBeforeAnyWork("--http-threads 5000: must be in [8, 4096]", cmd, "--data", d, "--http-threads", "5000");
            failsBeforeAnyWork("Invalid value for option '--http-threads': 'many' is not an int", cmd, "--data", d,
                    "--http-threads", "many");
            failsBeforeAnyWork("--max-connections 0: must be in [1, 1000000]", cmd, "--data", d, "--max-connections", "0");
            failsBeforeAnyWork("--max-connections -7: must be in [1, 1000000]", cmd, "--data", d, "--max-connections", "-7");
            failsBeforeAnyWork("--max-header-bytes 100: must be in [1024, 1048576]", cmd, "--data", d, "--max-header-bytes", "100");
            failsBeforeAnyWork("--max-body-bytes 0: must be in [1, 67108864]", cmd, "--data", d, "--max-body-bytes", "0");
            failsBeforeAnyWork("Invalid value for option '--max-body-bytes': '1e6' is not an int", cmd, "--data", d,
                    "--max-body-bytes", "1e6");
            failsBeforeAnyWork("--body-timeout-seconds 0.0: must be a number of seconds in [0.001, 3600]", cmd, "--data", d,
                    "--body-timeout-seconds", "0");
            failsBeforeAnyWork("--body-timeout-seconds -2.0: must be a number of seconds in [0.001, 3600]", cmd, "--data", d,
                    "--body-timeout-seconds", "-2");
            failsBeforeAnyWork("--body-timeout-seconds NaN: must be a number of seconds", cmd, "--data", d,
                    "--body-timeout-seconds", "NaN");
            failsBeforeAnyWork("--idle-timeout-seconds Infinity: must be a number of seconds in [0.001, 86400]", cmd, "--data", d,
                    "--idle-timeout-seconds", "Infinity");
            failsBeforeAnyWork("--idle-timeout-seconds 100000.0: must be a number of seconds in [0.001, 86400]", cmd, "--data", d,
                    "--idle-timeout-seconds", "100000");
            failsBeforeAnyWork("Invalid value for option '--idle-timeout-seconds': 'soon' is not a double", cmd, "--data", d,
                    "--idle-timeout-seconds", "soon");
        }
        assertFalse(Files.exists(tmp.resolve("work")), "no work folder was created");
    }

    @Test
    void everyBenchCommandRefusesBadOptionsWithStatus2BeforeAnyWork() throws IOException {
        String d = data().toString();
        String missing = tmp.resolve("missing").toString();
        failsBeforeAnyWork("--fits 0: must be > 0", "bench", "topn", "--data", d, "--fits", "0");
        failsBeforeAnyWork("--data " + missing + ": no such folder", "bench", "topn", "--data", d, "--data", missing);
        failsBeforeAnyWork("--repeat 0: must be > 0", "bench", "load", "--data", d, "--repeat", "0");
        failsBeforeAnyWork("--data " + missing + ": no such folder", "bench", "encode", "--data", missing);
        failsBeforeAnyWork("--dims 0: must be in [1, 4096]", "bench", "word2vec", "--data", d, "--dims", "8,0");
        failsBeforeAnyWork("--spark-prefix -5: must be in [1, ", "bench", "word2vec", "--data", d, "--spark-prefix", "-5");
        failsBeforeAnyWork("--threads 0: must be in [1, 1024]", "bench", "similar", "--data", d, "--threads", "0");
        failsBeforeAnyWork("--threads -3: must be in [1, 1024]", "bench", "ials", "--data", d, "--threads", "-3");
        failsBeforeAnyWork("--passes 0: must be in [1, 100]", "bench", "ials", "--data", d, "--passes", "0");
        failsBeforeAnyWork("--lr-grid 0.0: must be a number in (0, 10.0]", "bench", "ctr", "--data", d, "--lr-grid", "1e-3,0");
        failsBeforeAnyWork("--lr-grid NaN: must be a number in (0, 10.0]", "bench", "ctr", "--data", d, "--lr-grid", "NaN");
        failsBeforeAnyWork("--batch 0: must be in [1, ", "bench", "ctr", "--data", d, "--batch", "0");
        failsBeforeAnyWork("--mini-batch-l2: -1.0, must be >= 0 and finite", "bench", "ctr", "--data", d,
                "--mini-batch-l2", "0,-1");
        failsBeforeAnyWork("--data " + missing + ": no such folder", "bench", "ctr", "--data", d + "," + missing);
        failsBeforeAnyWork("--data " + missing + ": no such folder", "bench", "ctr-scoring", "--data", missing);
        failsBeforeAnyWork("--filter (: not a regular expression (Unclosed group", "bench", "kernels", "--filter", "(");
        failsBeforeAnyWork("--filter zzz: matches none of the benchmarks [axpyNaive, axpyVectors, dotNaive, dotVectors]",
                "bench", "kernels", "--filter", "zzz");
        failsBeforeAnyWork("--port 70000: must be in [1, 65535]", "bench", "reliability", "--port", "70000");
        failsBeforeAnyWork("--passes 0: must be >= 1", "bench", "ann", "--passes", "0");
        failsBeforeAnyWork("--rows 0: must be > 0", "bench", "store", "--rows", "0");
    }

    @Test
    void everyBenchCommandRefusesDataTooSmallForItWithStatus2() throws IOException {
        // 3 ratings: protocol T has one user to test and no validation split; protocol C has no samples
        Path small = ratings("small", "1,1,4.0,10\n1,2,5.0,11\n2,1,4.5,12\n");
        String size = small + " (3 ratings by 2 users, 3 movies): too small for bench ";
        fails(size + "ials: protocol T: nothing to evaluate", "bench", "ials", "--data", small.toString(), "--seeds", "1",
                "--passes", "1");
        fails(size + "similar: protocol S: nothing to evaluate", "bench", "similar", "--data", small.toString(), "--no-graph");
        fails(size + "ctr: history: none of the 3 events has minPriorEvents=2", "bench", "ctr", "--data", small.toString(),
                "--no-torch", "--seeds", "1", "--lr-grid", "1e-2", "--max-epochs", "1");
        fails(size + "encode: history: none of the 3 events", "bench", "encode", "--data", small.toString(), "--repeat", "1");
        fails(size + "ctr-scoring: history: none of the 3 events", "bench", "ctr-scoring", "--data", small.toString());
        // enough for samples, but every test sample is of one class: no AUC
        fails(data() + " (54 ratings by 9 users, 12 movies): too small for bench ctr: AUC needs both classes", "bench", "ctr",
                "--data", data().toString(), "--no-torch", "--seeds", "1", "--lr-grid", "1e-2", "--max-epochs", "1",
                "--no-ablations");
        // the protocol T benches that find no user to evaluate say so before the work
        fails("no user has two or more ratings after cleaning", "bench", "topn", "--data", ratings("one", "1,1,4.0,10\n").toString(),
                "--no-anchor");
        // protocol A: a set too small for an index's settings (IVF's 1,024 lists)
        Path ann = Files.createDirectories(tmp.resolve("ann"));
        writeVecs(ann.resolve("base.fvecs"), 5, 4, false);
        writeVecs(ann.resolve("query.fvecs"), 3, 4, false);
        writeVecs(ann.resolve("gt_l2.ivecs"), 3, 10, true);
        fails(ann + " (5 base vectors × 4, 3 queries): too small for bench ann: nlist: 1024, must be <= the table size 5",
                "bench", "ann", "--set", ann.toString(), "--index", "ivf", "--no-faiss", "--passes", "1", "--threads", "1");
    }

    /** Writes {@code rows} texmex records of {@code dim} values (floats 0.1·k, or ints k mod rows). */
    private static void writeVecs(Path file, int rows, int dim, boolean ints) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(rows * (4 + 4 * dim)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < rows; r++) {
            b.putInt(dim);
            for (int k = 0; k < dim; k++) {
                if (ints) {
                    b.putInt(k % rows);
                } else {
                    b.putFloat(0.1f * (r * dim + k + 1));
                }
            }
        }
        Files.write(file, b.array());
    }

    @Test
    void workFolderProblemsSayWhatWentWrong() throws IOException {
        String d = data().toString();
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        failsBeforeAnyWork("--work " + file + ": exists and is not a folder", "train", "--data", d, "--work", file.toString());
        String line = failsBeforeAnyWork("--work " + file.resolve("sub") + ": cannot create the folder (", "train", "--data", d,
                "--work", file.resolve("sub").toString());
        assertTrue(line.toLowerCase(java.util.Locale.ROOT).contains("not a directory"), line);
        if (Files.isDirectory(Path.of("/proc/self"))) {
            assertEquals("error: --work /proc/foo: cannot create the folder (/proc does not accept new folders)",
                    failsBeforeAnyWork("/proc/foo", "demo", "--data", d, "--work", "/proc/foo"));
        }
        failsBeforeAnyWork("--out " + file + ": exists and is not a folder", "generate", "--out", file.toString(),
                "--users", "5", "--items", "5", "--ratings", "10", "--clusters", "2");
        failsBeforeAnyWork("--clusters: 20, must be in [1, items=5]", "generate", "--out", tmp.resolve("gen").toString(),
                "--users", "5", "--items", "5", "--ratings", "10");
        assertFalse(Files.exists(tmp.resolve("gen")));
    }

    @Test
    void dataFolderProblemsAreNamed() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "x");
        String line = failsBeforeAnyWork("--data " + empty + ": no MovieLens data set here: looked for ratings.csv + movies.csv",
                "train", "--data", empty.toString(), "--no-save");
        assertTrue(line.contains("found [notes.txt]"), line);
        failsBeforeAnyWork("--data " + empty.resolve("notes.txt") + ": not a folder", "demo", "--data",
                empty.resolve("notes.txt").toString(), "--no-save");
        failsBeforeAnyWork("--data " + tmp.resolve("missing") + ": no such folder", "serve", "--data",
                tmp.resolve("missing").toString());
        failsBeforeAnyWork("--data " + tmp.resolve("missing") + ": no such folder", "evaluate", "--data",
                tmp.resolve("missing").toString());
        failsBeforeAnyWork("no MovieLens data set here", "evaluate", "--data", empty.toString());
        // the download options, without --data
        String cache = tmp.resolve("cache").toString();
        failsBeforeAnyWork("--dataset ../evil: data set name", "train", "--cache", cache, "--dataset", "../evil", "--no-save");
        failsBeforeAnyWork("--sha256 abc: must be 64 hexadecimal digits", "train", "--cache", cache, "--sha256", "abc", "--no-save");
        failsBeforeAnyWork("--base-url ftp://example.org/: must be an http or https URL", "train", "--cache", cache,
                "--base-url", "ftp://example.org/", "--no-save");
        Path file = Files.writeString(tmp.resolve("cache-file"), "x");
        failsBeforeAnyWork("--cache " + file + ": exists and is not a folder", "train", "--cache", file.toString(), "--no-save");
    }

    @Test
    void numericOptionsAreRangeChecked() throws IOException {
        String d = data().toString();
        failsBeforeAnyWork("--dim: dim = 0: must be at least 2", "train", "--data", d, "--no-save", "--dim", "0");
        failsBeforeAnyWork("--dim 100000: must be at most 4096", "train", "--data", d, "--no-save", "--dim", "100000");
        failsBeforeAnyWork("--epochs: epochs = 0: must be at least 1", "demo", "--data", d, "--no-save", "--epochs", "0");
        failsBeforeAnyWork("--ctr-epochs: ctrEpochs = -3", "serve", "--data", d, "--no-save", "--ctr-epochs", "-3");
        failsBeforeAnyWork("--seq-epochs: seqEpochs = 0: must be at least 1", "train", "--data", d, "--no-save",
                "--seq-epochs", "0");
        failsBeforeAnyWork("--seq-epochs 20000: must be at most 10000", "demo", "--data", d, "--no-save", "--seq-epochs",
                "20000");
        failsBeforeAnyWork("--threads: threads = 0: must be at least 1", "train", "--data", d, "--no-save", "--threads", "0");
        failsBeforeAnyWork("--threads 5000: must be at most 1024", "train", "--data", d, "--no-save", "--threads", "5000");
        failsBeforeAnyWork("--threads 0: must be > 0", "evaluate", "--data", d, "--threads", "0");
        failsBeforeAnyWork("--ease-lambda -1.0: must be a finite number > 0", "evaluate", "--data", d, "--ease-lambda", "-1");
        failsBeforeAnyWork("--ctr-max-epochs 0: must be in [1, 10000]", "evaluate", "--data", d, "--ctr-max-epochs", "0");
        failsBeforeAnyWork("--rows 0: must be at least 1", "load-redis", "--rows", "0");
        failsBeforeAnyWork("--batch-size 0: must be in [1, 1000000]", "load-redis", "--batch-size", "0");
        failsBeforeAnyWork("--dim 0: must be at least 1", "load-redis", "--dim", "0");
        failsBeforeAnyWork("port: 70000, must be in [1, 65535]", "load-redis", "--port", "70000");
        failsBeforeAnyWork("--prefix", "load-redis", "--prefix", "a:b");
        failsBeforeAnyWork("--namespace", "load-redis", "--namespace", "bad name");
    }

    @Test
    void malformedArgumentsAreOneLineWithAPointerToHelp() throws IOException {
        String d = data().toString();
        assertEquals("error: Invalid value for option '--threads': 'x' is not an int (see: recsys4j train --help)",
                failsBeforeAnyWork("--threads", "train", "--data", d, "--threads", "x"));
        failsBeforeAnyWork("Unknown option: '--nope'", "demo", "--nope");
        failsBeforeAnyWork("Missing required parameter for option '--data'", "serve", "--data");
        failsBeforeAnyWork("(see: recsys4j load-redis --help)", "load-redis", "--format", "CSV");
        failsBeforeAnyWork("Unmatched argument", "train", "extra");
        failsBeforeAnyWork("Unmatched argument", "no-such-command");
        failsBeforeAnyWork("Missing required option: '--out=DIR'", "generate");
    }

    @Test
    void dataThatCannotTrainIsExplainedWithCountsAndTheFilter() throws IOException {
        String work = tmp.resolve("work").toString();
        String line = fails("no ratings to train on: ratings.csv has no data rows", "train", "--data",
                ratings("header-only", "").toString(), "--work", work, "--progress", "NONE");
        assertTrue(line.contains("header-only"), line);
        line = fails("4 ratings by 2 users kept from ratings.csv, but no user has two liked ratings: the filter rating >= 3.5 "
                + "keeps 0 of them", "demo", "--data", ratings("low", "1,1,1.0,10\n1,2,2.0,11\n2,1,1.5,12\n2,3,3.0,13\n").toString(),
                "--work", work, "--progress", "NONE", "--port", "0", "--exit-when-ready");
        line = fails("DeepFM (protocol C) learns from ratings with at least 2 earlier ratings of the same user, and none has "
                + "(the most active user has 2 ratings)", "serve", "--data",
                ratings("short", "1,1,4.0,10\n1,2,5.0,11\n2,1,4.5,12\n2,3,4.0,13\n").toString(), "--work", work,
                "--progress", "NONE", "--port", "0", "--exit-when-ready");
        line = fails("too few for the training splits", "train", "--data",
                ratings("tiny", "1,1,4.0,10\n1,2,5.0,11\n1,3,4.5,12\n").toString(), "--no-save", "--progress", "NONE",
                "--dim", "4", "--epochs", "1", "--ctr-epochs", "1");
        assertTrue(line.contains("3 ratings by 1 user, 3 movies"), line);
        // a lenient load that keeps no row fails in the loader already: the file and the counts by reason
        line = fails("ratings.csv:2: rows=0 of 3 kept", "train", "--data",
                ratings("unknown", "1,7,4.0,10\n1,8,4.0,11\n2,9,4.0,12\n").toString(), "--no-save", "--progress", "NONE");
        assertTrue(line.contains("UNKNOWN_ITEM 3"), line);
        // evaluate explains too
        fails("no user has two or more ratings after cleaning", "evaluate", "--data", ratings("one", "1,1,4.0,10\n").toString(),
                "--protocol", "T");
        fails("0 ratings by 0 users", "evaluate", "--data", tmp.resolve("header-only").toString(), "--protocol", "S");
    }

    @Test
    void aBrokenGenreListFailsInsteadOfDroppingEveryMovie() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("ml100k"));
        StringBuilder item = new StringBuilder();
        StringBuilder data = new StringBuilder();
        for (int m = 1; m <= 30; m++) {
            item.append(m).append("|Movie ").append(m).append(" (1995)|01-Jan-1995||http://x|0").append("|0".repeat(18))
                    .append('\n');
            data.append(m % 5 + 1).append('\t').append(m).append("\t4\t").append(880000000 + m).append('\n');
        }
        Files.writeString(dir.resolve("u.item"), item);
        Files.writeString(dir.resolve("u.data"), data);
        // ml-100k's 19 genres and two garbage rows that look like genres: u.item's 19 flags no longer match
        Files.writeString(dir.resolve("u.genre"), String.join("\n", List.of("unknown|0", "Action|1", "Adventure|2",
                "Animation|3", "Children's|4", "Comedy|5", "Crime|6", "Documentary|7", "Drama|8", "Fantasy|9", "Film-Noir|10",
                "Horror|11", "Musical|12", "Mystery|13", "Romance|14", "Sci-Fi|15", "Thriller|16", "War|17", "Western|18",
                "garbage|19", "more|20")) + "\n");
        String line = fails("u.item:1: rows=0 of 30 kept", "train", "--data", dir.toString(), "--no-save", "--progress", "NONE");
        assertTrue(line.contains("21 genre flags, one per genre of u.genre"), line);
    }

    @Test
    void anUnreachableDownloadSaysWhatWentWrongAndWhereFrom() {
        String line = fails("could not download ml-latest-small: cannot download http://127.0.0.1:9/ml-latest-small.zip: ",
                "train", "--cache", tmp.resolve("cache").toString(), "--base-url", "http://127.0.0.1:9/", "--no-save",
                "--progress", "NONE");
        assertTrue(line.contains("ConnectException"), line);
        assertTrue(line.contains("Offline? Pass --data DIR"), line);
        assertFalse(line.contains("(null)") || line.contains(": null"), line);
    }
}
