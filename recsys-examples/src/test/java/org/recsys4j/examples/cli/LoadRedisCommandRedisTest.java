package org.recsys4j.examples.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.EmbeddingFormats;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.store.NamespaceSpec;
import org.recsys4j.core.store.RedisFeatureStore;
import org.recsys4j.core.store.RedisStoreConfig;
import org.recsys4j.core.store.VersionedLoad;
import org.recsys4j.core.testing.RedisServerExtension;
import org.recsys4j.examples.ConsoleCapture;
import redis.clients.jedis.JedisPooled;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code load-redis} against a real redis-server: empty input never replaces a good version, repeated
 * ids are named and leave nothing behind, a BOM is not part of a key, and a load stopped mid-way (by the
 * same abort the SIGTERM hook calls, and by a real SIGTERM to a real process) keeps the previous version
 * current and deletes every key it wrote.
 */
class LoadRedisCommandRedisTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @TempDir
    Path tmp;

    private String prefix;
    private JedisPooled raw;

    @BeforeEach
    void connect() {
        prefix = "lr" + PREFIXES.incrementAndGet();
        raw = new JedisPooled(REDIS.host(), REDIS.port());
    }

    @AfterEach
    void close() {
        raw.close();
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("load-redis", "--host", REDIS.host(), "--port", Integer.toString(REDIS.port()),
                "--prefix", prefix));
        all.addAll(List.of(args));
        console.out.reset();
        console.err.reset();
        return Recsys4jCli.run(all.toArray(new String[0]));
    }

    private String err() {
        return console.err.toString(StandardCharsets.UTF_8);
    }

    private long current() {
        String v = raw.get(prefix + ":{item}:current");
        return v == null ? 0 : Long.parseLong(v);
    }

    private long lastBegun() {
        String v = raw.get(prefix + ":{item}:next");
        return v == null ? 0 : Long.parseLong(v);
    }

    private int keysOf(long version) {
        return raw.keys(prefix + ":item:v" + version + ":*").size();
    }

    private float[] get(String key, int dim) {
        try (RedisFeatureStore s = RedisFeatureStore.connect(RedisStoreConfig.builder().withHost(REDIS.host())
                .withPort(REDIS.port()).withPrefix(prefix).withNamespace(NamespaceSpec.vectors("item", dim)).build())) {
            return s.get("item", key).orElse(null);
        }
    }

    /** Loads a good version of 50 rows of dimension 4 and returns its number. */
    private long goodVersion() {
        assertEquals(0, run("--rows", "50", "--dim", "4"), err());
        long v = current();
        assertTrue(v > 0);
        assertEquals(50, keysOf(v));
        return v;
    }

    private void assertRefused(String expected, String... args) {
        long v = current();
        long begun = lastBegun();
        assertEquals(2, run(args), err());
        List<String> lines = err().lines().toList();
        assertEquals(1, lines.size(), err());
        assertTrue(lines.get(0).contains(expected), "expected '" + expected + "' in " + err());
        assertEquals(v, current(), "the current version stays");
        assertEquals(begun, lastBegun(), "no load was even begun");
        assertEquals(50, keysOf(v));
    }

    @Test
    void emptyInputIsRefusedBeforeTheServerIsTouched() throws IOException {
        goodVersion();
        assertRefused("--rows 0: must be at least 1", "--rows", "0", "--dim", "4");
        Path f = tmp.resolve("v.txt");
        Files.writeString(f, "");
        assertRefused("--file " + f + ": no vectors (empty file;", "--file", f.toString(), "--dim", "4");
        Files.writeString(f, "# only comments\n\n#\n");
        assertRefused("no vectors (only blank or comment lines;", "--file", f.toString(), "--dim", "4");
        Files.write(f, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '\n'});
        assertRefused("no vectors", "--file", f.toString(), "--dim", "4");
        Files.writeString(f, "0 4\n");
        assertRefused("no vectors (only a header;", "--file", f.toString(), "--format", "WORD2VEC");
        Files.writeString(f, "3 4\n");
        assertRefused("v.txt:1: header=3 4: announces 3 vectors, the file has 0", "--file", f.toString(), "--format", "WORD2VEC");
        Path bin = tmp.resolve("v.r4je");
        EmbeddingFormats.save(EmbeddingTable.builder(4).build(), bin, EmbeddingFormats.Format.BINARY);
        assertRefused("no vectors", "--file", bin.toString(), "--format", "BINARY");
        Files.writeString(f, "a:1 2 3\n");
        assertRefused("v.txt:1: vector=1 2 3: 3 components, expected 4", "--file", f.toString(), "--dim", "4");
        assertRefused("--file " + tmp + ": is a folder", "--file", tmp.toString());
    }

    @Test
    void aRepeatedIdNamesBothLinesAndLeavesNoKeyOfTheAbortedVersion() throws IOException {
        long v = goodVersion();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            sb.append(i == 2499 ? "k7" : "k" + i).append(':').append(i).append(" 1 2 3\n");
        }
        Path f = Files.writeString(tmp.resolve("v.txt"), sb);
        assertEquals(2, run("--file", f.toString(), "--batch-size", "100"), err());
        assertEquals("error: v.txt:2500: id=k7: duplicate id, first on line 8", err().strip());
        assertEquals(v, current());
        long aborted = lastBegun();
        assertTrue(aborted > v, "the load had begun");
        assertEquals(0, keysOf(aborted), "the 2,400 rows written before the error are deleted");
        assertTrue(get("i0", 4) != null, "the previous version still answers");
    }

    @Test
    void aBomIsNotPartOfTheFirstKeyAndEveryLineEndWorks() throws IOException {
        Path f = tmp.resolve("v.txt");
        Files.write(f, ("\uFEFFa:1 2 3 4\rb:5 6 7 8\r\nc:9 10 11 12").getBytes(StandardCharsets.UTF_8));
        assertEquals(0, run("--file", f.toString()), err());
        assertArrayEquals(new float[] {1, 2, 3, 4}, get("a", 4));
        assertArrayEquals(new float[] {9, 10, 11, 12}, get("c", 4));
        assertEquals(3, keysOf(current()));
        assertTrue(console.out.toString(StandardCharsets.UTF_8).contains("loaded 3 rows into"), console.out.toString());
        Files.writeString(f, "2 3\nx 1 2 3\ny 4 5 6\n");
        assertEquals(0, run("--file", f.toString(), "--format", "WORD2VEC", "--namespace", "item"), err());
        assertArrayEquals(new float[] {4, 5, 6}, get("y", 3));
    }

    @Test
    void theAbortTheShutdownHookCallsRetiresThePartialVersionMidLoad() throws Exception {
        long v = goodVersion();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(
                () -> run("--rows", "5000000", "--dim", "4", "--batch-size", "200"));
        long loading = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !status.isDone()) {
            loading = lastBegun();
            if (loading > v && keysOf(loading) >= 1000) {
                break;      // mid-load: some batches are on the server
            }
            Thread.sleep(5);
        }
        assertFalse(status.isDone(), "the load should still be running");
        List<VersionedLoad> aborted = LoadRedisCommand.abortRunning("SIGTERM");
        assertEquals(1, aborted.size());
        assertEquals(loading, aborted.get(0).version());
        assertEquals(1, status.get(60, TimeUnit.SECONDS), err());
        assertEquals("error: load of namespace 'item' version " + loading + " aborted (SIGTERM): the previous version stays "
                + "current", err().strip());
        assertEquals(v, current());
        assertEquals(0, keysOf(loading), "no key of the aborted version is left");
        assertEquals(50, keysOf(v));
        assertTrue(LoadRedisCommand.abortRunning("again").isEmpty(), "nothing runs any more");
    }

    @Test
    void aRealSigtermToARealProcessLeavesThePreviousVersionAndNoPartialKeys() throws Exception {
        long v = goodVersion();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Recsys4jCli.class.getName(), "load-redis", "--host", REDIS.host(), "--port", Integer.toString(REDIS.port()),
                "--prefix", prefix, "--rows", "50000000", "--dim", "4", "--batch-size", "200");
        Path errFile = tmp.resolve("stderr.txt");
        pb.redirectError(errFile.toFile());
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine();   // progress comes once a second: the load is under way
            } while (line != null && !line.startsWith("loaded "));
            assertTrue(line != null, "the process ended before loading: " + Files.readString(errFile));
            long loading = lastBegun();
            assertTrue(loading > v && keysOf(loading) > 0, "the load is writing version " + loading);
            p.destroy();    // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process stops");
            assertEquals(143, p.exitValue(), "128 + SIGTERM");
            String err = Files.readString(errFile);
            assertTrue(err.contains("load-redis: stopped; version " + loading + " of namespace 'item' was aborted and its "
                    + "keys deleted; the previous version stays current"), err);
            assertEquals(v, current());
            assertEquals(0, keysOf(loading), "no key of the aborted version is left");
            assertEquals(50, keysOf(v));
        } finally {
            p.destroyForcibly();
        }
    }
}
