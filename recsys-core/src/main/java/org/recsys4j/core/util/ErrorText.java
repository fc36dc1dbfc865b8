package org.recsys4j.core.util;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Returns one-line descriptions of exceptions for messages shown to people, e.g. on a command line,
 * where {@link Throwable#getMessage()} alone is often not enough: it is null for many network errors
 * ({@code ConnectException}), just a path for file system errors ({@code /proc/foo}), or the
 * message of a wrapper whose cause says what happened.
 *
 * <pre>{@code
 * ErrorText.describe(new java.net.ConnectException());   // "ConnectException (connection refused or host unreachable)"
 * ErrorText.describe(new java.nio.file.AccessDeniedException("/etc/x"));   // "/etc/x: permission denied"
 * ErrorText.describe(new java.io.IOException("download failed", new java.net.UnknownHostException("example.org")));
 *     // "download failed (caused by UnknownHostException: example.org)"
 * }</pre>
 */
public final class ErrorText {
    private static final int MAX_CAUSES = 4;

    private ErrorText() {
    }

    /**
     * Returns what went wrong in one line: the exception's own text (see {@link #own}), then each
     * cause that adds something, as {@code (caused by Class: message)}. Line breaks become spaces.
     */
    public static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(own(e));
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        seen.put(e, true);
        int n = 0;
        for (Throwable c = e.getCause(); c != null && n < MAX_CAUSES && seen.put(c, true) == null; c = c.getCause()) {
            String text = own(c);
            if (sb.indexOf(text) < 0 && (c.getMessage() == null || sb.indexOf(c.getMessage()) < 0)) {
                sb.append(" (caused by ").append(text.startsWith(c.getClass().getSimpleName()) ? text
                        : c.getClass().getSimpleName() + ": " + text).append(')');
                n++;
            }
        }
        return sb.toString().replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * Returns the exception's own text: for a file system error the file and a plain reason
     * ({@code /proc/foo: read-only file system}, {@code x.csv: no such file}), for an exception
     * without a message its simple class name, else its message (with the simple class name in front
     * when the message is only a host, a port or a path-like token that would not say what happened).
     */
    public static String own(Throwable e) {
        if (e instanceof FileSystemException f) {
            String reason = reason(f);
            String file = f.getFile();
            String other = f.getOtherFile();
            return (file == null ? "" : file + (other == null ? "" : " -> " + other) + ": ") + reason;
        }
        if (e instanceof ReadOnlyFileSystemException) {
            return "read-only file system";
        }
        String m = e.getMessage();
        String cls = e.getClass().getSimpleName();
        if (m == null || m.isBlank()) {
            if (e instanceof java.net.ConnectException) {
                return cls + " (connection refused or host unreachable)";
            }
            if (e instanceof java.nio.channels.UnresolvedAddressException) {
                return cls + " (unknown host)";
            }
            return cls;
        }
        if (!m.contains(" ") && (e instanceof java.net.UnknownHostException || e instanceof java.net.SocketException
                || e instanceof java.nio.channels.UnresolvedAddressException || m.indexOf(':') < 0)) {
            return cls + ": " + m;
        }
        return m;
    }

    private static String reason(FileSystemException f) {
        String r = f.getReason();
        if (r != null && !r.isBlank()) {
            return r.toLowerCase(Locale.ROOT).startsWith("read-only") ? "read-only file system"
                    : Character.toLowerCase(r.charAt(0)) + r.substring(1);
        }
        if (f instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (f instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (f instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (f instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (f instanceof DirectoryNotEmptyException) {
            return "folder not empty";
        }
        return f.getClass().getSimpleName();
    }
}
