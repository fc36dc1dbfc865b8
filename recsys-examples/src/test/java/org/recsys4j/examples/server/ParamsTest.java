package org.recsys4j.examples.server;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strict parsers without HTTP: numbers, JSON fields, query strings, bodies, and how values are quoted. */
class ParamsTest {
    private static ApiError refused(Runnable r) {
        ApiError e = assertThrows(ApiError.class, r::run);
        assertEquals(400, e.status());
        return e;
    }

    @Test
    void idsAreAsciiDigitsOnly() {
        assertEquals(42, Params.id("id", "42"));
        assertEquals(42, Params.id("id", "0042"));
        assertEquals(Long.MAX_VALUE, Params.id("id", "9223372036854775807"));
        for (String bad : List.of("1\u0000", "\u0000", "\uff11", "\u0661", "\u0967", "\ud835\udfcf", "+1", " 1", "1 ", "\t1", "1\n", "1e3",
                "1E3", "1.0", "1.", ".5", "0x10", "NaN", "Infinity", "-", "--1", "1-", "1_000", "1,000", "abc", "\u00b9", "\u2460")) {
            ApiError e = refused(() -> Params.id("id", bad));
            assertTrue(e.getMessage().startsWith("parameter 'id': '") && e.getMessage().endsWith("' is not a number (ASCII digits 0-9 only)"),
                    e.getMessage());
        }
        assertEquals("parameter 'id': '1\\u0000' is not a number (ASCII digits 0-9 only)", refused(() -> Params.id("id", "1\u0000")).getMessage());
        assertEquals("parameter 'id': 0, must be >= 1", refused(() -> Params.id("id", "0")).getMessage());
        assertEquals("parameter 'id': -3, must be >= 1", refused(() -> Params.id("id", "-3")).getMessage());
        assertEquals("parameter 'id': '9223372036854775808', must be in [1, 9223372036854775807]",
                refused(() -> Params.id("id", "9223372036854775808")).getMessage());
        assertEquals("parameter 'id': '-99999999999999999999', must be in [1, 9223372036854775807]",
                refused(() -> Params.id("id", "-99999999999999999999")).getMessage());
        assertEquals("missing parameter 'movieId'", refused(() -> Params.id("movieId", null)).getMessage());
        assertEquals("missing parameter 'movieId'", refused(() -> Params.id("movieId", "")).getMessage());
    }

    @Test
    void countsHaveDefaultsAndRanges() {
        assertEquals(20, Params.count("k", null, 20, 500));
        assertEquals(20, Params.count("k", "", 20, 500));
        assertEquals(1, Params.count("k", "1", 20, 500));
        assertEquals(500, Params.count("k", "500", 20, 500));
        assertEquals("parameter 'k': 501, must be in [1, 500]", refused(() -> Params.count("k", "501", 20, 500)).getMessage());
        assertEquals("parameter 'k': 0, must be in [1, 500]", refused(() -> Params.count("k", "0", 20, 500)).getMessage());
        assertEquals("parameter 'k': '99999999999999999999', must be in [1, 500]",
                refused(() -> Params.count("k", "99999999999999999999", 20, 500)).getMessage());
        assertEquals("parameter 'k': 4294967297, must be in [1, 500]", refused(() -> Params.count("k", "4294967297", 20, 500)).getMessage(),
                "no int wrap-around to 1");
        refused(() -> Params.count("k", " ", 20, 500));
        refused(() -> Params.count("k", "\uff15", 20, 500));
    }

    @Test
    void jsonFieldsMustHaveTheirJsonType() {
        assertEquals(7, Params.jsonId("userId", 7));
        assertEquals(1L << 40, Params.jsonId("userId", 1L << 40));
        assertEquals("field 'userId': missing", refused(() -> Params.jsonId("userId", null)).getMessage());
        assertEquals("field 'userId': the string '7', must be a JSON integer", refused(() -> Params.jsonId("userId", "7")).getMessage());
        assertEquals("field 'userId': '7.0' is not a whole number (write it without a decimal point or exponent)",
                refused(() -> Params.jsonId("userId", 7.0)).getMessage());
        assertEquals("field 'userId': '1.0E30' is not a whole number (write it without a decimal point or exponent)",
                refused(() -> Params.jsonId("userId", 1e30)).getMessage());
        assertEquals("field 'userId': '18446744073709551616', must be in [1, 9223372036854775807]",
                refused(() -> Params.jsonId("userId", BigInteger.TWO.pow(64))).getMessage());
        assertEquals("field 'userId': 0, must be in [1, 9223372036854775807]", refused(() -> Params.jsonId("userId", 0)).getMessage());
        assertEquals("field 'userId': the boolean true, must be a JSON integer", refused(() -> Params.jsonId("userId", true)).getMessage());
        assertEquals("field 'userId': an array, must be a JSON integer", refused(() -> Params.jsonId("userId", List.of(1))).getMessage());
        assertEquals("field 'userId': an object, must be a JSON integer", refused(() -> Params.jsonId("userId", Map.of())).getMessage());

        assertEquals(0, Params.jsonTimestamp("timestamp", 0));
        assertEquals(Params.MAX_TIMESTAMP, Params.jsonTimestamp("timestamp", Params.MAX_TIMESTAMP));
        assertEquals("field 'timestamp': 1700000000000, must be in [0, 253402300799] (seconds since the epoch, not milliseconds)",
                refused(() -> Params.jsonTimestamp("timestamp", 1_700_000_000_000L)).getMessage());
        refused(() -> Params.jsonTimestamp("timestamp", -1));
        refused(() -> Params.jsonTimestamp("timestamp", 1e30));
        refused(() -> Params.jsonTimestamp("timestamp", new BigDecimal("1700000000.5")));

        assertEquals(4.5, Params.jsonRating("rating", 4.5));
        assertEquals(5.0, Params.jsonRating("rating", 5));
        assertEquals(0.5, Params.jsonRating("rating", 0.5));
        for (Object bad : List.of(0.49, 5.0001, 0, -1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, BigInteger.TEN.pow(30))) {
            assertTrue(refused(() -> Params.jsonRating("rating", bad)).getMessage().endsWith(", must be in [0.5, 5.0]"), bad.toString());
        }
        assertEquals("field 'rating': the string '4', must be a JSON number", refused(() -> Params.jsonRating("rating", "4")).getMessage());
        assertEquals("field 'rating': missing", refused(() -> Params.jsonRating("rating", null)).getMessage());
    }

    @Test
    void queryStringsAreDecodedStrictly() {
        QueryString q = QueryString.parse("id=12&genre=Sci-Fi&title=a+b%20c&flag&empty=&x=%C3%A9t%C3%A9&raw=\u00e9");
        assertEquals("12", q.get("id"));
        assertEquals("Sci-Fi", q.get("genre"));
        assertEquals("a b c", q.get("title"));
        assertEquals("", q.get("flag"));
        assertEquals("", q.get("empty"));
        assertEquals("\u00e9t\u00e9", q.get("x"));
        assertEquals("\u00e9", q.get("raw"));
        assertNull(q.get("missing"));
        assertEquals(List.of("id", "genre", "title", "flag", "empty", "x", "raw"), q.names());
        assertEquals(List.of(), QueryString.parse(null).names());
        assertEquals(List.of("a"), QueryString.parse("&&a=1&&").names());
        assertEquals("%", QueryString.parse("p=%25").get("p"));
        assertEquals("a=b&c", QueryString.parse("p=a%3Db%26c").get("p"));
        assertEquals("\ud83d\ude00", QueryString.parse("p=%F0%9F%98%80").get("p"));

        assertEquals("parameter 'id': '%zz' is not a %-escape (% and two hex digits) in 'id=%zz'",
                refused(() -> QueryString.parse("id=%zz")).getMessage());
        assertEquals("parameter 'id': '%' is not a %-escape (% and two hex digits) in 'id=1%'",
                refused(() -> QueryString.parse("id=1%")).getMessage());
        assertEquals("parameter 'id': '%4' is not a %-escape (% and two hex digits) in 'id=%4'",
                refused(() -> QueryString.parse("id=%4")).getMessage());
        assertEquals("parameter 'id': '%\uff11\uff11' is not a %-escape (% and two hex digits) in 'id=%\uff11\uff11'",
                refused(() -> QueryString.parse("id=%\uff11\uff11")).getMessage());
        for (String notUtf8 : List.of("%ff", "%C0%AF", "%C0%80", "%ED%A0%80", "%F4%90%80%80", "%F8%88%80%80%80", "%E2%82", "%80")) {
            assertEquals("parameter 'id': the escaped bytes of 'id=" + notUtf8 + "' are not UTF-8 text",
                    refused(() -> QueryString.parse("id=" + notUtf8)).getMessage());
        }
        assertEquals("parameter 'id': control character U+0000 in 'id=1%00'", refused(() -> QueryString.parse("id=1%00")).getMessage());
        assertEquals("parameter 'id': control character U+007F in 'id=1%7F'", refused(() -> QueryString.parse("id=1%7F")).getMessage());
        assertEquals("parameter 'id': control character U+0085 in 'id=1%C2%85'", refused(() -> QueryString.parse("id=1%C2%85")).getMessage());
        assertEquals("parameter 'id': control character U+FFFD in 'id=%EF%BF%BD'", refused(() -> QueryString.parse("id=%EF%BF%BD")).getMessage());
        assertEquals("parameter 'id': raw bytes that are not UTF-8 in 'id=\\ufffd' (escape them as %XX)",
                refused(() -> QueryString.parse("id=\ufffd")).getMessage());
        assertEquals("query: parameter name in '%ff=1': the escaped bytes of '%ff=1' are not UTF-8 text",
                refused(() -> QueryString.parse("%ff=1")).getMessage());
        assertEquals("query: '=1' has no parameter name", refused(() -> QueryString.parse("a=2&=1")).getMessage());
        QueryString twice = QueryString.parse("id=1&id=2&id=3&id=4&other=1&other=2");
        assertEquals("parameter 'id': given 4 times ('1', '2', '3', ...), give it once", refused(() -> twice.get("id")).getMessage());
    }

    @Test
    void valuesAreQuotedSafelyAndCut() {
        assertEquals("'abc'", ApiError.quote("abc"));
        assertEquals("'1\\u0000\\u001b[31m'", ApiError.quote("1\u0000\u001b[31m"));
        assertEquals("'a\\u202eb\\u200b'", ApiError.quote("a\u202eb\u200b"));
        assertEquals("'it\\'s \\\\'", ApiError.quote("it's \\"));
        assertEquals("'\\ud83d\\ude00 \u00e9'", ApiError.quote("\ud83d\ude00 \u00e9"));
        assertEquals("null", ApiError.quote(null));
        String shown = ApiError.quote("x".repeat(5000));
        assertEquals("'" + "x".repeat(ApiError.MAX_SHOWN) + "'... (5000 characters)", shown);
        assertThrows(IllegalArgumentException.class, () -> new ApiError(500, "a server error is not an ApiError"));
        assertEquals("GET, HEAD", ApiError.methodNotAllowed("no", "GET, HEAD").allow());
    }

    @Test
    void bodiesAreOneJsonObjectInUtf8() {
        assertEquals(Map.of("a", 1), Params.jsonObject("{\"a\": 1}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Map.of("a", 1), Params.jsonObject("\ufeff{\"a\": 1}\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Map.of("t", 1e30), Params.jsonObject("{\"t\": 1e30}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(refused(() -> Params.jsonObject("{\"a\": 1} x".getBytes(StandardCharsets.UTF_8))).getMessage()
                .startsWith("body: not one JSON object at line 1, column "));
        assertTrue(refused(() -> Params.jsonObject("{\"a\": 1, \"a\": 2}".getBytes(StandardCharsets.UTF_8))).getMessage()
                .contains("Duplicate field 'a'"));
        assertTrue(refused(() -> Params.jsonObject("{\"a\": NaN}".getBytes(StandardCharsets.UTF_8))).getMessage()
                .startsWith("body: not one JSON object"));
        assertEquals("body: not UTF-8 (byte 0xC0 at offset 7)",
                refused(() -> Params.jsonObject(new byte[] {'{', '"', 'a', '"', ':', ' ', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}))
                        .getMessage());
        assertEquals("body: not UTF-8 (byte 0xED at offset 1)",
                refused(() -> Params.jsonObject(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'})).getMessage());
        assertEquals("body: empty, expected a JSON object", refused(() -> Params.jsonObject(new byte[0])).getMessage());
        assertEquals("body: empty, expected a JSON object", refused(() -> Params.jsonObject(" \n".getBytes(StandardCharsets.UTF_8))).getMessage());
        assertEquals("body: an array, expected a JSON object", refused(() -> Params.jsonObject("[]".getBytes(StandardCharsets.UTF_8))).getMessage());
        assertEquals("body: null, expected a JSON object", refused(() -> Params.jsonObject("null".getBytes(StandardCharsets.UTF_8))).getMessage());
        assertEquals("body: a string, expected a JSON object", refused(() -> Params.jsonObject("\"x\"".getBytes(StandardCharsets.UTF_8))).getMessage());
        assertEquals("body: a number, expected a JSON object",
                refused(() -> Params.jsonObject("7".getBytes(StandardCharsets.UTF_8))).getMessage());
        refused(() -> Params.jsonObject("[".repeat(100_000).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void limitsAreChecked() {
        RecServer.Limits d = RecServer.Limits.defaults();
        assertEquals(64, d.threads());
        assertEquals(16 * 1024, d.maxBodyBytes());
        assertEquals(Duration.ofSeconds(3), d.withBodyTimeout(Duration.ofSeconds(3)).bodyTimeout());
        assertEquals("threads = 4: must be at least 8", assertThrows(IllegalArgumentException.class, () -> d.withThreads(4)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.withBodyTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> d.withIdleTimeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> new RecServer.Limits(64, 0, 8192, 1, Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }
}
