package org.recsys4j.rank.remote;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.recsys4j.rank.serving.InputBatch;
import org.recsys4j.rank.serving.TensorSpec;
import org.recsys4j.rank.serving.TensorType;

/**
 * The JSON shapes of both protocols, for both sides: request bodies (encoded by the client, decoded
 * by the server) and response bodies (encoded by the server, decoded by the client). Bodies that do
 * not have the expected shape give an {@link IllegalArgumentException} whose message says what was
 * expected and what was found.
 */
final class Wire {
    /** The optional dependency the wire format needs (compile-time constants: naming them loads no Jackson). */
    static final String JACKSON = "com.fasterxml.jackson.core:jackson-databind";
    static final String JACKSON_CLASS = "com.fasterxml.jackson.databind.ObjectMapper";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();
    private static final int SNIPPET = 200;
    /** The id that pads a bag of ids to the width of a rectangular tensor (bags hold ids >= 0). */
    static final long BAG_PADDING = -1;

    private Wire() {
    }

    /** Returns the path of a predict/infer call. */
    static String inferPath(Protocol protocol, String model, long version) {
        String v = version > 0 ? "/versions/" + version : "";
        return protocol == Protocol.TF_SERVING ? "/v1/models/" + model + v + ":predict" : "/v2/models/" + model + v + "/infer";
    }

    // ---- client side ----

    /** Returns the request body for a batch. */
    static byte[] encodeRequest(Protocol protocol, InputBatch batch, String outputName) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + batch.rows() * 16 * batch.size());
        try (JsonGenerator g = FACTORY.createGenerator(bytes)) {
            g.writeStartObject();
            if (protocol == Protocol.TF_SERVING) {
                g.writeArrayFieldStart("instances");
                for (int r = 0; r < batch.rows(); r++) {
                    g.writeStartObject();
                    for (int t = 0; t < batch.size(); t++) {
                        g.writeFieldName(batch.spec(t).name());
                        writeRow(g, batch, t, r);
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
            } else {
                g.writeArrayFieldStart("inputs");
                for (int t = 0; t < batch.size(); t++) {
                    TensorSpec s = batch.spec(t);
                    g.writeStartObject();
                    g.writeStringField("name", s.name());
                    int width = s.variableWidth() ? longestBag(batch, t) : s.width();
                    g.writeArrayFieldStart("shape");
                    g.writeNumber(batch.rows());
                    g.writeNumber(width);
                    g.writeEndArray();
                    g.writeStringField("datatype", s.type().kserveName());
                    g.writeArrayFieldStart("data");
                    for (int r = 0; r < batch.rows(); r++) {
                        if (s.variableWidth()) {
                            writePaddedBag(g, batch, t, r, width);
                        } else {
                            writeValues(g, batch, t, r);
                        }
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
                if (outputName != null) {
                    g.writeArrayFieldStart("outputs");
                    g.writeStartObject();
                    g.writeStringField("name", outputName);
                    g.writeEndObject();
                    g.writeEndArray();
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeRow(JsonGenerator g, InputBatch batch, int t, int r) throws IOException {
        g.writeStartArray();
        if (batch.spec(t).variableWidth()) {
            int[] off = batch.offsets(t);
            long[] v = batch.longs(t);
            for (int j = off[r]; j < off[r + 1]; j++) {
                g.writeNumber(v[j]);
            }
        } else {
            writeValues(g, batch, t, r);
        }
        g.writeEndArray();
    }

    /** Returns the longest row of bag tensor {@code t}: the width of its padded KServe v2 tensor. */
    private static int longestBag(InputBatch batch, int t) {
        int[] off = batch.offsets(t);
        int w = 0;
        for (int r = 0; r < batch.rows(); r++) {
            w = Math.max(w, off[r + 1] - off[r]);
        }
        return w;
    }

    /** Writes row {@code r} of a bag padded with {@value #BAG_PADDING} to {@code width} ids (KServe v2 tensors are not ragged). */
    private static void writePaddedBag(JsonGenerator g, InputBatch batch, int t, int r, int width) throws IOException {
        int[] off = batch.offsets(t);
        long[] v = batch.longs(t);
        for (int j = off[r]; j < off[r + 1]; j++) {
            g.writeNumber(v[j]);
        }
        for (int j = off[r + 1] - off[r]; j < width; j++) {
            g.writeNumber(BAG_PADDING);
        }
    }

    private static void writeValues(JsonGenerator g, InputBatch batch, int t, int r) throws IOException {
        int w = batch.spec(t).width();
        if (batch.spec(t).type() == TensorType.FLOAT32) {
            float[] v = batch.floats(t);
            for (int j = r * w; j < (r + 1) * w; j++) {
                g.writeNumber(v[j]);
            }
        } else {
            long[] v = batch.longs(t);
            for (int j = r * w; j < (r + 1) * w; j++) {
                g.writeNumber(v[j]);
            }
        }
    }

    /**
     * Reads one score per row from a success body into {@code out[offset..offset+rows)}.
     *
     * @throws IllegalArgumentException if the body is not JSON, not the protocol's shape, has the wrong
     *                                  number of predictions or a non-numeric one
     */
    static void decodeResponse(Protocol protocol, byte[] body, int rows, String outputName, double[] out, int offset) {
        JsonNode root = parse(body, "response");
        if (protocol == Protocol.TF_SERVING) {
            JsonNode p = root.get("predictions");
            if (p == null) {
                throw new IllegalArgumentException("response has no 'predictions' field: " + snippet(body));
            }
            if (!p.isArray()) {
                throw new IllegalArgumentException("'predictions' is " + p.getNodeType() + ", expected an array");
            }
            if (p.size() != rows) {
                throw new IllegalArgumentException("expected " + rows + " predictions (one per instance), got " + p.size());
            }
            for (int i = 0; i < rows; i++) {
                out[offset + i] = prediction(p.get(i), i, outputName);
            }
        } else {
            JsonNode outputs = root.get("outputs");
            if (outputs == null || !outputs.isArray() || outputs.isEmpty()) {
                throw new IllegalArgumentException("response has no 'outputs' array: " + snippet(body));
            }
            JsonNode chosen = null;
            for (JsonNode o : outputs) {
                if (outputName == null || outputName.equals(o.path("name").asText(null))) {
                    chosen = o;
                    break;
                }
            }
            if (chosen == null) {
                throw new IllegalArgumentException("response has no output named '" + outputName + "': " + snippet(body));
            }
            JsonNode data = chosen.get("data");
            if (data == null || !data.isArray()) {
                throw new IllegalArgumentException("output '" + chosen.path("name").asText() + "' has no 'data' array");
            }
            double[] flat = new double[rows];
            int n = flatten(data, flat, 0, "output '" + chosen.path("name").asText() + "'");
            if (n != rows) {
                throw new IllegalArgumentException("expected " + rows + " values in output '" + chosen.path("name").asText()
                        + "' (one per row), got " + n);
            }
            System.arraycopy(flat, 0, out, offset, rows);
        }
    }

    private static double prediction(JsonNode p, int i, String outputName) {
        JsonNode v = p;
        if (v.isObject()) {
            if (outputName != null) {
                v = v.get(outputName);
            } else if (v.size() == 1) {
                v = v.elements().next();
            } else {
                throw new IllegalArgumentException("prediction " + i + " has several outputs " + fieldNames(p)
                        + "; set the output name");
            }
            if (v == null) {
                throw new IllegalArgumentException("prediction " + i + " has no output '" + outputName + "': " + p);
            }
        }
        if (v.isArray() && v.size() == 1) {
            v = v.get(0);
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("prediction " + i + " is not a number: " + clip(p.toString()));
        }
        return v.asDouble();
    }

    private static int flatten(JsonNode data, double[] out, int n, String what) {
        for (JsonNode v : data) {
            if (v.isArray()) {
                n = flatten(v, out, n, what);
            } else if (!v.isNumber()) {
                throw new IllegalArgumentException(what + ": value " + n + " is not a number: " + clip(v.toString()));
            } else {
                if (n < out.length) {
                    out[n] = v.asDouble();
                }
                n++;
            }
        }
        return n;
    }

    /** Returns the {@code error} message of an error body, or a snippet of the body if it has none. */
    static String errorMessage(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null && root.has("error")) {
                return root.get("error").asText();
            }
        } catch (IOException e) {
            // not JSON: fall through to the raw body
        }
        return snippet(body);
    }

    // ---- server side ----

    /**
     * Returns the batch a request body describes.
     *
     * @throws IllegalArgumentException with a TF-Serving-like message if the body does not match the signature
     */
    static InputBatch decodeRequest(Protocol protocol, byte[] body, List<TensorSpec> specs) {
        JsonNode root = parse(body, "request");
        if (!root.isObject()) {
            throw new IllegalArgumentException("JSON Value: " + clip(root.toString()) + " Is not an object");
        }
        if (protocol == Protocol.TF_SERVING) {
            JsonNode instances = root.get("instances");
            if (instances == null) {
                throw new IllegalArgumentException("Missing 'inputs' or 'instances' key");
            }
            if (!instances.isArray()) {
                throw new IllegalArgumentException("Expecting 'instances' to be an list/array");
            }
            InputBatch batch = new InputBatch(specs, instances.size());
            for (int r = 0; r < instances.size(); r++) {
                JsonNode inst = instances.get(r);
                if (!inst.isObject()) {
                    if (specs.size() > 1) {
                        throw new IllegalArgumentException("instances is a plain list, but expected list of objects as multiple "
                                + "input tensors required as per tensorinfo_map");
                    }
                    readValues(inst, batch, 0, r, "Failed to process element: " + r + " of 'instances' list. Error: Invalid argument: ");
                    continue;
                }
                for (int t = 0; t < specs.size(); t++) {
                    String name = specs.get(t).name();
                    JsonNode v = inst.get(name);
                    String where = "Failed to process element: " + r + " key: " + name + " of 'instances' list. Error: Invalid argument: ";
                    if (v == null) {
                        throw new IllegalArgumentException("Failed to process element: " + r + " of 'instances' list. Error: "
                                + "Invalid argument: JSON object: does not have named input: " + name);
                    }
                    readValues(v, batch, t, r, where);
                }
            }
            return batch;
        }
        JsonNode inputs = root.get("inputs");
        if (inputs == null || !inputs.isArray()) {
            throw new IllegalArgumentException("request has no 'inputs' array");
        }
        int rows = -1;
        for (JsonNode in : inputs) {
            JsonNode shape = in.get("shape");
            if (shape == null || !shape.isArray() || shape.isEmpty() || !shape.get(0).canConvertToInt()) {
                throw new IllegalArgumentException("input '" + in.path("name").asText() + "': missing or invalid 'shape'");
            }
            if (rows >= 0 && shape.get(0).asInt() != rows) {
                throw new IllegalArgumentException("input '" + in.path("name").asText() + "': batch size " + shape.get(0).asInt()
                        + " differs from the other inputs' " + rows);
            }
            rows = shape.get(0).asInt();
        }
        if (rows < 0) {
            throw new IllegalArgumentException("request has no inputs; expected " + names(specs));
        }
        InputBatch batch = new InputBatch(specs, rows);
        for (int t = 0; t < specs.size(); t++) {
            TensorSpec s = specs.get(t);
            JsonNode in = null;
            for (JsonNode candidate : inputs) {
                if (s.name().equals(candidate.path("name").asText())) {
                    in = candidate;
                }
            }
            if (in == null) {
                throw new IllegalArgumentException("expected input '" + s.name() + "' (" + s.type().kserveName() + " [-1, "
                        + s.width() + "]) is missing; the request has " + inputNames(inputs));
            }
            String dt = in.path("datatype").asText();
            if (!dt.equals(s.type().kserveName())) {
                throw new IllegalArgumentException("input '" + s.name() + "': datatype " + dt + ", expected " + s.type().kserveName());
            }
            JsonNode shape = in.get("shape");
            if (s.variableWidth()) {
                readPaddedBag(in, batch, t, rows);
                continue;
            }
            long size = 1;
            for (JsonNode d : shape) {
                size *= d.asLong();
            }
            if (size != (long) rows * s.width()) {
                throw new IllegalArgumentException("input '" + s.name() + "': shape " + shape + ", expected [" + rows
                        + ", " + s.width() + "]");
            }
            JsonNode data = in.get("data");
            if (data == null || !data.isArray()) {
                throw new IllegalArgumentException("input '" + s.name() + "': no 'data' array");
            }
            double[] flat = new double[rows * s.width()];
            int n = flatten(data, flat, 0, "input '" + s.name() + "'");
            if (n != flat.length) {
                throw new IllegalArgumentException("input '" + s.name() + "': " + n + " values for shape " + shape);
            }
            store(batch, t, 0, flat, "input '" + s.name() + "': ");
        }
        return batch;
    }

    /** Reads a bag sent as a rectangular {@code [rows, width]} tensor padded with {@value #BAG_PADDING}. */
    private static void readPaddedBag(JsonNode in, InputBatch batch, int t, int rows) {
        TensorSpec s = batch.spec(t);
        JsonNode shape = in.get("shape");
        if (shape.size() > 2 || (shape.size() == 2 && (!shape.get(1).canConvertToInt() || shape.get(1).asInt() < 0))) {
            throw new IllegalArgumentException("input '" + s.name() + "': shape " + shape + ", expected [" + rows
                    + ", width] (a bag of ids padded with " + BAG_PADDING + ")");
        }
        int width = shape.size() == 2 ? shape.get(1).asInt() : 1;
        JsonNode data = in.get("data");
        if (data == null || !data.isArray()) {
            throw new IllegalArgumentException("input '" + s.name() + "': no 'data' array");
        }
        if ((long) rows * width > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("input '" + s.name() + "': shape " + shape + " is too large");
        }
        double[] flat = new double[rows * width];
        int n = flatten(data, flat, 0, "input '" + s.name() + "'");
        if (n != flat.length) {
            throw new IllegalArgumentException("input '" + s.name() + "': " + n + " values for shape " + shape);
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < width; j++) {
                appendBagId(batch, t, r, flat[r * width + j], "input '" + s.name() + "': ");
            }
        }
    }

    private static void readValues(JsonNode v, InputBatch batch, int t, int r, String where) {
        TensorSpec s = batch.spec(t);
        if (s.variableWidth()) {
            readBag(v, batch, t, r, where);
            return;
        }
        double[] values = new double[s.width()];
        if (v.isNumber() && s.width() == 1) {
            values[0] = v.asDouble();
        } else if (v.isArray()) {
            int n = 0;
            try {
                n = flatten(v, new double[0], 0, "");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "JSON Value: " + clip(v.toString()) + " is not of expected type: "
                        + typeName(s.type()));
            }
            if (n != s.width()) {
                throw new IllegalArgumentException(where + "Expecting tensor size: " + s.width() + " but got: " + n);
            }
            flatten(v, values, 0, "");
        } else {
            throw new IllegalArgumentException(where + "JSON Value: " + clip(v.toString()) + " Type: "
                    + v.getNodeType() + " is not of expected type: " + typeName(s.type()));
        }
        store(batch, t, r * s.width(), values, where);
    }

    /** Reads one row of a bag: an id or a list of ids (any length; {@value #BAG_PADDING} pads and is dropped). */
    private static void readBag(JsonNode v, InputBatch batch, int t, int r, String where) {
        if (v.isNumber()) {
            appendBagId(batch, t, r, v.asDouble(), where);
        } else if (v.isArray()) {
            double[] values;
            try {
                values = new double[flatten(v, new double[0], 0, "")];
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "JSON Value: " + clip(v.toString()) + " is not of expected type: int64");
            }
            flatten(v, values, 0, "");
            for (double d : values) {
                appendBagId(batch, t, r, d, where);
            }
        } else {
            throw new IllegalArgumentException(where + "JSON Value: " + clip(v.toString()) + " Type: "
                    + v.getNodeType() + " is not of expected type: int64");
        }
    }

    private static void appendBagId(InputBatch batch, int t, int r, double d, String where) {
        long id = toLong(d, where);
        if (id == BAG_PADDING) {
            return;
        }
        if (id < 0) {
            throw new IllegalArgumentException(where + "id " + id + " in bag '" + batch.spec(t).name()
                    + "', ids must be >= 0 (" + BAG_PADDING + " pads)");
        }
        batch.append(t, r, id);
    }

    private static long toLong(double d, String where) {
        if (d != Math.rint(d) || Math.abs(d) > 9.007199254740992E15) {
            throw new IllegalArgumentException(where + "JSON Value: " + d + " is not of expected type: int64");
        }
        return (long) d;
    }

    private static void store(InputBatch batch, int t, int offset, double[] values, String where) {
        if (batch.spec(t).type() == TensorType.FLOAT32) {
            float[] out = batch.floats(t);
            for (int j = 0; j < values.length; j++) {
                out[offset + j] = (float) values[j];
            }
        } else {
            long[] out = batch.longs(t);
            for (int j = 0; j < values.length; j++) {
                out[offset + j] = toLong(values[j], where);
            }
        }
    }

    /** Returns the success body for these scores. */
    static byte[] encodeResponse(Protocol protocol, double[] scores, String model, long version, String outputName, JsonNode id) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + scores.length * 20);
        try (JsonGenerator g = FACTORY.createGenerator(bytes)) {
            g.writeStartObject();
            if (protocol == Protocol.TF_SERVING) {
                g.writeArrayFieldStart("predictions");
                for (double s : scores) {
                    g.writeNumber(s);
                }
                g.writeEndArray();
            } else {
                g.writeStringField("model_name", model);
                g.writeStringField("model_version", Long.toString(version));
                if (id != null) {
                    g.writeFieldName("id");
                    JSON.writeTree(g, id);
                }
                g.writeArrayFieldStart("outputs");
                g.writeStartObject();
                g.writeStringField("name", outputName);
                g.writeArrayFieldStart("shape");
                g.writeNumber(scores.length);
                g.writeNumber(1);
                g.writeEndArray();
                g.writeStringField("datatype", "FP64");
                g.writeArrayFieldStart("data");
                for (double s : scores) {
                    g.writeNumber(s);
                }
                g.writeEndArray();
                g.writeEndObject();
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Returns {@code {"error": message}}. */
    static byte[] error(String message) {
        return JSON.createObjectNode().put("error", message).toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- helpers ----

    private static JsonNode parse(byte[] body, String what) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw new IllegalArgumentException("JSON Parse error: the " + what + " body is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("JSON Parse error: malformed " + what + " body (" + e.getOriginalMessage()
                    + "): " + snippet(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String snippet(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, SNIPPET + 1), StandardCharsets.UTF_8);
        return "'" + clip(s) + "'";
    }

    private static String clip(String s) {
        return s.length() > SNIPPET ? s.substring(0, SNIPPET) + "..." : s;
    }

    private static String typeName(TensorType t) {
        return t == TensorType.FLOAT32 ? "float" : "int64";
    }

    private static List<String> names(List<TensorSpec> specs) {
        return specs.stream().map(TensorSpec::name).toList();
    }

    private static List<String> inputNames(JsonNode inputs) {
        ArrayList<String> n = new ArrayList<>();
        for (JsonNode in : inputs) {
            n.add(in.path("name").asText());
        }
        return n;
    }

    private static List<String> fieldNames(JsonNode o) {
        ArrayList<String> n = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
            n.add(it.next());
        }
        return n;
    }
}
