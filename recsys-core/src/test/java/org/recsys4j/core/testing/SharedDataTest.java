package org.recsys4j.core.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one switch for tests that need ../shared: skip when it is absent, fail instead under RECSYS4J_REQUIRE_SHARED=1. */
class SharedDataTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFolderSkipsWithoutTheFlagAndFailsWithIt() {
        Path missing = dir.resolve("no-shared").resolve("data").resolve("ml-100k");
        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> SharedData.present(missing, "data/ml-100k in the shared folder", false));
        assertTrue(skipped.getMessage().contains(missing.toString()) && skipped.getMessage().contains("skipping")
                && skipped.getMessage().contains(SharedData.REQUIRE_ENV + "=1"), skipped.getMessage());
        AssertionFailedError failed = assertThrows(AssertionFailedError.class,
                () -> SharedData.present(missing, "data/ml-100k in the shared folder", true));
        assertTrue(failed.getMessage().startsWith("data/ml-100k in the shared folder is absent (" + missing + ")")
                && failed.getMessage().contains(SharedData.REQUIRE_ENV + "=1 requires"), failed.getMessage());
    }

    @Test
    void aPresentPathIsReturnedWhateverTheFlag() throws IOException {
        Path file = Files.writeString(dir.resolve("base.fvecs"), "x");
        assertEquals(file, SharedData.present(file, "f", true));
        assertEquals(file, SharedData.present(file, "f", false));
        assertEquals(dir, SharedData.present(dir, "d", false));
    }

    @Test
    void thePropertyWinsOverTheVariableAndBothAreTakenAsGiven() {
        Path p = dir.resolve("p");
        Path e = dir.resolve("e");
        assertEquals(p, SharedData.location(p.toString(), e.toString()), "a set property is used even if missing");
        assertEquals(e, SharedData.location(null, e.toString()));
        assertEquals(e, SharedData.location(" ", e.toString()), "a blank property counts as unset");
        assertTrue(SharedData.location(null, null).endsWith("shared"));
        assertTrue(SharedData.location(null, null).isAbsolute());
    }
}
