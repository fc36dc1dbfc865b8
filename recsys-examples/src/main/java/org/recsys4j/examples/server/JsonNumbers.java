package org.recsys4j.examples.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;

/**
 * The server's rule for numbers in JSON: a {@code double} or {@code float} that is not finite is written as
 * {@code null}. Jackson's default writes {@code "-Infinity"} and {@code "NaN"} as strings, which a client's JSON
 * parser takes as text (or, unquoted, refuses). The endpoints say why a value is null where they can
 * ({@code "scoreNote"}); this is the guarantee for every answer. Used by {@link RecServer}.
 */
final class JsonNumbers {
    private JsonNumbers() {
    }

    /** Returns the module: non-finite {@code double}, {@code Double}, {@code float} and {@code Float} as null. */
    static SimpleModule module() {
        SimpleModule m = new SimpleModule("recsys4j-json-numbers");
        JsonSerializer<Double> d = new JsonSerializer<>() {
            @Override
            public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
                if (Double.isFinite(v)) {
                    g.writeNumber(v);
                } else {
                    g.writeNull();
                }
            }
        };
        JsonSerializer<Float> f = new JsonSerializer<>() {
            @Override
            public void serialize(Float v, JsonGenerator g, SerializerProvider p) throws IOException {
                if (Float.isFinite(v)) {
                    g.writeNumber(v);
                } else {
                    g.writeNull();
                }
            }
        };
        m.addSerializer(Double.class, d);
        m.addSerializer(Double.TYPE, d);
        m.addSerializer(Float.class, f);
        m.addSerializer(Float.TYPE, f);
        return m;
    }
}
