package org.recsys4j.embedding.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates {@code ../shared} for this module's tests, like recsys-core's test helper of the same name
 * (core does not publish a test jar). Tests that call {@link #dataSet(String)} are skipped, not
 * failed, when the folder is absent.
 */
public final class SharedData {
    private SharedData() {
    }

    /** Returns the shared folder, or skips the calling test if it is absent. */
    public static Path root() {
        String prop = System.getProperty("recsys4j.shared");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
        if (!Files.isDirectory(p)) {
            p = Path.of("..", "shared");
        }
        Assumptions.assumeTrue(Files.isDirectory(p), "../shared is absent: skipping a test that needs it");
        return p.toAbsolutePath().normalize();
    }

    /** Returns {@code shared/data/NAME} (e.g. {@code ml-100k}), or skips the calling test if it is absent. */
    public static Path dataSet(String name) {
        Path p = root().resolve("data").resolve(name);
        Assumptions.assumeTrue(Files.isDirectory(p), p + " is absent: skipping a test that needs it");
        return p;
    }
}
