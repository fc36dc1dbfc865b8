package org.recsys4j.examples.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A SHA-256 over named parts: what an artifact was built from (the data's files, the settings, the
 * artifact format's version, the fingerprints of the artifacts it was built from). Two fingerprints are
 * equal exactly when every part was, in the same order.
 *
 * <pre>{@code
 * String key = Fingerprint.of("item2vec", 1).add("data", dataKey).add("dim", 32).hex();
 * }</pre>
 */
public final class Fingerprint {
    private final MessageDigest sha;

    private Fingerprint() {
        sha = sha256();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Starts a fingerprint of an artifact kind at a format version (bump the version when the artifact's
     * file format or the way it is built changes, so old files are rebuilt).
     *
     * @param kind    the artifact kind, e.g. {@code item2vec}
     * @param version its format version
     * @return the fingerprint so far
     */
    public static Fingerprint of(String kind, int version) {
        return new Fingerprint().add("kind", kind).add("version", version);
    }

    /**
     * Adds a named part.
     *
     * @param name  the part's name
     * @param value its value (its {@code String.valueOf})
     * @return this fingerprint
     */
    public Fingerprint add(String name, Object value) {
        Objects.requireNonNull(name, "name");
        part(name);
        part(String.valueOf(value));
        return this;
    }

    private void part(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        sha.update((byte) (b.length >>> 24));
        sha.update((byte) (b.length >>> 16));
        sha.update((byte) (b.length >>> 8));
        sha.update((byte) b.length);
        sha.update(b);
    }

    /** Returns the hex digest (64 characters). The fingerprint can't be extended afterwards. */
    public String hex() {
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Returns the fingerprint of a data folder: the name, size and SHA-256 of every regular file directly
     * in it (sorted by name; sub-folders and hidden files ignored), so any edit to a data file changes it.
     *
     * @param dir the folder
     * @return the hex digest
     * @throws IOException if the folder or a file cannot be read
     */
    public static String ofFolder(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).forEach(files::add);
        }
        files.sort(java.util.Comparator.comparing(p -> p.getFileName().toString()));
        Fingerprint f = of("folder", 1);
        for (Path p : files) {
            f.add("file", p.getFileName()).add("size", Files.size(p)).add("sha256", ofFile(p));
        }
        return f.hex();
    }

    /**
     * Returns the SHA-256 of some bytes (64 hex digits), e.g. of an artifact written to memory.
     *
     * @param bytes the bytes
     * @return the hex digest
     */
    public static String ofBytes(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /**
     * Returns the SHA-256 of a file's bytes (64 hex digits): the content key of an artifact, which changes
     * exactly when its bytes do (not when it is touched or rewritten with the same bytes).
     *
     * @param file the file
     * @return the hex digest
     * @throws IOException if the file cannot be read
     */
    public static String ofFile(Path file) throws IOException {
        MessageDigest content = sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                content.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(content.digest());
    }
}
