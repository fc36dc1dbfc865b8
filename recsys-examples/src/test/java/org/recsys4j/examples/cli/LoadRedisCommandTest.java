package org.recsys4j.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recsys4j.examples.ConsoleCapture;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingFormats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code load-redis} without a server (error paths) and the core text-file reader it streams. */
class LoadRedisCommandTest {
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream err = console.err;

    @Test
    void anUnreachableServerIsExitStatusTwoNamingHostAndPort() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();   // free once closed: nothing listens there
        }
        assertEquals(2, Recsys4jCli.run("load-redis", "--host", "127.0.0.1", "--port", Integer.toString(port), "--rows", "10"));
        String msg = err.toString(StandardCharsets.UTF_8);
        assertTrue(msg.contains("error: cannot reach Redis at 127.0.0.1:" + port), msg);
    }

    @Test
    void badArgumentsAreExitStatusTwo(@TempDir Path dir) {
        assertEquals(2, Recsys4jCli.run("load-redis", "--port", "70000"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("port: 70000, must be in [1, 65535]"));
        assertEquals(2, Recsys4jCli.run("load-redis", "--rows", "-1"));
        assertEquals(2, Recsys4jCli.run("load-redis", "--file", dir.resolve("nope.txt").toString()));
        assertEquals(2, Recsys4jCli.run("load-redis", "--namespace", "bad name"));
    }

    @Test
    void readsTheTextFormatAndNamesBadLines(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("v.txt");
        Files.writeString(f, "# comment\na:1 2 3\n\nb :\t4.5  -5 6e-1\n");
        List<Map.Entry<String, float[]>> rows = new ArrayList<>();
        try (EmbeddingFormats.RowReader in = EmbeddingFormats.openSparrow(f, 3)) {
            in.forEachRemaining(rows::add);
        }
        assertEquals(2, rows.size());
        assertEquals("a", rows.get(0).getKey());
        assertArrayEquals(new float[] {1, 2, 3}, rows.get(0).getValue());
        assertEquals("b", rows.get(1).getKey());
        assertArrayEquals(new float[] {4.5f, -5, 0.6f}, rows.get(1).getValue());

        assertEquals("v.txt:2: vector=1 2: 2 components, expected 3", error(f, "a:1 2 3\nb:1 2\n"));
        assertEquals("v.txt:1: v3=x: not a number", error(f, "a:1 2 x\n"));
        assertEquals("v.txt:1: v1=NaN: not finite", error(f, "a:NaN 2 3\n"));
        assertEquals("v.txt:1: line=1 2 3: expected id:v1 v2 ...", error(f, "1 2 3\n"));
        assertEquals("v.txt:1: vector=: 0 components, expected 3", error(f, "a:\n"));
    }

    private static String error(Path f, String text) throws IOException {
        Files.writeString(f, text);
        try (EmbeddingFormats.RowReader in = EmbeddingFormats.openSparrow(f, 3)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> in.forEachRemaining(r -> { }));
            return ((DataFileException) e.getCause()).getMessage();
        }
    }
}
