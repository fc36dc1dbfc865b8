package org.recsys4j.examples.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's query string, decoded strictly: {@code name=value} pairs separated by {@code &}, {@code +} for a
 * space, {@code %XX} escapes of UTF-8 bytes. Every pair is checked, including those of parameters no endpoint
 * reads, so a malformed query is a 400 wherever it is sent:
 * <ul>
 *   <li>a {@code %} not followed by two hex digits ({@code %zz}, {@code %4}, a lone {@code %});</li>
 *   <li>escaped bytes that are not UTF-8 ({@code %ff}, overlong forms such as {@code %C0%AF}, surrogates);</li>
 *   <li>control characters, raw or escaped ({@code %00}, {@code %0A}), and bytes the HTTP layer could not
 *       decode (U+FFFD in the raw query).</li>
 * </ul>
 * Raw non-ASCII characters that arrived as valid UTF-8 are kept (curl sends them unescaped). A parameter given
 * more than once is refused when an endpoint reads it ({@link #get}), since either value could be meant.
 */
final class QueryString {
    private static final QueryString EMPTY = new QueryString(Map.of());

    private final Map<String, List<String>> values;

    private QueryString(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * Parses a raw (still %-encoded) query.
     *
     * @param raw the query without the {@code ?}, or null for none
     * @throws ApiError 400 naming the parameter and showing the raw pair if anything is malformed
     */
    static QueryString parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            return EMPTY;
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        int start = 0;
        while (start <= raw.length()) {
            int amp = raw.indexOf('&', start);
            int end = amp < 0 ? raw.length() : amp;
            if (end > start) {
                String pair = raw.substring(start, end);
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
                String name = decode(rawName, null, pair);
                if (name.isEmpty()) {
                    throw ApiError.badRequest("query: " + ApiError.quote(pair) + " has no parameter name");
                }
                String value = decode(rawValue, name, pair);
                out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        return new QueryString(Collections.unmodifiableMap(out));
    }

    /**
     * Returns a parameter's value.
     *
     * @param name the parameter
     * @return its decoded value ({@code ""} for {@code ?name} or {@code ?name=}), or null if absent
     * @throws ApiError 400 if it was given more than once
     */
    String get(String name) {
        List<String> v = values.get(name);
        if (v == null) {
            return null;
        }
        if (v.size() > 1) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < Math.min(3, v.size()); i++) {
                sb.append(i == 0 ? "" : ", ").append(ApiError.quote(v.get(i)));
            }
            throw ApiError.badRequest("parameter '" + name + "': given " + v.size() + " times (" + sb
                    + (v.size() > 3 ? ", ..." : "") + "), give it once");
        }
        return v.get(0);
    }

    /** Returns the parameter names, in query order. */
    List<String> names() {
        return List.copyOf(values.keySet());
    }

    /** Decodes one name or value; {@code param} is the parameter's name (null while decoding the name). */
    private static String decode(String s, String param, String pair) {
        String where = param == null ? "query: parameter name in " + ApiError.quote(pair)
                : "parameter " + ApiError.quote(param);
        boolean plain = true;
        for (int i = 0; i < s.length() && plain; i++) {
            char c = s.charAt(i);
            plain = c != '%' && c != '+' && c >= 0x20 && c < 0x7f;
        }
        if (plain) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 1 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0 || s.charAt(i + 1) > 0x7f || s.charAt(i + 2) > 0x7f) {
                    String esc = s.substring(i, Math.min(s.length(), i + 3));
                    throw ApiError.badRequest(where + ": " + ApiError.quote(esc) + " is not a %-escape (% and two hex digits) in "
                            + ApiError.quote(pair));
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else if (c == '\uFFFD') {
                throw ApiError.badRequest(where + ": raw bytes that are not UTF-8 in " + ApiError.quote(pair)
                        + " (escape them as %XX)");
            } else {
                int cp = Character.codePointAt(s, i);
                if (Character.charCount(cp) == 2) {
                    i++;
                }
                byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        try {
            text = utf8.decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest(where + ": the escaped bytes of " + ApiError.quote(pair) + " are not UTF-8 text");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\uFFFD') {
                throw ApiError.badRequest(where + ": control character " + String.format("U+%04X", (int) c) + " in "
                        + ApiError.quote(pair));
            }
        }
        return text;
    }
}
