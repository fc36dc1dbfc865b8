package org.recsys4j.core.testing;

import org.junit.jupiter.api.Assertions;
import org.recsys4j.core.data.ArtifactInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Golden files: small artifacts of every saved format, committed under a module's
 * {@code src/test/resources/golden/}, that pin the format in both directions.
 * <ol>
 *   <li><b>Writer:</b> a test builds a small deterministic artifact, saves it, and
 *       {@link #assertSameBytes(Path, String)} compares the file byte for byte with the committed one, so
 *       any change to what is written (a field, an order, an encoding) fails.</li>
 *   <li><b>Reader:</b> the test loads the committed file ({@link #file(String)}) and checks known answers
 *       (vectors, search results, scores), so files written by this version stay readable by later ones.</li>
 * </ol>
 *
 * <p><b>Changing a format</b> is deliberate: bump the format's version number, keep the reader of the old
 * version (and the old golden file with its load test), then regenerate the new version's golden files
 * with {@code mvn -B -pl MODULE -am test -Dtest='*GoldenTest' -Dsurefire.failIfNoSpecifiedTests=false
 * -Drecsys4j.golden.update=true} and commit them. With the property set, {@link #assertSameBytes} writes the new
 * bytes over the committed file instead of comparing (and says so on standard error).
 *
 * <p>The folder is {@code src/test/resources/golden} under the module's base directory (the system
 * property {@code basedir}, which the build sets, else the working directory).
 */
public final class Golden {
    /** The system property that makes {@link #assertSameBytes} rewrite the golden files. */
    public static final String UPDATE_PROPERTY = "recsys4j.golden.update";
    /** The creation time recorded in golden artifacts (a saved artifact records when it was made). */
    public static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    /** The library version recorded in golden artifacts (so that a release does not change their bytes). */
    public static final String LIBRARY_VERSION = "golden";

    /**
     * Returns a provenance builder whose creation time and library version are pinned ({@link #CREATED},
     * {@link #LIBRARY_VERSION}), for artifacts saved as golden files.
     *
     * @param kind the artifact kind
     * @return the builder
     */
    public static ArtifactInfo.Builder info(String kind) {
        return ArtifactInfo.builder(kind).withCreated(CREATED).withLibraryVersion(LIBRARY_VERSION);
    }

    /**
     * Returns {@code info}'s provenance with the creation time and library version pinned, keeping everything else
     * (for an artifact whose builder recorded its settings).
     *
     * @param info the artifact's info
     * @return the pinned provenance
     */
    public static ArtifactInfo pinned(ArtifactInfo info) {
        return info.toBuilder().withCreated(CREATED).withLibraryVersion(LIBRARY_VERSION).build();
    }

    private Golden() {
    }

    /** Writes an artifact to a file. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the artifact.
         *
         * @param file where to write it
         * @throws IOException if writing fails
         */
        void write(Path file) throws IOException;
    }

    /**
     * Writes an artifact with {@code writer} to a temporary file, asserts it has the bytes of the committed golden
     * file {@code name} ({@link #assertSameBytes(Path, String)}; rewritten instead under {@value #UPDATE_PROPERTY}),
     * and returns the committed file, for the test to load and check known answers. So a golden file is always
     * checked (or regenerated) before it is read, whatever the order of the tests.
     *
     * @param name   the golden file's path inside the golden folder
     * @param writer saves the test's artifact
     * @return the committed golden file
     */
    public static Path check(String name, Writer writer) {
        try {
            Path tmp = Files.createTempFile("golden", ".tmp");
            try {
                writer.write(tmp);
                assertSameBytes(tmp, name);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return file(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the module's golden folder, {@code src/test/resources/golden}. */
    public static Path dir() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("src/test/resources/golden");
    }

    /** Returns whether {@value #UPDATE_PROPERTY} is {@code true}. */
    public static boolean updating() {
        return Boolean.getBoolean(UPDATE_PROPERTY);
    }

    /**
     * Returns the committed golden file {@code name} (e.g. {@code index/hnsw-v1.r4ji}), failing the test
     * with instructions if it does not exist.
     *
     * @param name the path inside the golden folder, {@code /}-separated
     * @return the file
     */
    public static Path file(String name) {
        Path f = dir().resolve(name);
        if (!Files.isRegularFile(f)) {
            Assertions.fail("golden file " + f + " does not exist; create it deliberately with -D" + UPDATE_PROPERTY
                    + "=true (see " + Golden.class.getName() + ")");
        }
        return f;
    }

    /**
     * Asserts that {@code written} holds exactly the bytes of the committed golden file {@code name}; with
     * {@value #UPDATE_PROPERTY}{@code =true}, copies {@code written} over it instead.
     *
     * @param written a file just saved by the code under test
     * @param name    the golden file's path inside the golden folder
     */
    public static void assertSameBytes(Path written, String name) {
        try {
            assertSameBytes(Files.readAllBytes(written), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts that {@code actual} are exactly the bytes of the committed golden file {@code name} (e.g. the
     * answers a loaded artifact gives, as text); with {@value #UPDATE_PROPERTY}{@code =true}, writes them over
     * it instead.
     *
     * @param actual the bytes
     * @param name   the golden file's path inside the golden folder
     */
    public static void assertSameBytes(byte[] actual, String name) {
        try {
            Path f = dir().resolve(name);
            if (updating()) {
                Files.createDirectories(f.getParent());
                Files.write(f, actual);
                System.err.println("golden file rewritten: " + f + " (" + actual.length + " bytes)");
                return;
            }
            byte[] expected = Files.readAllBytes(file(name));
            String diff = firstDifference(expected, actual);
            if (diff != null) {
                Assertions.fail(name + ": the saved bytes differ from the committed golden file: " + diff + ". A change"
                        + " to a saved format must bump its version and keep a reader for the old one (keep the old"
                        + " golden file and its load test); then regenerate with -D" + UPDATE_PROPERTY + "=true.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns where two byte arrays first differ (offset, both bytes, sizes), or null if they are equal. */
    static String firstDifference(byte[] expected, byte[] actual) {
        int n = Math.min(expected.length, actual.length);
        for (int i = 0; i < n; i++) {
            if (expected[i] != actual[i]) {
                return String.format("first difference at byte %d (golden 0x%02X, now 0x%02X); golden %d bytes, now %d"
                        + " (golden around it: %s)", i, expected[i] & 0xFF, actual[i] & 0xFF, expected.length, actual.length,
                        around(expected, i));
            }
        }
        if (expected.length != actual.length) {
            return "golden " + expected.length + " bytes, now " + actual.length + " (one is a prefix of the other)";
        }
        return null;
    }

    private static String around(byte[] b, int at) {
        int from = Math.max(0, at - 8);
        int to = Math.min(b.length, at + 8);
        return HexFormat.ofDelimiter(" ").formatHex(b, from, to);
    }
}
