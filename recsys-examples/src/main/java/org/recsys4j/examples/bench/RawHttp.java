package org.recsys4j.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A raw HTTP/1.1 client over {@link Socket}, for the reliability bench and the server's robustness tests: the
 * request's bytes go out exactly as given (no client normalises the path, escapes the query or repairs the
 * headers), and the answer is parsed by hand (status line, headers, a body by {@code Content-Length},
 * chunked or to the end of the stream; interim 1xx answers are skipped).
 */
public final class RawHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RawHttp() {
    }

    /**
     * An answer.
     *
     * @param status the status code
     * @param head   the status line and headers, without the blank line
     * @param body   the body (empty for HEAD, 204 and 304)
     * @param micros the time from the first byte sent to the last byte read
     */
    public record Answer(int status, String head, byte[] body, long micros) {
        /** Returns a header's value (the first of that name, case-insensitive), or null. */
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        /** Returns the body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** Returns the body as JSON, or null if it is not JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }
    }

    /**
     * Builds a request: request line, {@code Host}, extra header lines, {@code Content-Length} when there is a
     * body, {@code Connection: close}, then the body. Text is written as ISO-8859-1, so a character up to
     * U+00FF is one byte as given.
     *
     * @param method  the method, as written
     * @param target  the request target, as written (escape it yourself)
     * @param headers extra header lines separated by CRLF, or null
     * @param body    the body, or null for none
     */
    public static byte[] request(String method, String target, String headers, byte[] body) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (headers != null && !headers.isEmpty()) {
            sb.append(headers);
            if (!headers.endsWith("\r\n")) {
                sb.append("\r\n");
            }
        }
        if (body != null) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        sb.append("Connection: close\r\n\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return head;
        }
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /**
     * Sends the bytes, half-closes the connection (so a request that promised more body than it sent ends
     * at once instead of waiting for the body timeout) and reads one answer.
     *
     * @param port          the server's port on the loopback interface
     * @param bytes         the request
     * @param head          whether it is a HEAD request (the answer has no body)
     * @param timeoutMillis the read timeout
     * @return the answer, or null if the server closed the connection without one
     * @throws IOException if the connection failed or the answer is not HTTP
     */
    public static Answer exchange(int port, byte[] bytes, boolean head, int timeoutMillis) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(timeoutMillis);
            long t0 = System.nanoTime();
            try {
                s.getOutputStream().write(bytes);
                s.getOutputStream().flush();
                s.shutdownOutput();
            } catch (IOException e) {
                // the server may answer and close before reading everything (413, 431): read what it said
            }
            return read(s.getInputStream(), head, t0);
        }
    }

    /**
     * Reads one answer (skipping 1xx interim answers).
     *
     * @param in   the connection's input
     * @param head whether the request was HEAD
     * @param t0   {@code System.nanoTime()} when the request started, for {@link Answer#micros()}
     * @return the answer, or null if the stream ends before a status line
     * @throws IOException if the answer is cut or not HTTP
     */
    public static Answer read(InputStream in, boolean head, long t0) throws IOException {
        while (true) {
            String headBlock = readHead(in);
            if (headBlock == null) {
                return null;
            }
            if (!headBlock.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + headBlock.substring(0, Math.min(80, headBlock.length())));
            }
            int status = Integer.parseInt(headBlock.substring(9, 12));
            if (status >= 100 && status < 200) {
                continue;
            }
            Answer shell = new Answer(status, headBlock, new byte[0], 0);
            byte[] body;
            String length = shell.header("Content-Length");
            String te = shell.header("Transfer-Encoding");
            if (head || status == 204 || status == 304) {
                body = new byte[0];
            } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                body = readChunked(in);
            } else if (length != null) {
                body = in.readNBytes(Integer.parseInt(length));
            } else {
                body = in.readAllBytes();
            }
            return new Answer(status, headBlock, body, (System.nanoTime() - t0) / 1000);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                if (b.size() == 0) {
                    return null;
                }
                throw new EOFException("answer cut in its headers: " + b.toString(StandardCharsets.ISO_8859_1));
            }
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1
                    : c == '\r' ? 1 : 0;
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - 4);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String line = readLine(in);
            int semi = line.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
            if (n == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers
                }
                return out.toByteArray();
            }
            out.write(in.readNBytes(n));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c < 0) {
            throw new EOFException("chunked answer cut");
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
