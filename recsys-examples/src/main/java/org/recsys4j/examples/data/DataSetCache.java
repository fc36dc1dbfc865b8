package org.recsys4j.examples.data;

import org.recsys4j.core.util.ErrorText;
import org.recsys4j.examples.train.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A local cache of MovieLens archives: downloads {@code NAME.zip} from GroupLens (or any base URL),
 * verifies its checksum, and unpacks it atomically into {@code cacheDir/NAME}.
 *
 * <p>Verification: the archive's MD5 must equal the one GroupLens publishes beside it
 * ({@code NAME.zip.md5}), or a pinned MD5 where one is known (ml-100k); if the caller pins a SHA-256
 * it must match too. Nothing is half-written: the archive is downloaded to a temporary file, unpacked
 * into a temporary directory next to the target, checked, and only then moved into place with one
 * atomic rename, so a crash leaves either no data set or a whole one.
 */
public final class DataSetCache {
    /** GroupLens' download location. */
    public static final URI GROUPLENS = URI.create("https://files.grouplens.org/datasets/movielens/");

    private final Path cacheDir;
    private final URI baseUri;
    private final HttpClient http;
    private final PrintStream log;
    private final Progress progress;

    /**
     * Creates a cache that reports the download as lines on {@code log}.
     *
     * @param cacheDir where data sets are kept (created if missing)
     * @param baseUri  the folder URL the archives are downloaded from ({@link #GROUPLENS} normally)
     * @param log      where progress lines go
     */
    public DataSetCache(Path cacheDir, URI baseUri, PrintStream log) {
        this(cacheDir, baseUri, log, Progress.silent());
    }

    /**
     * Creates a cache whose download shows a progress step (a bar of bytes on a terminal).
     *
     * @param cacheDir where data sets are kept (created if missing)
     * @param baseUri  the folder URL the archives are downloaded from ({@link #GROUPLENS} normally)
     * @param log      where progress lines go
     * @param progress how the download's progress is shown
     */
    public DataSetCache(Path cacheDir, URI baseUri, PrintStream log, Progress progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.baseUri = baseUri.toString().endsWith("/") ? baseUri : URI.create(baseUri + "/");
        this.log = Objects.requireNonNull(log, "log");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** Returns the default cache folder: {@code $RECSYS4J_CACHE}, else {@code ~/.cache/recsys4j}. */
    public static Path defaultDir() {
        String env = System.getenv("RECSYS4J_CACHE");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "recsys4j");
    }

    /** Returns the folder a data set is (or would be) unpacked into. */
    public Path dir(String name) {
        return cacheDir.resolve(checkName(name));
    }

    /** Returns true if the data set is already unpacked in the cache. */
    public boolean isCached(String name) {
        return Files.isDirectory(dir(name));
    }

    /**
     * Returns the folder of the data set, downloading and unpacking it first if it is not cached.
     *
     * @param name         the archive name without {@code .zip}, e.g. {@code ml-latest-small}
     * @param pinnedSha256 an optional SHA-256 (hex) the archive must have
     * @throws IOException if the download fails, the checksum differs, or the archive is unsafe
     */
    public Path resolve(String name, Optional<String> pinnedSha256) throws IOException {
        Path target = dir(name);
        if (Files.isDirectory(target)) {
            return target;
        }
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            throw new IOException("cannot create the cache folder " + cacheDir + ": " + ErrorText.own(e), e);
        }
        URI zipUri = baseUri.resolve(name + ".zip");
        Path zip = Files.createTempFile(cacheDir, "." + name, ".zip.part");
        Path staging = null;
        try {
            log.println("downloading " + zipUri + " ...");
            download(zipUri, zip);
            String md5 = digest(zip, "MD5");
            String expectedMd5 = knownMd5(name).orElseGet(() -> publishedMd5(baseUri.resolve(name + ".zip.md5")));
            if (!md5.equalsIgnoreCase(expectedMd5)) {
                throw new IOException(zipUri + ": MD5 " + md5 + " does not match the expected " + expectedMd5);
            }
            if (pinnedSha256.isPresent()) {
                String sha = digest(zip, "SHA-256");
                if (!sha.equalsIgnoreCase(pinnedSha256.get())) {
                    throw new IOException(zipUri + ": SHA-256 " + sha + " does not match the pinned " + pinnedSha256.get());
                }
            }
            log.println("checksum ok (MD5 " + md5 + "); unpacking into " + target);
            staging = Files.createTempDirectory(cacheDir, "." + name + ".unpack");
            unzip(zip, staging);
            Path root = singleRoot(staging);
            try {
                Files.move(root, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot move " + root + " to " + target + " atomically", e);
            }
            return target;
        } finally {
            Files.deleteIfExists(zip);
            if (staging != null) {
                deleteTree(staging);
            }
        }
    }

    /** MD5 checksums of archives that GroupLens no longer changes. */
    static Optional<String> knownMd5(String name) {
        return "ml-100k".equals(name) ? Optional.of("0e33842e24a9c977be4e0107933c0723") : Optional.empty();
    }

    private String publishedMd5(URI md5Uri) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(md5Uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
            if (r.statusCode() != 200) {
                throw new UncheckedIOException(new IOException(md5Uri + ": HTTP " + r.statusCode()
                        + " (the checksum published beside the archive)"));
            }
            String body = r.body().trim();
            String hex = body.split("\\s+")[0].toLowerCase(Locale.ROOT);
            if (!hex.matches("[0-9a-f]{32}")) {
                throw new UncheckedIOException(new IOException(md5Uri + ": not an MD5 checksum: '" + body + "'"));
            }
            return hex;
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot fetch " + md5Uri + ": " + ErrorText.describe(e), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void download(URI uri, Path to) throws IOException {
        try {
            HttpResponse<InputStream> r;
            try {
                r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new IOException("cannot download " + uri + ": " + ErrorText.describe(e), e);
            }
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) {
                    throw new IOException(uri + ": HTTP " + r.statusCode()
                            + (r.statusCode() == 404 ? " (no such archive: is the data set name right?)" : ""));
                }
                long length = r.headers().firstValueAsLong("Content-Length").orElse(0);
                try (Progress.Step step = progress.start("download", length, "B");
                     OutputStream out = Files.newOutputStream(to)) {
                    byte[] buf = new byte[1 << 16];
                    long done = 0;
                    try {
                        for (int n; (n = in.read(buf)) > 0; ) {
                            out.write(buf, 0, n);
                            done += n;
                            step.stepTo(done);
                        }
                    } catch (IOException e) {
                        throw new IOException("download of " + uri + " broke off after " + done + " bytes: "
                                + ErrorText.describe(e), e);
                    }
                    step.message(String.format(Locale.ROOT, "%,d bytes", done));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("download of " + uri + " interrupted", e);
        }
    }

    static String digest(Path file, String algorithm) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    /** Unpacks a zip, refusing entries that would land outside {@code into} (zip slip). */
    static void unzip(Path zip, Path into) throws IOException {
        Path base = into.toAbsolutePath().normalize();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                Path out = base.resolve(e.getName()).normalize();
                if (!out.startsWith(base)) {
                    throw new IOException(zip + ": entry '" + e.getName() + "' points outside the archive folder");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** GroupLens archives hold one top folder (e.g. {@code ml-latest-small/}); otherwise the staging folder itself. */
    private static Path singleRoot(Path staging) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(staging)) {
            Path only = null;
            int count = 0;
            for (Path p : ds) {
                only = p;
                count++;
            }
            if (count == 0) {
                throw new IOException("the archive is empty");
            }
            return count == 1 && Files.isDirectory(only) ? only : staging;
        }
    }

    private static String checkName(String name) {
        if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new IllegalArgumentException("data set name: '" + name + "' (letters, digits, '.', '_' and '-' only)");
        }
        return name;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
