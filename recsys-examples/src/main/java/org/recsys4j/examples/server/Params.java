package org.recsys4j.examples.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The strict parsers of the server's parameters (query parameters, path segments and JSON body fields). A
 * number in text is ASCII digits with an optional leading {@code -} (so that a negative value gets a range
 * message rather than a syntax one): no {@code +}, no spaces or control characters (so {@code 1%00} and
 * {@code " 1"} are refused), no other scripts' digits (fullwidth {@code １}), no exponent, decimal point,
 * {@code 0x} or {@code NaN}; a value beyond the range of {@code long} is out of range, never wrapped or
 * clamped. A JSON field must have the JSON type it documents: an integer for ids and timestamps (not
 * {@code "12"}, {@code 12.0} or {@code 1e30}), a finite number for ratings. Every refusal is an
 * {@link ApiError} 400 naming the parameter or field and quoting the bad value ({@link ApiError#quote}). A
 * request body is one JSON object in UTF-8 ({@link #jsonObject}). List sizes ({@code k}, {@code size}) are
 * in [1, {@value #MAX_SIZE}] ({@link #size}).
 */
final class Params {
    /** The largest list a request may ask for ({@code k}, {@code size}). */
    static final int MAX_SIZE = 500;
    /** The default list length. */
    static final int DEFAULT_SIZE = 20;
    /** The latest timestamp accepted, 9999-12-31T23:59:59Z in seconds (a millisecond timestamp is beyond it). */
    static final long MAX_TIMESTAMP = 253_402_300_799L;
    /** The lowest rating. */
    static final double MIN_RATING = 0.5;
    /** The highest rating. */
    static final double MAX_RATING = 5.0;

    /** Bodies: trailing tokens after the object and duplicate keys are errors, not silently dropped or merged. */
    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Params() {
    }

    /**
     * Parses an id: a whole number in [1, {@link Long#MAX_VALUE}].
     *
     * @param name  the parameter, for the message
     * @param value the text as received, or null
     * @throws ApiError 400 if missing, empty, malformed or out of range
     */
    static long id(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw ApiError.badRequest("missing parameter '" + name + "'");
        }
        return inRange("parameter '" + name + "'", value, 1, Long.MAX_VALUE);
    }

    /** The longest string id accepted ({@link #stringId}). */
    static final int MAX_ID_CHARS = 256;

    /**
     * Checks a string id (of a string-id catalogue or user index): 1 to {@value #MAX_ID_CHARS} characters, no
     * control characters, taken as given (not trimmed).
     *
     * @param name  the parameter, for the message
     * @param value the text as received, or null
     * @throws ApiError 400 if missing, empty, too long or holding a control character
     */
    static String stringId(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw ApiError.badRequest("missing parameter '" + name + "'");
        }
        if (value.length() > MAX_ID_CHARS) {
            throw ApiError.badRequest("parameter '" + name + "': " + value.length() + " characters, at most "
                    + MAX_ID_CHARS + " allowed");
        }
        for (int k = 0; k < value.length(); k++) {
            if (Character.isISOControl(value.charAt(k))) {
                throw ApiError.badRequest("parameter '" + name + "': " + ApiError.quote(value)
                        + " holds a control character");
            }
        }
        return value;
    }

    /**
     * Parses a count in [1, max]; null or empty means the default.
     *
     * @param name  the parameter, for the message
     * @param value the text as received, or null
     * @param dflt  the value when absent
     * @param max   the largest allowed
     * @throws ApiError 400 if malformed or out of range
     */
    static int count(String name, String value, int dflt, int max) {
        if (value == null || value.isEmpty()) {
            return dflt;
        }
        return (int) inRange("parameter '" + name + "'", value, 1, max);
    }

    /**
     * Parses a list size in [1, {@value #MAX_SIZE}] ({@link #count}); null or empty means {@value #DEFAULT_SIZE}.
     *
     * @param name  the parameter, for the message
     * @param value the text as received, or null
     * @throws ApiError 400 if malformed or out of range
     */
    static int size(String name, String value) {
        return count(name, value, DEFAULT_SIZE, MAX_SIZE);
    }

    /** Parses {@code value} strictly and checks it is in [lo, hi]; {@code what} names it in messages. */
    static long inRange(String what, String value, long lo, long hi) {
        int n = value.length();
        int start = n > 0 && value.charAt(0) == '-' ? 1 : 0;
        boolean digits = n > start;
        for (int i = start; i < n && digits; i++) {
            char c = value.charAt(i);
            digits = c >= '0' && c <= '9';
        }
        if (!digits) {
            throw ApiError.badRequest(what + ": " + ApiError.quote(value) + " is not a number (ASCII digits 0-9 only)");
        }
        long v;
        try {
            v = Long.parseLong(value);
        } catch (NumberFormatException e) {   // only overflow is left
            throw ApiError.badRequest(what + ": " + ApiError.quote(value) + ", must be in " + range(lo, hi));
        }
        if (v < lo || v > hi) {
            throw ApiError.badRequest(what + ": " + v + ", must be " + (hi == Long.MAX_VALUE ? ">= " + lo : "in " + range(lo, hi)));
        }
        return v;
    }

    private static String range(long lo, long hi) {
        return "[" + lo + ", " + hi + "]";
    }

    /**
     * Reads an id field of a JSON body: a JSON integer in [1, {@link Long#MAX_VALUE}].
     *
     * @param field the field, for the message
     * @param v     the value as Jackson read it ({@code Integer}, {@code Long}, {@code BigInteger}, {@code Double},
     *              {@code String}, ...), or null if absent
     * @throws ApiError 400 if missing, of another type or out of range
     */
    static long jsonId(String field, Object v) {
        return jsonInteger(field, v, 1, Long.MAX_VALUE, "");
    }

    /**
     * Reads a timestamp field of a JSON body: whole seconds since the epoch, a JSON integer in
     * [0, {@value #MAX_TIMESTAMP}].
     *
     * @param field the field, for the message
     * @param v     the value as Jackson read it, not null
     * @throws ApiError 400 if of another type or out of range
     */
    static long jsonTimestamp(String field, Object v) {
        return jsonInteger(field, v, 0, MAX_TIMESTAMP, " (seconds since the epoch, not milliseconds)");
    }

    private static long jsonInteger(String field, Object v, long lo, long hi, String unit) {
        String what = "field '" + field + "'";
        if (v == null) {
            throw ApiError.badRequest(what + ": missing");
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            long x = ((Number) v).longValue();
            if (x < lo || x > hi) {
                throw ApiError.badRequest(what + ": " + x + ", must be in " + range(lo, hi) + unit);
            }
            return x;
        }
        if (v instanceof BigInteger big) {
            throw ApiError.badRequest(what + ": " + ApiError.quote(big.toString()) + ", must be in " + range(lo, hi) + unit);
        }
        if (v instanceof Number num) {
            throw ApiError.badRequest(what + ": " + ApiError.quote(plain(num)) + " is not a whole number (write it without a "
                    + "decimal point or exponent)");
        }
        throw ApiError.badRequest(what + ": " + describe(v) + ", must be a JSON integer");
    }

    /**
     * Reads the rating field of a JSON body: a finite JSON number in [{@value #MIN_RATING}, {@value #MAX_RATING}].
     *
     * @param field the field, for the message
     * @param v     the value as Jackson read it, or null if absent
     * @throws ApiError 400 if missing, of another type or out of range
     */
    static double jsonRating(String field, Object v) {
        String what = "field '" + field + "'";
        if (v == null) {
            throw ApiError.badRequest(what + ": missing");
        }
        if (!(v instanceof Number num)) {
            throw ApiError.badRequest(what + ": " + describe(v) + ", must be a JSON number");
        }
        double r = num.doubleValue();
        if (!(r >= MIN_RATING && r <= MAX_RATING) || v instanceof BigInteger) {
            throw ApiError.badRequest(what + ": " + ApiError.quote(plain(num)) + ", must be in [" + MIN_RATING + ", " + MAX_RATING + "]");
        }
        return r;
    }

    /**
     * Reads a text id field of a JSON body: a JSON string, not empty, at most {@code MAX_ID_CHARS} characters, no
     * control character.
     *
     * @throws ApiError 400 if missing, of another type, empty, too long or with a control character
     */
    static String jsonStringId(String field, Object v) {
        String what = "field '" + field + "'";
        if (v == null) {
            throw ApiError.badRequest(what + ": missing");
        }
        if (!(v instanceof String s)) {
            throw ApiError.badRequest(what + ": " + describe(v) + ", must be a JSON string (the ids are text)");
        }
        if (s.isEmpty()) {
            throw ApiError.badRequest(what + ": empty");
        }
        if (s.length() > MAX_ID_CHARS) {
            throw ApiError.badRequest(what + ": " + s.length() + " characters, at most " + MAX_ID_CHARS + " allowed");
        }
        for (int k = 0; k < s.length(); k++) {
            if (Character.isISOControl(s.charAt(k))) {
                throw ApiError.badRequest(what + ": " + ApiError.quote(s) + " holds a control character");
            }
        }
        return s;
    }

    /**
     * Reads a number field of a JSON body: a finite JSON number in {@code [lo, hi]}.
     *
     * @throws ApiError 400 if missing, of another type or out of range
     */
    static double jsonNumber(String field, Object v, double lo, double hi) {
        String what = "field '" + field + "'";
        if (v == null) {
            throw ApiError.badRequest(what + ": missing");
        }
        if (!(v instanceof Number num)) {
            throw ApiError.badRequest(what + ": " + describe(v) + ", must be a JSON number");
        }
        double x = num.doubleValue();
        if (!(x >= lo && x <= hi) || !Double.isFinite(x)) {
            throw ApiError.badRequest(what + ": " + ApiError.quote(plain(num)) + ", must be a number in [" + lo + ", " + hi
                    + "]");
        }
        return x;
    }

    private static String plain(Number n) {
        return n instanceof BigDecimal d ? d.toString() : n.toString();
    }

    /** Describes a JSON value of the wrong type, e.g. {@code the string '12'}. */
    private static String describe(Object v) {
        if (v instanceof String s) {
            return "the string " + ApiError.quote(s);
        }
        if (v instanceof Boolean b) {
            return "the boolean " + b;
        }
        if (v instanceof java.util.Map) {
            return "an object";
        }
        if (v instanceof java.util.List) {
            return "an array";
        }
        return ApiError.quote(String.valueOf(v));
    }

    /**
     * Parses a request body as one JSON object, strictly: UTF-8 (a malformed byte is a 400 giving its offset),
     * no duplicate keys, nothing after the object.
     *
     * @return the object as Jackson reads it ({@code Integer}, {@code Long}, {@code BigInteger}, {@code Double},
     *         {@code String}, maps and lists)
     * @throws ApiError 400 saying what is wrong
     */
    static Map<String, Object> jsonObject(byte[] body) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer text = CharBuffer.allocate(body.length);
        var result = utf8.decode(in, text, true);
        if (result.isError()) {
            throw ApiError.badRequest(String.format(Locale.ROOT, "body: not UTF-8 (byte 0x%02X at offset %d)",
                    body[in.position()] & 0xff, in.position()));
        }
        utf8.flush(text);
        text.flip();
        if (text.length() > 0 && text.charAt(0) == '\uFEFF') {
            text.position(1);   // a byte order mark: ignored, as RFC 8259 allows
        }
        if (text.toString().isBlank()) {
            throw ApiError.badRequest("body: empty, expected a JSON object");
        }
        Object parsed;
        try {
            parsed = STRICT_JSON.readValue(text.toString(), Object.class);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage();
            why = why.length() > 200 ? why.substring(0, 200) + "..." : why;
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw ApiError.badRequest("body: not one JSON object" + at + ": " + why);
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            String what = parsed == null ? "null" : parsed instanceof java.util.List ? "an array" : parsed instanceof String ? "a string"
                    : parsed instanceof Number ? "a number" : "a boolean";
            throw ApiError.badRequest("body: " + what + ", expected a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        return object;
    }
}
