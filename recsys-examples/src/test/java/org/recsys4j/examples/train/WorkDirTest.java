package org.recsys4j.examples.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The artifact cache: reuse exactly while the key matches, rebuild on a change or an unreadable file. */
class WorkDirTest {
    /** A text artifact that must start with "v:" to be readable. */
    private static final WorkDir.Codec<String> TEXT = WorkDir.Codec.of(
            (v, f) -> Files.writeString(f, "v:" + v),
            f -> {
                String s = Files.readString(f);
                if (!s.startsWith("v:")) {
                    throw new IOException(f.getFileName() + ": not an artifact");
                }
                return s.substring(2);
            });

    @TempDir
    Path dir;

    @Test
    void reusesWhileTheKeyMatchesAndKeepsTheNotes() throws IOException {
        AtomicInteger builds = new AtomicInteger();
        WorkDir w = WorkDir.at(dir.resolve("work"));
        assertEquals("a", w.obtain("model", "m.txt", "k1", TEXT, notes -> {
            builds.incrementAndGet();
            notes.put("auc", "0.75");
            return "a";
        }));
        WorkDir again = WorkDir.at(dir.resolve("work"));
        assertEquals("a", again.obtain("model", "m.txt", "k1", TEXT, notes -> {
            builds.incrementAndGet();
            return "b";
        }));
        assertEquals(1, builds.get());
        WorkDir.Entry e = again.entry("model");
        assertTrue(e.reused());
        assertEquals("0.75", e.notes().get("auc"));
        assertEquals(Files.size(dir.resolve("work/m.txt")), e.bytes());
        try (var files = Files.list(dir.resolve("work"))) {
            assertEquals(2, files.count(), "the artifact and its key, no temporary files");
        }
    }

    @Test
    void aChangedKeyOrAnUnreadableArtifactIsRebuilt() throws IOException {
        WorkDir w = WorkDir.at(dir);
        w.obtain("model", "m.txt", "k1", TEXT, notes -> "a");
        assertEquals("b", w.obtain("model", "m.txt", "k2", TEXT, notes -> "b"));
        assertEquals("inputs changed", w.entry("model").why());
        Files.writeString(dir.resolve("m.txt"), "garbage");
        assertEquals("c", w.obtain("model", "m.txt", "k2", TEXT, notes -> "c"));
        assertFalse(w.entry("model").reused());
        assertTrue(w.entry("model").why().startsWith("unreadable (m.txt: not an artifact"), w.entry("model").why());
        Files.delete(dir.resolve("m.txt"));
        assertEquals("d", w.obtain("model", "m.txt", "k2", TEXT, notes -> "d"));
        assertEquals("no saved artifact", w.entry("model").why());
        assertEquals("d", w.obtain("model", "m.txt", "k2", TEXT, notes -> "e"));
    }

    @Test
    void aFailedBuildLeavesNoKeySoTheOldArtifactIsNeverTrustedHalfWay() throws IOException {
        WorkDir w = WorkDir.at(dir);
        w.obtain("model", "m.txt", "k1", TEXT, notes -> "a");
        WorkDir.Codec<String> failing = WorkDir.Codec.of((v, f) -> {
            Files.writeString(f, "v:half");
            throw new IOException("disk full");
        }, TEXT::load);
        assertThrows(java.io.UncheckedIOException.class, () -> w.obtain("model", "m.txt", "k2", failing, notes -> "b"));
        assertEquals("a", TEXT.load(dir.resolve("m.txt")), "the old artifact is unchanged");
        assertFalse(Files.exists(dir.resolve("m.txt.key")), "and no longer keyed: the next run rebuilds");
        assertEquals("c", w.obtain("model", "m.txt", "k1", TEXT, notes -> "c"));
    }

    @Test
    void aDependentIsKeyedByTheBytesOfItsInputNotByHowItWasMade() throws IOException {
        AtomicInteger indexBuilds = new AtomicInteger();
        Path vectors = dir.resolve("v.txt");
        WorkDir w = WorkDir.at(dir);
        w.obtain("vectors", "v.txt", "settings", TEXT, notes -> "abc");
        String first = w.contentKey("vectors");
        assertEquals(Fingerprint.ofFile(vectors), first);
        assertEquals(first, w.entry("vectors").sha256());
        assertEquals("b", obtainIndex(w, indexBuilds));

        // replaced by hand with another valid artifact; its key file (same settings) is untouched
        Files.writeString(vectors, "v:xyz");
        WorkDir second = WorkDir.at(dir);
        assertEquals("xyz", second.obtain("vectors", "v.txt", "settings", TEXT, notes -> "never built"), "used as found");
        assertTrue(second.entry("vectors").reused());
        assertEquals("replaced since it was built (used as found)", second.entry("vectors").why());
        assertNotEquals(first, second.contentKey("vectors"));
        assertEquals("b", obtainIndex(second, indexBuilds));
        assertEquals(2, indexBuilds.get(), "the index of the replaced vectors is rebuilt");
        assertEquals("inputs changed", second.entry("index").why());

        // rewritten with the same bytes and touched: nothing is rebuilt
        Files.writeString(vectors, "v:xyz");
        Files.setLastModifiedTime(vectors, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        WorkDir third = WorkDir.at(dir);
        third.obtain("vectors", "v.txt", "settings", TEXT, notes -> "never built");
        obtainIndex(third, indexBuilds);
        assertEquals(2, indexBuilds.get());
        assertTrue(third.entry("index").reused());

        // a rebuilt input with other bytes (its settings changed) rebuilds the dependent too
        third.obtain("vectors", "v.txt", "other settings", TEXT, notes -> "def");
        obtainIndex(third, indexBuilds);
        assertEquals(3, indexBuilds.get());
        // and without a folder the content key is the input key (nothing is reused anyway)
        WorkDir none = WorkDir.none();
        none.obtain("vectors", "v.txt", "settings", TEXT, notes -> "abc");
        assertEquals("unsaved:settings", none.contentKey("vectors"));
        assertThrows(IllegalStateException.class, () -> none.contentKey("index"));
    }

    /** Obtains an "index" artifact keyed by the content of "vectors", counting its builds. */
    private static String obtainIndex(WorkDir w, AtomicInteger builds) {
        String key = Fingerprint.of("index", 1).add("vectors", w.contentKey("vectors")).hex();
        return w.obtain("index", "i.txt", key, TEXT, notes -> {
            builds.incrementAndGet();
            return "b";
        });
    }

    @Test
    void noneBuildsEveryTimeAndWritesNothing() {
        WorkDir w = WorkDir.none();
        AtomicInteger builds = new AtomicInteger();
        w.obtain("x", "x.txt", "k", TEXT, notes -> "v" + builds.incrementAndGet());
        assertEquals("v2", w.obtain("x", "x.txt", "k", TEXT, notes -> "v" + builds.incrementAndGet()));
        assertEquals(2, w.entries().size());
        assertEquals(null, w.entry("x").file());
    }

    @Test
    void badArgumentsAreNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        IOException e = assertThrows(IOException.class, () -> WorkDir.at(file));
        assertTrue(e.getMessage().contains("plain") && e.getMessage().contains("not a folder"), e.getMessage());
        WorkDir w = WorkDir.at(dir);
        assertThrows(IllegalArgumentException.class, () -> w.obtain("x", "../x", "k", TEXT, n -> "v"));
        assertThrows(IllegalArgumentException.class, () -> w.obtain("x", "x.key", "k", TEXT, n -> "v"));
    }

    @Test
    void folderFingerprintsFollowEveryByteAndName() throws IOException {
        Path a = Files.createDirectories(dir.resolve("a"));
        Files.writeString(a.resolve("ratings.csv"), "1,2,3\n", StandardCharsets.UTF_8);
        Files.writeString(a.resolve("movies.csv"), "m\n", StandardCharsets.UTF_8);
        String before = Fingerprint.ofFolder(a);
        assertEquals(before, Fingerprint.ofFolder(a));
        Files.createDirectories(a.resolve("sub"));
        Files.writeString(a.resolve(".hidden"), "x");
        assertEquals(before, Fingerprint.ofFolder(a), "sub-folders and hidden files are not data");
        Files.writeString(a.resolve("ratings.csv"), "1,2,4\n", StandardCharsets.UTF_8);
        assertNotEquals(before, Fingerprint.ofFolder(a));
        assertNotEquals(Fingerprint.of("k", 1).add("a", "bc").hex(), Fingerprint.of("k", 1).add("ab", "c").hex(),
                "parts are length-prefixed");
        assertNotEquals(Fingerprint.of("k", 1).hex(), Fingerprint.of("k", 2).hex());
    }
}
