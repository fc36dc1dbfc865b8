package org.recsys4j.core.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates {@code ../shared} (the MovieLens copies, anchors and benchmark sets) for tests: the one place
 * every test that needs it goes through. When the folder, or the part of it a test needs, is absent, the
 * test is skipped (a JUnit assumption) — unless the environment variable {@value #REQUIRE_ENV} is
 * {@code 1}, in which case it fails with a message naming what is missing (CI sets it, as it sets
 * {@code RECSYS4J_REQUIRE_REDIS} for the Redis tests).
 *
 * <p>Where the folder is: the system property {@value #ROOT_PROPERTY} (the build sets it to the
 * project's {@code ../shared}), else the environment variable {@value #ROOT_ENV}, else
 * {@code ../../shared} or {@code ../shared} from the working directory (a module's or the project's).
 * A property or variable that is set is taken as given: pointing it at a missing folder hides the shared
 * data (e.g. {@code mvn verify -Drecsys4j.shared=/nonexistent} shows which tests need it).
 */
public final class SharedData {
    /** The environment variable that turns a missing {@code ../shared} from a skip into a failure. */
    public static final String REQUIRE_ENV = "RECSYS4J_REQUIRE_SHARED";
    /** The system property naming the shared folder. */
    public static final String ROOT_PROPERTY = "recsys4j.shared";
    /** The environment variable naming the shared folder (used when the system property is not set). */
    public static final String ROOT_ENV = "RECSYS4J_SHARED";

    private SharedData() {
    }

    /** Returns the shared folder, or skips (fails, under {@value #REQUIRE_ENV}=1) the calling test if it is absent. */
    public static Path root() {
        Path p = location(System.getProperty(ROOT_PROPERTY), System.getenv(ROOT_ENV));
        return present(p, "the shared folder", required());
    }

    /** Returns {@code shared/data/NAME} (e.g. {@code ml-100k}), or skips (fails under the flag) if it is absent. */
    public static Path dataSet(String name) {
        return path("data/" + name);
    }

    /**
     * Returns a file or folder inside the shared folder (e.g. {@code bench/ann/base.fvecs}), or skips (fails
     * under {@value #REQUIRE_ENV}=1) the calling test if it is absent.
     *
     * @param relative the path inside the shared folder, {@code /}-separated
     * @return the absolute path
     */
    public static Path path(String relative) {
        return present(root().resolve(relative), relative + " in the shared folder", required());
    }

    /** Returns whether {@value #REQUIRE_ENV} is {@code 1}. */
    public static boolean required() {
        return "1".equals(System.getenv(REQUIRE_ENV));
    }

    /**
     * Returns where the shared folder is: {@code property} if set, else {@code env} if set, else
     * {@code ../../shared} if it exists, else {@code ../shared} (made absolute and normalised).
     */
    static Path location(String property, String env) {
        Path p;
        if (property != null && !property.isBlank()) {
            p = Path.of(property);
        } else if (env != null && !env.isBlank()) {
            p = Path.of(env);
        } else {
            p = Path.of("..", "..", "shared");
            if (!Files.isDirectory(p)) {
                p = Path.of("..", "shared");
            }
        }
        return p.toAbsolutePath().normalize();
    }

    /**
     * Returns {@code p} if it exists; otherwise fails the calling test when {@code required}, else aborts it
     * (skipped). Both messages name the path and what it is.
     */
    static Path present(Path p, String what, boolean required) {
        if (Files.exists(p)) {
            return p;
        }
        if (required) {
            return Assertions.fail(what + " is absent (" + p + ") but " + REQUIRE_ENV + "=1 requires the tests that use it"
                    + " to run: put the shared folder beside the project, or set -D" + ROOT_PROPERTY + " / " + ROOT_ENV);
        }
        Assumptions.abort(what + " is absent (" + p + "): skipping a test that needs it (set " + REQUIRE_ENV
                + "=1 to make this a failure)");
        throw new AssertionError("unreachable");
    }
}
