package org.recsys4j.examples;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures {@code System.out} and {@code System.err} around each test of the CLI commands (which print
 * to them) and restores them afterwards. Register with {@code @RegisterExtension}.
 */
public final class ConsoleCapture implements BeforeEachCallback, AfterEachCallback {
    /** What the test printed to {@code System.out}. */
    public final ByteArrayOutputStream out = new ByteArrayOutputStream();
    /** What the test printed to {@code System.err}. */
    public final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @Override
    public void beforeEach(ExtensionContext context) {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }
}
