package org.recsys4j.core.util;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One-line descriptions: never "null", never just a path, causes that add something, no line breaks. */
class ErrorTextTest {
    @Test
    void describesWhatWentWrongInOneLine() {
        assertEquals("ConnectException (connection refused or host unreachable)", ErrorText.describe(new ConnectException()));
        assertEquals("UnknownHostException: files.grouplens.org", ErrorText.describe(new UnknownHostException("files.grouplens.org")));
        assertEquals("/etc/x: permission denied", ErrorText.describe(new AccessDeniedException("/etc/x")));
        assertEquals("/proc/foo: no such file or folder", ErrorText.describe(new NoSuchFileException("/proc/foo")));
        assertEquals("/ro/x: read-only file system",
                ErrorText.describe(new FileSystemException("/ro/x", null, "Read-only file system")));
        assertEquals("download failed (caused by UnknownHostException: example.org)",
                ErrorText.describe(new IOException("download failed", new UnknownHostException("example.org"))));
        // a wrapper that repeats its cause's message adds nothing
        IOException io = new IOException("disk full");
        assertEquals("disk full", ErrorText.describe(new UncheckedIOException(io.getMessage(), io)));
        assertEquals("IllegalStateException", ErrorText.describe(new IllegalStateException()));
        assertEquals("first line second line", ErrorText.describe(new IllegalStateException("first line\nsecond line")));
        // a cycle of causes ends
        Exception a = new Exception("first went wrong");
        Exception b = new Exception("second went wrong", a);
        a.initCause(b);
        assertEquals("first went wrong (caused by Exception: second went wrong)", ErrorText.describe(a));
        // a one-word message says more with its class
        assertEquals("Exception: boom", ErrorText.describe(new Exception("boom")));
    }
}
