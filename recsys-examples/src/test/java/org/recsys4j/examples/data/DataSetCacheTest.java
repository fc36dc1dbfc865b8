package org.recsys4j.examples.data;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the real download path against an HTTP server on loopback. */
class DataSetCacheTest {
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private HttpServer server;
    private URI base;
    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = files.get(ex.getRequestURI().getPath().substring(1));
            ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            }
            ex.close();
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }

    @Test
    void downloadsVerifiesAndUnpacksIntoTheCache(@TempDir Path cache) throws Exception {
        byte[] z = zip(Map.of("ml-tiny/ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.0,5\n",
                "ml-tiny/movies.csv", "movieId,title,genres\n1,\"A, B (1999)\",Drama\n"));
        files.put("ml-tiny.zip", z);
        files.put("ml-tiny.zip.md5", (hex("MD5", z) + "  ml-tiny.zip\n").getBytes(StandardCharsets.US_ASCII));
        DataSetCache c = new DataSetCache(cache, base, quiet);
        assertFalse(c.isCached("ml-tiny"));
        Path dir = c.resolve("ml-tiny", Optional.of(hex("SHA-256", z)));
        assertEquals(cache.resolve("ml-tiny"), dir);
        assertTrue(Files.readString(dir.resolve("movies.csv")).contains("\"A, B (1999)\""));
        try (var s = Files.list(cache)) {
            assertEquals(1, s.count(), "no temporary files are left behind");
        }
        files.clear(); // a second call is served from the cache, without the network
        assertEquals(dir, c.resolve("ml-tiny", Optional.empty()));
    }

    @Test
    void aChecksumMismatchLeavesNothingInTheCache(@TempDir Path cache) throws Exception {
        byte[] z = zip(Map.of("ml-bad/ratings.csv", "x\n"));
        files.put("ml-bad.zip", z);
        files.put("ml-bad.zip.md5", "00000000000000000000000000000000\n".getBytes(StandardCharsets.US_ASCII));
        DataSetCache c = new DataSetCache(cache, base, quiet);
        IOException e = assertThrows(IOException.class, () -> c.resolve("ml-bad", Optional.empty()));
        assertTrue(e.getMessage().contains("MD5"), e.getMessage());
        try (var s = Files.list(cache)) {
            assertEquals(0, s.count());
        }
        files.put("ml-bad.zip.md5", hex("MD5", z).getBytes(StandardCharsets.US_ASCII));
        IOException pinned = assertThrows(IOException.class, () -> c.resolve("ml-bad", Optional.of("ab")));
        assertTrue(pinned.getMessage().contains("SHA-256"), pinned.getMessage());
        assertFalse(c.isCached("ml-bad"));
    }

    @Test
    void refusesZipSlipAndMissingFiles(@TempDir Path cache) throws Exception {
        byte[] z = zip(Map.of("../evil.txt", "x"));
        files.put("ml-evil.zip", z);
        files.put("ml-evil.zip.md5", hex("MD5", z).getBytes(StandardCharsets.US_ASCII));
        DataSetCache c = new DataSetCache(cache, base, quiet);
        IOException e = assertThrows(IOException.class, () -> c.resolve("ml-evil", Optional.empty()));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        assertFalse(Files.exists(cache.getParent().resolve("evil.txt")));
        IOException missing = assertThrows(IOException.class, () -> c.resolve("ml-none", Optional.empty()));
        assertTrue(missing.getMessage().contains("404"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.dir("../x"));
    }
}
