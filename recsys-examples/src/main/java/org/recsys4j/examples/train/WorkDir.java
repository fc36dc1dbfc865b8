package org.recsys4j.examples.train;

import org.recsys4j.core.util.AtomicFiles;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A folder of saved artifacts (trained models, indexes), each next to a small key file with the
 * {@link Fingerprint} of its inputs. {@link #obtain} loads an artifact when its key file names the same
 * fingerprint and the artifact reads back; otherwise it builds the artifact, saves it (to a temporary
 * file, then an atomic move) and only then writes the key — so a crash never leaves a key pointing at a
 * half-written artifact, and an unreadable artifact is rebuilt, not trusted. {@link #none()} builds
 * everything and saves nothing.
 *
 * <p><b>Content keys.</b> An artifact built from another one (an index from an embedding) must be keyed by
 * what that input <em>is</em>, not only by how it was made: {@link #contentKey(String)} returns the SHA-256
 * of the input artifact's bytes as loaded or saved, to put in the dependent's fingerprint. So an input that
 * is rebuilt with other bytes, or replaced by hand with another valid file, rebuilds everything built from
 * it, while an input rewritten or touched with the same bytes does not. A replaced file is used as found
 * (it reads back) and its entry says so ({@link Entry#why()}).
 *
 * <p><b>Key file.</b> {@code <file>.key}, a {@link Properties} file: {@code key} (the input fingerprint),
 * {@code sha256} (of the artifact's bytes when it was saved), {@code artifact}, {@code built},
 * {@code seconds} and {@code note.*}. A key file without {@code sha256} (written before it was added) still
 * reads.
 *
 * <p>Every call is recorded as an {@link Entry} (built or reused, seconds, file, bytes, notes such as
 * a loss history or a test AUC, which are saved in the key file and come back on reuse) for the
 * demo's summary. Thread-safe; meant for one process at a time per folder.
 *
 * <pre>{@code
 * WorkDir work = WorkDir.at(Path.of("recsys4j-work"));
 * EmbeddingTable t = work.obtain("item2vec", "item2vec.emb", key, WorkDir.Codec.embeddings(),
 *         notes -> trainItem2vec());
 * }</pre>
 */
public final class WorkDir {
    /** The key file's suffix, appended to the artifact's file name. */
    public static final String KEY_SUFFIX = ".key";

    /**
     * How an artifact is written to and read from a file.
     *
     * @param <T> the artifact type
     */
    public interface Codec<T> {
        /**
         * Writes the artifact; the file is a temporary one the caller moves into place.
         *
         * @param value the artifact
         * @param file  where to write it
         * @throws IOException if writing fails
         */
        void save(T value, Path file) throws IOException;

        /**
         * Reads an artifact written by {@link #save}.
         *
         * @param file the file
         * @return the artifact
         * @throws IOException if it cannot be read or is not valid
         */
        T load(Path file) throws IOException;

        /**
         * Returns a codec from a pair of functions.
         *
         * @param save writes the artifact
         * @param load reads it back
         * @param <T>  the artifact type
         * @return the codec
         */
        static <T> Codec<T> of(IoWriter<T> save, IoReader<T> load) {
            Objects.requireNonNull(save, "save");
            Objects.requireNonNull(load, "load");
            return new Codec<>() {
                @Override
                public void save(T value, Path file) throws IOException {
                    save.write(value, file);
                }

                @Override
                public T load(Path file) throws IOException {
                    return load.read(file);
                }
            };
        }
    }

    /**
     * Writes a value to a file.
     *
     * @param <T> the value type
     */
    @FunctionalInterface
    public interface IoWriter<T> {
        /**
         * Writes the value.
         *
         * @param value the value
         * @param file  the file
         * @throws IOException if writing fails
         */
        void write(T value, Path file) throws IOException;
    }

    /**
     * Reads a value from a file.
     *
     * @param <T> the value type
     */
    @FunctionalInterface
    public interface IoReader<T> {
        /**
         * Reads the value.
         *
         * @param file the file
         * @return the value
         * @throws IOException if it cannot be read
         */
        T read(Path file) throws IOException;
    }

    /**
     * What one {@link #obtain} did.
     *
     * @param name    the artifact's name
     * @param file    its file, or null for {@link #none()}
     * @param reused  true if it was loaded from the folder, false if built
     * @param seconds the seconds the load or the build (and save) took
     * @param bytes   the file's size, 0 without a file
     * @param notes   the notes the build recorded (also on reuse)
     * @param why     why it was built ("no saved artifact", "inputs changed", "unreadable: …"); for a reused
     *                artifact "" or, when its bytes are not those it was saved with, "replaced since it was built
     *                (used as found)"
     * @param key     the fingerprint of its inputs it was obtained with
     * @param sha256  the SHA-256 of its file's bytes as loaded or saved (64 hex digits), or "" without a file
     */
    public record Entry(String name, Path file, boolean reused, double seconds, long bytes, Map<String, String> notes,
                        String why, String key, String sha256) {
        /** Copies the notes. */
        public Entry {
            notes = Collections.unmodifiableMap(new LinkedHashMap<>(notes));
        }
    }

    private final Path root;
    private final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());

    private WorkDir(Path root) {
        this.root = root;
    }

    /**
     * Returns the work folder at {@code root}, creating it if needed.
     *
     * @param root the folder
     * @return the work folder
     * @throws IOException if it cannot be created or is not a writable folder (the message names it)
     */
    public static WorkDir at(Path root) throws IOException {
        Objects.requireNonNull(root, "root");
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IOException("work folder " + root + " exists and is not a folder");
        }
        Files.createDirectories(root);
        if (!Files.isWritable(root)) {
            throw new IOException("work folder " + root + " is not writable");
        }
        return new WorkDir(root);
    }

    /** Returns a work folder that saves nothing: every {@link #obtain} builds. */
    public static WorkDir none() {
        return new WorkDir(null);
    }

    /** Returns the folder, or null for {@link #none()}. */
    public Path root() {
        return root;
    }

    /**
     * Returns the artifact: loaded from the folder if its key file names {@code key} and it reads back,
     * else built by {@code build} (which may record notes into the map it is given), saved, and keyed.
     *
     * @param name     the artifact's name (for the summary)
     * @param fileName its file name in the folder
     * @param key      the fingerprint of its inputs ({@link Fingerprint#hex()})
     * @param codec    how it is saved and loaded
     * @param build    builds it; gets a map to record notes in
     * @param <T>      the artifact type
     * @return the artifact
     * @throws UncheckedIOException if saving fails (naming the file)
     */
    public <T> T obtain(String name, String fileName, String key, Codec<T> codec, Function<Map<String, String>, T> build) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(build, "build");
        if (fileName.contains("/") || fileName.contains("\\") || fileName.endsWith(KEY_SUFFIX)) {
            throw new IllegalArgumentException("fileName " + fileName + ": a plain file name not ending in " + KEY_SUFFIX);
        }
        long t0 = System.nanoTime();
        String why = "no work folder";
        Path file = root == null ? null : root.resolve(fileName);
        if (file != null) {
            Path keyFile = root.resolve(fileName + KEY_SUFFIX);
            Properties saved = readKey(keyFile);
            if (saved == null || !Files.exists(file)) {
                why = "no saved artifact";
            } else if (!key.equals(saved.getProperty("key"))) {
                why = "inputs changed";
            } else {
                try {
                    String sha = Fingerprint.ofFile(file);
                    T value = codec.load(file);
                    Map<String, String> notes = new TreeMap<>();
                    for (String p : saved.stringPropertyNames()) {
                        if (p.startsWith("note.")) {
                            notes.put(p.substring(5), saved.getProperty(p));
                        }
                    }
                    String built = saved.getProperty("sha256");
                    String replaced = built == null || built.equals(sha) ? "" : "replaced since it was built (used as found)";
                    entries.add(new Entry(name, file, true, seconds(t0), size(file), notes, replaced, key, sha));
                    return value;
                } catch (IOException | RuntimeException e) {
                    why = "unreadable (" + e.getMessage() + ")";
                }
            }
        }
        Map<String, String> notes = new LinkedHashMap<>();
        T value = build.apply(notes);
        String sha = "";
        if (file != null) {
            try {
                Files.deleteIfExists(root.resolve(fileName + KEY_SUFFIX));
                AtomicFiles.writeVia(file, tmp -> codec.save(value, tmp));
                sha = Fingerprint.ofFile(file);
                Properties p = new Properties();
                p.setProperty("key", key);
                p.setProperty("sha256", sha);
                p.setProperty("artifact", name);
                p.setProperty("built", Instant.now().toString());
                p.setProperty("seconds", String.format(java.util.Locale.ROOT, "%.3f", seconds(t0)));
                notes.forEach((k, v) -> p.setProperty("note." + k, v));
                StringWriter w = new StringWriter();
                p.store(w, "Recsys4J work artifact " + fileName + ": reused while 'key' matches its inputs");
                AtomicFiles.write(root.resolve(fileName + KEY_SUFFIX), w.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save " + name + " to " + file + ": " + e.getMessage(), e);
            }
        }
        entries.add(new Entry(name, file, false, seconds(t0), file == null ? 0 : size(file), notes, why, key, sha));
        return value;
    }

    /**
     * Returns the content key of the artifact last obtained as {@code name}: the SHA-256 of its file's bytes as
     * loaded or saved, for the fingerprint of an artifact built from it. Without a file ({@link #none()}) it is
     * {@code unsaved:} and the artifact's input key (nothing is reused then anyway).
     *
     * @param name the artifact's name as given to {@link #obtain}
     * @return the content key
     * @throws IllegalStateException if no artifact of that name was obtained
     */
    public String contentKey(String name) {
        Entry e = entry(name);
        if (e == null) {
            throw new IllegalStateException("no artifact named '" + name + "' was obtained yet");
        }
        return e.sha256().isEmpty() ? "unsaved:" + e.key() : e.sha256();
    }

    /** Returns what every {@link #obtain} did so far, in call order. */
    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** Returns the last entry of an artifact name, or null. */
    public Entry entry(String name) {
        synchronized (entries) {
            for (int i = entries.size() - 1; i >= 0; i--) {
                if (entries.get(i).name().equals(name)) {
                    return entries.get(i);
                }
            }
        }
        return null;
    }

    private static Properties readKey(Path keyFile) {
        try (Reader r = Files.newBufferedReader(keyFile, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            return p;
        } catch (IOException | IllegalArgumentException e) {
            return null;   // a missing or unreadable key file means: rebuild
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
