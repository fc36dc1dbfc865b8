package org.recsys4j.examples.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON answer whose shape is fixed (the source system's endpoints answer a bare list of movies) together with
 * what it cannot carry, sent as response headers: which model or pipeline answered ({@value #MODEL}), its ranker
 * ({@value #RANKER}), the fallbacks taken ({@value #FALLBACK}: comma-separated, {@code none} when none) and the
 * notes ({@value #NOTES}: joined by {@code " | "}). Header values are printable ASCII: any other character is
 * written as {@code \}{@code uXXXX}, and a value is cut after {@value #MAX_HEADER_CHARS} characters.
 *
 * @param body    the JSON body
 * @param headers the headers, in order
 */
record Annotated(Object body, Map<String, String> headers) {
    /** The header naming the model or pipeline that answered. */
    static final String MODEL = "X-Recsys4j-Model";
    /** The header naming the ranker that ran. */
    static final String RANKER = "X-Recsys4j-Ranker";
    /** The header listing the fallbacks taken. */
    static final String FALLBACK = "X-Recsys4j-Fallback";
    /** The header with the notes. */
    static final String NOTES = "X-Recsys4j-Notes";
    /** The longest header value. */
    static final int MAX_HEADER_CHARS = 2000;

    Annotated {
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    /** Returns an answer with the model, ranker (or null), fallbacks and notes as headers. */
    static Annotated of(Object body, String model, String ranker, List<String> fallbacks, List<String> notes) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(MODEL, printable(model));
        if (ranker != null) {
            h.put(RANKER, printable(ranker));
        }
        h.put(FALLBACK, fallbacks.isEmpty() ? "none" : printable(String.join(",", fallbacks)));
        if (!notes.isEmpty()) {
            h.put(NOTES, printable(String.join(" | ", notes)));
        }
        return new Annotated(body, h);
    }

    /** Returns the text as printable ASCII (others escaped as {@code \}{@code uXXXX}), cut to the longest value. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_HEADER_CHARS));
        for (int i = 0; i < s.length() && sb.length() < MAX_HEADER_CHARS; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        if (sb.length() > MAX_HEADER_CHARS) {
            sb.setLength(MAX_HEADER_CHARS);
        }
        return sb.toString();
    }
}
