package org.recsys4j.examples.server;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the demo web pages (home, movie, user, map) and their CSS, JavaScript and vendored Chart.js
 * from classpath resources under a root folder ({@value #DEFAULT_ROOT} by default), in front of the
 * JSON API.
 *
 * <p>It answers only {@code GET} and {@code HEAD} requests for {@code /} (the home page,
 * {@code index.html}) and for paths whose last segment has a known extension ({@code .html},
 * {@code .css}, {@code .js}, {@code .svg}, {@code .png}, {@code .ico}, {@code .txt}), each with its
 * content type and {@code X-Content-Type-Options: nosniff}. Every other request, and a static path
 * with no such file, is left to the next handler (in {@link RecServer}, the API, which answers JSON: its 404,
 * a 405 for another method on a page ({@link #serves}), and a 400 for a malformed query on any path).
 *
 * <p>Safety: a path is served only if every segment matches {@code [A-Za-z0-9_-][A-Za-z0-9._-]*}
 * (so no {@code .} or {@code ..}, no hidden files, no empty segments, no backslashes) and the raw request path
 * has no percent-escapes; a directory is never listed (only regular files are served). Files are
 * read once and kept in memory: the web root is a few small files.
 */
public final class WebRoot extends Handler.Abstract {
    /** The default classpath folder of the pages. */
    public static final String DEFAULT_ROOT = "webroot";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain; charset=utf-8");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private final String root;
    private final ClassLoader loader;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();   // only files found: misses are not kept

    /** Serves {@value #DEFAULT_ROOT} from this class's class loader. */
    public WebRoot() {
        this(DEFAULT_ROOT, WebRoot.class.getClassLoader());
    }

    /**
     * Serves a classpath folder.
     *
     * @param root   the folder, e.g. {@code webroot} (no leading or trailing slash)
     * @param loader the class loader to read it from
     * @throws IllegalArgumentException if {@code root} is not a plain relative folder name
     */
    public WebRoot(String root, ClassLoader loader) {
        Objects.requireNonNull(root, "root");
        for (String seg : root.split("/", -1)) {
            if (!SEGMENT.matcher(seg).matches()) {
                throw new IllegalArgumentException("root: '" + root + "' is not a relative folder like 'webroot'");
            }
        }
        this.root = root;
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /**
     * Returns the content type served for a file name, or null if files of that extension are not served.
     *
     * @param name a file name or path
     * @return e.g. {@code text/css; charset=utf-8}, or null
     */
    public static String contentType(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        if (dot <= slash + 1 || dot == name.length() - 1) {
            return null;
        }
        return TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Returns the relative file a request path names, or null if the path is not a static file path
     * (wrong shape, unsafe segment, or an extension that is not served).
     *
     * @param path the decoded path, e.g. {@code /js/movie.js}
     * @return e.g. {@code js/movie.js}, {@code index.html} for {@code /}, or null
     */
    public static String relativeFile(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        if (path.equals("/")) {
            return "index.html";
        }
        String rel = path.substring(1);
        for (String seg : rel.split("/", -1)) {
            if (!SEGMENT.matcher(seg).matches()) {
                return null;
            }
        }
        return contentType(rel) == null ? null : rel;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return false;
        }
        String rel = file(request);
        if (rel == null) {
            return false;
        }
        byte[] bytes = cache.get(rel);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType(rel));
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        if (method.equals("HEAD")) {
            response.write(true, null, callback);
        } else {
            response.write(true, ByteBuffer.wrap(bytes), callback);
        }
        return true;
    }

    /**
     * Returns whether a request's path names a file this root serves (whatever the method), so that the
     * server can answer another method on it with 405 rather than 404.
     *
     * @param request the request
     * @return true if a GET of the same path would be answered by this handler
     */
    public boolean serves(Request request) {
        return file(request) != null;
    }

    /** Returns the relative file the request's path names, read into the cache, or null. */
    private String file(Request request) {
        String raw = request.getHttpURI().getPath();
        if (raw == null || raw.indexOf('%') >= 0 || raw.indexOf('\\') >= 0) {
            return null;
        }
        String rel = relativeFile(Request.getPathInContext(request));
        if (rel == null) {
            return null;
        }
        if (!cache.containsKey(rel)) {
            Optional<byte[]> found = read(rel);
            if (found.isEmpty()) {
                return null;
            }
            cache.put(rel, found.get());
        }
        return rel;
    }

    /** Reads a regular file of the root from the classpath; empty if absent or not a regular file. */
    private Optional<byte[]> read(String rel) {
        URL url = loader.getResource(root + "/" + rel);
        if (url == null) {
            return Optional.empty();
        }
        try {
            URLConnection c = url.openConnection();
            c.setUseCaches(false);
            if (url.getProtocol().equals("file")) {
                if (!Files.isRegularFile(Path.of(url.toURI()))) {
                    return Optional.empty();
                }
            } else if (c instanceof JarURLConnection jar) {
                if (jar.getJarEntry() == null || jar.getJarEntry().isDirectory()) {
                    jar.getJarFile().close();   // uncached: this connection opened its own copy
                    return Optional.empty();
                }
            } else {
                return Optional.empty();   // an unknown kind of resource: not served
            }
            try (InputStream in = c.getInputStream()) {
                return Optional.of(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("web root: cannot read " + url, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("web root: bad resource URL " + url, e);
        }
    }
}
