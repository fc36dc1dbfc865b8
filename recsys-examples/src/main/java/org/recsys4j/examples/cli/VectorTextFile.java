package org.recsys4j.examples.cli;

import org.recsys4j.core.data.DataFormatException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Returns the rows of a text file of vectors, one per line: {@code id:v1 v2 ... vd} (components
 * separated by spaces or tabs; blank lines and lines starting with {@code #} are skipped). Read lazily;
 * a bad line is a {@link DataFormatException} naming file, line and field.
 */
final class VectorTextFile implements Iterator<Map.Entry<String, float[]>>, AutoCloseable {
    private final String name;
    private final int dim;
    private final BufferedReader reader;
    private long lineNo;
    private Map.Entry<String, float[]> next;

    private VectorTextFile(Path file, int dim) throws IOException {
        this.name = String.valueOf(file.getFileName());
        this.dim = dim;
        this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }

    /**
     * Opens a file whose vectors must all have {@code dim} components.
     *
     * @throws IOException if it cannot be opened
     */
    static VectorTextFile open(Path file, int dim) throws IOException {
        return new VectorTextFile(file, dim);
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = read();
        }
        return next != null;
    }

    @Override
    public Map.Entry<String, float[]> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Map.Entry<String, float[]> r = next;
        next = null;
        return r;
    }

    private Map.Entry<String, float[]> read() {
        String line;
        try {
            do {
                line = reader.readLine();
                lineNo++;
            } while (line != null && (line.isBlank() || line.startsWith("#")));
        } catch (IOException e) {
            throw new UncheckedIOException(name + ":" + lineNo + ": " + e.getMessage(), e);
        }
        if (line == null) {
            return null;
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new DataFormatException(name, lineNo, "line", line, "expected id:v1 v2 ...");
        }
        String id = line.substring(0, colon).trim();
        if (id.isEmpty()) {
            throw new DataFormatException(name, lineNo, "id", "", "empty id");
        }
        String[] parts = line.substring(colon + 1).trim().split("[ \t]+");
        if (parts.length != dim || parts[0].isEmpty()) {
            throw new DataFormatException(name, lineNo, "vector", line.substring(colon + 1).trim(),
                    (parts[0].isEmpty() ? 0 : parts.length) + " components, --dim is " + dim);
        }
        float[] v = new float[dim];
        for (int j = 0; j < dim; j++) {
            float x;
            try {
                x = Float.parseFloat(parts[j]);
            } catch (NumberFormatException e) {
                throw new DataFormatException(name, lineNo, "v" + (j + 1), parts[j], "not a number");
            }
            if (!Float.isFinite(x)) {
                throw new DataFormatException(name, lineNo, "v" + (j + 1), parts[j], "not finite");
            }
            v[j] = x;
        }
        return Map.entry(id, v);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
