package org.recsys4j.examples.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates malformed requests for every endpoint of the demo server ({@code org.recsys4j.examples.server}),
 * as raw bytes for {@link RawHttp}: each case starts from a valid request to one endpoint or page
 * ({@link #TEMPLATES}) and applies one to three mutations of one of these kinds:
 * <ul>
 *   <li>{@code value}: a query parameter's value replaced by a bad one (malformed or non-UTF-8 %-escapes, NUL
 *       and control characters, other scripts' digits, signs, spaces, exponents, overflow, NaN, long text,
 *       raw non-ASCII bytes);</li>
 *   <li>{@code segment}: a path segment (an id, a genre, a page) replaced the same way, or by dot segments
 *       and encoded separators;</li>
 *   <li>{@code param}: a parameter repeated, a nameless or malformed parameter added;</li>
 *   <li>{@code method}: another method (PUT, DELETE, PATCH, OPTIONS, TRACE, CONNECT, made-up and malformed
 *       ones);</li>
 *   <li>{@code body}: a body that is not one valid feedback object (truncated, trailing garbage, duplicate
 *       keys, wrong types, NaN, {@code 1e30} timestamps, deep nesting, bytes that are not UTF-8, UTF-16,
 *       bodies over the size limit, random byte flips), mostly to {@code /api/feedback};</li>
 *   <li>{@code header}: bad or conflicting {@code Content-Length}, bad chunked encodings, charsets, a
 *       second {@code Host}, header lines over the limit, a URI over the limit, other HTTP versions,
 *       {@code Accept} headers that do not ask for JSON;</li>
 *   <li>{@code bytes}: random bytes of the request line or headers replaced.</li>
 * </ul>
 * A few cases are left valid. The same seed gives the same cases.
 */
public final class HttpFuzz {
    /**
     * The valid requests the cases start from: every endpoint of the server's router and every page, with
     * {@code {movie}}, {@code {user}} and {@code {genre}} standing for known ids. {@code POST} marks the
     * feedback endpoint.
     */
    public static final List<String> TEMPLATES = List.of(
            "GET /getmovie?id={movie}",
            "GET /getuser?id={user}",
            "GET /getrecommendation?genre={genre}&size=5&sortby=rating",
            "GET /getsimilarmovie?movieId={movie}&size=5&model=emb",
            "GET /getrecforyou?id={user}&size=5&model=multi",
            "GET /api/health",
            "GET /api/metrics",
            "GET /api/genres",
            "GET /api/map?model=item2vec&limit=20&method=pca",
            "GET /api/recommendations?pipeline=multi&k=5",
            "GET /api/movies/{movie}",
            "GET /api/movies/{movie}/similar?model=als&k=5",
            "GET /api/users/{user}",
            "GET /api/users/{user}/recommendations?pipeline=emb&k=5",
            "GET /api/genres/{genre}?sortby=releaseYear&k=5",
            "POST /api/feedback",
            "GET /",
            "GET /index.html",
            "GET /movie.html?id={movie}",
            "GET /user.html?id={user}",
            "GET /map.html",
            "GET /js/common.js",
            "GET /css/style.css",
            "GET /favicon.svg");

    /** Bad values, as written into the query (so {@code %ff} is an escape, {@code \u00ff} one raw byte). */
    static final List<String> BAD_VALUES = List.of(
            "", "%ff", "%FF%FE", "%zz", "%", "%4", "%%", "%0", "1%00", "%00", "1%0A", "1%0D%0A", "%7F",
            "%EF%BC%91", "%D9%A1", "%E0%A5%A7", "+1", "-1", "%2B1", "%201", "1%20", "1+", "0", "00", "-0", "0x10", "1e3",
            "1E3", "1.0", ".5", "1.", "NaN", "Infinity", "-Infinity", "9223372036854775807", "9223372036854775808",
            "99999999999999999999999", "-9223372036854775809", "abc", "%C0%AF", "%C0%80", "%ED%A0%80", "%F4%90%80%80",
            "%F8%88%80%80%80", "%E2%80%AE1", "%EF%BF%BD", "1;2", "1,2", "[1]", "{}", "null", "true", "'1'", "%22%22",
            "%3Cscript%3E", "9".repeat(300), "a".repeat(3000), "\u00ff", "\u00c3\u00a9", "\u0080", "\u00e9t\u00e9",
            "%C3%A9", "x%26y%3Dz", "%2e%2e%2f", "1#2");

    /** Bad path segments. */
    static final List<String> BAD_SEGMENTS = List.of(
            "%ff", "%zz", "%", "%4", "1%00", "%00", "%EF%BC%91", "-1", "+1", "1.0", "abc", "99999999999999999999", "%2F",
            "1%2F2", "..", "%2e%2e", ".", "1;x=2", ";", "\u00ff", "\u00c3\u00a9", "%C0%AF", "1%20", "%20", "", "%5C",
            "1\\", "%25", "1%25", "~", "*", "%0A", "a".repeat(2000), "%E2%80%AE", "%EF%BF%BD");

    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE",
            "CONNECT", "FOO", "get", "PRI", "G\u00c9T", "X".repeat(300), "GET\tX", "");

    private final long movie;
    private final long user;
    private final String genre;
    private final SplittableRandom rnd;

    /**
     * A generator over known ids of the served data.
     *
     * @param movie a movie id the server knows
     * @param user  a user id the server knows
     * @param genre a genre the server knows (written %-encoded)
     * @param seed  the random seed
     */
    public HttpFuzz(long movie, long user, String genre, long seed) {
        this.movie = movie;
        this.user = user;
        this.genre = genre;
        this.rnd = new SplittableRandom(seed);
    }

    /**
     * One generated request.
     *
     * @param kinds  the mutations applied, e.g. {@code value+header}, or {@code valid}
     * @param method the request's method as written
     * @param bytes  the request
     */
    public record Case(String kinds, String method, byte[] bytes) {
        /** Returns whether the answer has no body (a HEAD request). */
        public boolean head() {
            return method.equals("HEAD");
        }

        /** Returns the request line, printable, for messages. */
        public String line() {
            String s = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = s.indexOf("\r\n");
            s = end < 0 ? s : s.substring(0, end);
            StringBuilder sb = new StringBuilder();
            for (char c : (s.length() > 160 ? s.substring(0, 160) + "..." : s).toCharArray()) {
                sb.append(c < 0x20 || c >= 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
            return sb.toString();
        }
    }

    /** Returns {@code n} cases. */
    public List<Case> cases(int n) {
        List<Case> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    /** A request under construction. */
    private static final class Req {
        String method;
        String path;
        List<String[]> query = new ArrayList<>();   // name, value (as written)
        String version = "HTTP/1.1";
        List<String> headers = new ArrayList<>();
        byte[] body;
        boolean autoLength = true;
        List<String> kinds = new ArrayList<>();

        byte[] bytes() {
            StringBuilder sb = new StringBuilder();
            sb.append(method).append(' ').append(path);
            for (int i = 0; i < query.size(); i++) {
                String[] p = query.get(i);
                sb.append(i == 0 ? '?' : '&').append(p[0]);
                if (p[1] != null) {
                    sb.append('=').append(p[1]);
                }
            }
            sb.append(' ').append(version).append("\r\nHost: 127.0.0.1\r\n");
            for (String h : headers) {
                sb.append(h).append("\r\n");
            }
            if (body != null && autoLength) {
                sb.append("Content-Length: ").append(body.length).append("\r\n");
            }
            sb.append("Connection: close\r\n\r\n");
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                b.writeBytes(body);
            }
            return b.toByteArray();
        }
    }

    private Req base(String template) {
        String t = template.replace("{movie}", Long.toString(movie)).replace("{user}", Long.toString(user))
                .replace("{genre}", escape(genre));
        Req r = new Req();
        int sp = t.indexOf(' ');
        r.method = t.substring(0, sp);
        String target = t.substring(sp + 1);
        int q = target.indexOf('?');
        r.path = q < 0 ? target : target.substring(0, q);
        if (q >= 0) {
            for (String pair : target.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                r.query.add(new String[] {pair.substring(0, eq), pair.substring(eq + 1)});
            }
        }
        if (r.method.equals("POST")) {
            r.headers.add("Content-Type: application/json");
            r.body = validBody().getBytes(StandardCharsets.UTF_8);
        }
        return r;
    }

    private String validBody() {
        return "{\"userId\": " + user + ", \"movieId\": " + movie + ", \"rating\": 4.5, \"timestamp\": 1700000000}";
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            sb.append(Character.isLetterOrDigit(c) && c < 0x80 || c == '-' ? String.valueOf(c) : String.format("%%%02X", b & 0xff));
        }
        return sb.toString();
    }

    private <T> T pick(List<T> list) {
        return list.get(rnd.nextInt(list.size()));
    }

    private Case next() {
        Req r = base(pick(TEMPLATES));
        int mutations = rnd.nextInt(20) == 0 ? 0 : 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 3 : 1);
        for (int m = 0; m < mutations; m++) {
            switch (rnd.nextInt(7)) {
                case 0 -> value(r);
                case 1 -> segment(r);
                case 2 -> param(r);
                case 3 -> method(r);
                case 4 -> body(r);
                case 5 -> header(r);
                default -> r.kinds.add("bytes");   // applied last, to the finished bytes
            }
        }
        byte[] bytes = r.bytes();
        if (r.kinds.contains("bytes")) {
            int headEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            int flips = 1 + rnd.nextInt(3);
            for (int i = 0; i < flips; i++) {
                int at = rnd.nextInt(rnd.nextBoolean() ? Math.max(1, indexOf(bytes, new byte[] {'\r'})) : Math.max(1, headEnd));
                bytes[at] = (byte) rnd.nextInt(256);
            }
        }
        return new Case(r.kinds.isEmpty() ? "valid" : String.join("+", r.kinds), r.method, bytes);
    }

    private void value(Req r) {
        r.kinds.add("value");
        if (r.query.isEmpty()) {
            r.query.add(new String[] {pick(List.of("id", "k", "size", "x")), pick(BAD_VALUES)});
        } else {
            r.query.get(rnd.nextInt(r.query.size()))[1] = pick(BAD_VALUES);
        }
    }

    private void segment(Req r) {
        r.kinds.add("segment");
        String[] seg = r.path.split("/", -1);
        if (seg.length <= 1 || r.path.equals("/")) {
            r.path = "/" + pick(BAD_SEGMENTS);
            return;
        }
        int i = seg.length > 3 && rnd.nextInt(3) > 0 ? 3 : 1 + rnd.nextInt(seg.length - 1);
        seg[i] = pick(BAD_SEGMENTS);
        r.path = String.join("/", seg);
        if (r.path.isEmpty() || r.path.charAt(0) != '/') {
            r.path = "/" + r.path;
        }
    }

    private void param(Req r) {
        r.kinds.add("param");
        switch (rnd.nextInt(6)) {
            case 0 -> {
                if (!r.query.isEmpty()) {
                    String[] p = pick(r.query);
                    r.query.add(new String[] {p[0], rnd.nextBoolean() ? p[1] : pick(BAD_VALUES)});
                } else {
                    r.query.add(new String[] {"id", "1"});
                    r.query.add(new String[] {"id", "2"});
                }
            }
            case 1 -> r.query.add(new String[] {pick(List.of("%ff", "%zz", "%", "%00", "", "\u00ff", "%C0%AF")), "1"});
            case 2 -> r.query.add(new String[] {"", null});
            case 3 -> r.query.add(new String[] {pick(List.of("id", "k", "size", "model", "limit", "x")), null});
            case 4 -> r.query.add(new String[] {"x", pick(BAD_VALUES)});
            default -> {
                if (!r.query.isEmpty()) {
                    r.query.remove(rnd.nextInt(r.query.size()));
                }
            }
        }
    }

    private void method(Req r) {
        r.kinds.add("method");
        r.method = pick(METHODS);
    }

    private void body(Req r) {
        r.kinds.add("body");
        if (rnd.nextInt(10) < 7) {
            r.path = "/api/feedback";
            r.query.clear();
            if (rnd.nextInt(10) < 8) {
                r.method = "POST";
            }
        }
        if (r.headers.stream().noneMatch(h -> h.startsWith("Content-Type"))) {
            r.headers.add("Content-Type: application/json");
        }
        r.body = badBody();
    }

    private byte[] badBody() {
        String v = validBody();
        String inner = v.substring(1, v.length() - 1);
        return switch (rnd.nextInt(12)) {
            case 0 -> pick(List.of("", " ", "{", "}", "[]", "null", "1", "\"x\"", "not json", "{}", "{,}", "[{}]",
                    "{\"userId\": 1,}", "{'userId': 1}", "{userId: 1}", "/* c */ {}", "{\"a\":1}{\"b\":2}"))
                    .getBytes(StandardCharsets.UTF_8);
            case 1 -> (v + pick(List.of("garbage", " {}", ",", "]", "}", "\u0000", " 1", " null", v))).getBytes(StandardCharsets.UTF_8);
            case 2 -> ("{" + inner + ", " + pick(List.of("\"userId\": 2", "\"rating\": 3", "\"movieId\": 1", "\"timestamp\": 1")) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            case 3 -> field(pick(List.of("userId", "movieId")), pick(List.of("\"1\"", "1.0", "1e2", "-1", "0", "99999999999999999999",
                    "null", "true", "[1]", "{}", "1.5", "-0", "9223372036854775808", "0x10", "01", "\"\\u0031\"", "NaN")));
            case 4 -> field("rating", pick(List.of("\"4\"", "NaN", "Infinity", "-Infinity", "1e400", "-0.0", "5.0000001", "0.49",
                    "true", "null", "[4]", "9".repeat(500), "4" + "0".repeat(400), "1e-400", "0")));
            case 5 -> field("timestamp", pick(List.of("1e30", "-1", "1.5", "\"now\"", "1700000000000", "1e3", "true",
                    "9223372036854775808", "[1]", "253402300800")));
            case 6 -> ("{" + inner + ", \"" + pick(List.of("extra", "timestmap", "", "USERID", "\u00e9")) + "\": 1}")
                    .getBytes(StandardCharsets.UTF_8);
            case 7 -> {   // bytes that are not UTF-8, or other encodings
                byte[] u = v.getBytes(StandardCharsets.UTF_8);
                yield switch (rnd.nextInt(4)) {
                    case 0 -> concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, v.getBytes(StandardCharsets.UTF_16BE));
                    case 1 -> v.getBytes(StandardCharsets.UTF_16LE);
                    case 2 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, u);
                    default -> {
                        byte[] b = u.clone();
                        b[rnd.nextInt(b.length)] = pick(List.of((byte) 0xFF, (byte) 0xC0, (byte) 0x80, (byte) 0xED, (byte) 0xF8));
                        yield b;
                    }
                };
            }
            case 8 -> ("[".repeat(2000 + rnd.nextInt(3000)) + "]".repeat(10)).getBytes(StandardCharsets.UTF_8);
            case 9 -> ("{\"userId\": \"" + "a".repeat(15_000 + rnd.nextInt(20_000)) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 10 -> {   // random bytes replaced
                byte[] b = v.getBytes(StandardCharsets.UTF_8);
                for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
                yield b;
            }
            default -> {   // truncated, or a string with control characters
                byte[] b = v.getBytes(StandardCharsets.UTF_8);
                yield rnd.nextBoolean() ? java.util.Arrays.copyOf(b, rnd.nextInt(b.length))
                        : ("{\"userId\": 1, \"movieId\": \"\u0001\u0000\u001f\", \"rating\": 4}").getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    private byte[] field(String name, String value) {
        String v = validBody();
        int at = v.indexOf("\"" + name + "\": ") + name.length() + 4;
        int end = v.indexOf(',', at) < 0 ? v.indexOf('}', at) : v.indexOf(',', at);
        return (v.substring(0, at) + value + v.substring(end)).getBytes(StandardCharsets.UTF_8);
    }

    private void header(Req r) {
        r.kinds.add("header");
        switch (rnd.nextInt(16)) {
            case 0 -> r.headers.add("Content-Type: " + pick(List.of("application/json; charset=latin1", "text/plain; charset=utf-16",
                    "application/json; charset=\"nope\"", "application/json; charset=", "application/xml", ";;;", "\u00ff")));
            case 1 -> {
                r.autoLength = false;
                r.body = r.body == null ? "{}".getBytes(StandardCharsets.UTF_8) : r.body;
                r.headers.add("Content-Length: " + pick(List.of("abc", "-1", "", "1 2", "+5", "0x10", "99999999999999999999")));
            }
            case 2 -> {
                r.autoLength = false;
                r.body = r.body == null ? "{}".getBytes(StandardCharsets.UTF_8) : r.body;
                r.headers.add("Content-Length: " + r.body.length);
                r.headers.add("Content-Length: " + (r.body.length + 1));
            }
            case 3 -> {   // promises more than it sends (the connection is half-closed after the bytes)
                r.autoLength = false;
                r.body = r.body == null ? "{}".getBytes(StandardCharsets.UTF_8) : r.body;
                r.headers.add("Content-Length: " + (r.body.length + 1 + rnd.nextInt(10_000)));
            }
            case 4 -> {   // more than the body limit, declared
                r.autoLength = false;
                r.body = new byte[0];
                r.headers.add("Content-Length: " + pick(List.of("17000", "1000000", "2147483648")));
            }
            case 5 -> {   // chunked: valid, malformed, or over the limit
                r.autoLength = false;
                String b = r.body == null ? "{}" : new String(r.body, StandardCharsets.ISO_8859_1);
                r.headers.add("Transfer-Encoding: chunked");
                r.body = (switch (rnd.nextInt(5)) {
                    case 0 -> Integer.toHexString(b.length()) + "\r\n" + b + "\r\n0\r\n\r\n";
                    case 1 -> "zz\r\n" + b + "\r\n0\r\n\r\n";
                    case 2 -> "5\r\n" + b + "\r\n0\r\n\r\n";
                    case 3 -> ("2000\r\n" + "a".repeat(0x2000) + "\r\n").repeat(3) + "0\r\n\r\n";
                    default -> Integer.toHexString(b.length()) + ";ext=1\r\n" + b + "\r\n0\r\nX-Trailer: 1\r\n\r\n";
                }).getBytes(StandardCharsets.ISO_8859_1);
            }
            case 6 -> r.headers.add("Transfer-Encoding: " + pick(List.of("gzip", "chunked, chunked", "identity", "chunked;x")));
            case 7 -> r.headers.add("Expect: 100-continue");
            case 8 -> r.headers.add("X-Big: " + "a".repeat(9_000 + rnd.nextInt(5_000)));
            case 9 -> r.path = r.path + (r.path.endsWith("/") ? "" : "/") + "a".repeat(9_000 + rnd.nextInt(5_000));
            case 10 -> r.headers.add(pick(List.of("Host: other", "Garbage", "X: a\u0000b", " X: leading", "X : space",
                    "X-Fold: a\r\n b", ": empty", "X-\u00ff: y", "X: \u00ff\u00fe")));
            case 11 -> r.version = pick(List.of("HTTP/1.0", "HTTP/9.9", "HTTP/2.0", "HTTP/1.1 x", "HTTP/1", "http/1.1", "HTTP/1.10", ""));
            case 12 -> r.headers.add("Accept: " + pick(List.of("text/html", "application/xml", "image/png", "*/*;q=0", "text/plain")));
            case 13 -> r.headers.add("Accept-Charset: " + pick(List.of("utf-16", "iso-8859-1", "nope")));
            case 14 -> {
                for (int i = 0, n = 50 + rnd.nextInt(100); i < n; i++) {
                    r.headers.add("X-H" + i + ": " + i);
                }
            }
            default -> r.headers.add("Cookie: " + "c=1; ".repeat(100 + rnd.nextInt(2000)));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return hay.length;
    }

    /** Returns the status class of a status, e.g. {@code 4xx}, or {@code none} for no answer. */
    public static String statusClass(int status) {
        return status <= 0 ? "none" : (status / 100) + "xx";
    }

    /**
     * Judges an answer by the server's promises: there is one, its status is below 500, and an error (4xx)
     * has the JSON body {@code {"error": "<text>", "status": <the status>}} (no body for HEAD).
     *
     * @param c the case
     * @param a its answer, or null if the server closed the connection without one
     * @return what is wrong, or null if nothing
     */
    public static String problem(Case c, RawHttp.Answer a) {
        if (a == null) {
            return "no answer";
        }
        if (a.status() >= 500) {
            return "status " + a.status() + ": " + a.text();
        }
        if (a.status() >= 400 && !c.head()) {
            String type = a.header("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                return "status " + a.status() + " with Content-Type " + type + ": " + a.text();
            }
            com.fasterxml.jackson.databind.JsonNode body = a.json();
            if (body == null || !body.isObject() || !body.path("error").isTextual() || body.path("error").asText().isBlank()
                    || body.path("status").asInt() != a.status() || body.size() != 2) {
                return "status " + a.status() + ", error body not {error, status}: " + a.text();
            }
        }
        return null;
    }
}
