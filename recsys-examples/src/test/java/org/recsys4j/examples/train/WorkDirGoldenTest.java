package org.recsys4j.examples.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.EmbeddingFormats;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.testing.Golden;
import org.recsys4j.recall.index.HnswIndex;
import org.recsys4j.recall.index.Metric;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden files of the work folder ({@link Golden}): its key files ({@code <artifact>.key}, a properties file) and
 * the {@link Fingerprint}s they hold are a format too — a work folder written by this version must be reused by
 * later ones, not silently retrained, and an index keyed by its embedding's content must stay keyed the same.
 * The committed folder {@code workdir/v2/} holds an embedding, an HNSW index built from it (keyed by the
 * embedding file's SHA-256) and both key files, in the artifacts' format version 2 (with their info, the creation
 * time and library version pinned); {@code workdir/v1/}, the same folder saved by the previous version, must
 * still be reused as it is.
 */
class WorkDirGoldenTest {
    private static final String VECTORS_KEY = Fingerprint.of("vectors", 1).add("data", "golden").add("dim", 4).hex();
    private static final List<String> FILES = List.of("vectors.emb", "vectors.emb.key", "vectors.hnsw", "vectors.hnsw.key");
    private static final WorkDir.Codec<EmbeddingTable> EMB = WorkDir.Codec.of(
            (t, f) -> EmbeddingFormats.save(t, f, EmbeddingFormats.Format.BINARY),
            f -> EmbeddingFormats.load(f, EmbeddingFormats.Format.BINARY));
    private static final WorkDir.Codec<HnswIndex> HNSW = WorkDir.Codec.of(HnswIndex::save, HnswIndex::read);

    @TempDir
    Path dir;

    private static EmbeddingTable table() {
        float[] v = new float[6 * 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((i * 7) % 11 - 5) / 4f;
        }
        return EmbeddingTable.of(IdIndex.ofLongs(10, 20, 30, 40, 50, 60), 4, v)
                .withInfo(Golden.info(ArtifactInfo.EMBEDDING_TABLE).withName("vectors").build());
    }

    /** Obtains the embedding and its index (keyed by the embedding's content); counts the builds. */
    private static HnswIndex obtainBoth(WorkDir w, AtomicInteger builds) {
        EmbeddingTable vectors = w.obtain("vectors", "vectors.emb", VECTORS_KEY, EMB, notes -> {
            builds.incrementAndGet();
            notes.put("loss", "0.5,0.25");
            return table();
        });
        String indexKey = Fingerprint.of("hnsw", 2).add("vectors", w.contentKey("vectors")).add("m", 4).hex();
        return w.obtain("vectors hnsw", "vectors.hnsw", indexKey, HNSW, notes -> {
            builds.incrementAndGet();
            HnswIndex index = HnswIndex.builder(vectors, Metric.L2).withM(4).withEfConstruction(16).withEf(8).withSeed(3)
                    .build();
            return index.withInfo(Golden.pinned(index.info()));
        });
    }

    /** Returns a key file's properties without the two that change at every build (time and duration). */
    private static Map<String, String> stableProperties(Path keyFile) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(keyFile, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (!k.equals("built") && !k.equals("seconds")) {
                m.put(k, p.getProperty(k));
            }
        }
        return m;
    }

    /**
     * Builds the folder afresh and checks it against (or, updating, rewrites) the committed one: the artifacts byte
     * for byte, the key files property by property (except the build time and duration). Returns the committed folder.
     */
    private Path checkedCommittedFolder() throws IOException {
        Path fresh = dir.resolve("fresh");
        AtomicInteger builds = new AtomicInteger();
        obtainBoth(WorkDir.at(fresh), builds);
        assertEquals(2, builds.get());
        for (String f : FILES) {
            if (Golden.updating() || !f.endsWith(WorkDir.KEY_SUFFIX)) {
                Golden.assertSameBytes(fresh.resolve(f), "workdir/v2/" + f);
            } else {
                assertEquals(stableProperties(Golden.file("workdir/v2/" + f)), stableProperties(fresh.resolve(f)), f);
            }
        }
        return Golden.file("workdir/v2/vectors.emb").getParent();
    }

    @Test
    void aFreshFolderHoldsTheCommittedArtifactsAndKeys() throws IOException {
        Path committed = checkedCommittedFolder();
        Map<String, String> key = stableProperties(committed.resolve("vectors.hnsw.key"));
        assertEquals(Fingerprint.ofFile(committed.resolve("vectors.hnsw")), key.get("sha256"));
        assertEquals("vectors hnsw", key.get("artifact"));
        assertEquals(Fingerprint.of("hnsw", 2).add("vectors", Fingerprint.ofFile(committed.resolve("vectors.emb")))
                .add("m", 4).hex(), key.get("key"), "the index is keyed by the embedding file's bytes");
        assertEquals("0.5,0.25", stableProperties(committed.resolve("vectors.emb.key")).get("note.loss"));
    }

    @Test
    void theCommittedFolderIsReusedAsItIs() throws IOException {
        reusedAsItIs(checkedCommittedFolder(), "copy");
    }

    /** A folder saved by the previous version (artifacts in format version 1) is reused, not rebuilt. */
    @Test
    void theVersionOneFolderIsStillReused() throws IOException {
        reusedAsItIs(Golden.file("workdir/v1/vectors.emb").getParent(), "copy-v1");
    }

    private void reusedAsItIs(Path committed, String name) throws IOException {
        Path copy = Files.createDirectories(dir.resolve(name));
        for (String f : FILES) {
            Files.copy(committed.resolve(f), copy.resolve(f));
        }
        AtomicInteger builds = new AtomicInteger();
        WorkDir w = WorkDir.at(copy);
        HnswIndex index = obtainBoth(w, builds);
        assertEquals(0, builds.get(), w.entries().toString());
        for (WorkDir.Entry e : w.entries()) {
            assertTrue(e.reused() && e.why().isEmpty(), e.toString());
        }
        assertEquals("0.5,0.25", w.entry("vectors").notes().get("loss"));
        EmbeddingTable t = table();
        for (int r = 0; r < t.size(); r++) {
            assertEquals(r, index.search(t.vector(r), 1).rows()[0]);
        }
    }

    /** The fingerprint is SHA-256 over (4-byte big-endian length, UTF-8 bytes) of each name and value, in order. */
    @Test
    void fingerprintsHaveTheDocumentedEncodingAndTheCommittedValues() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String part : List.of("kind", "item2vec", "version", "1", "dim", "32", "liked", "3.5", "data", "é")) {
            byte[] b = part.getBytes(StandardCharsets.UTF_8);
            sha.update(new byte[] {0, 0, 0, (byte) b.length});
            sha.update(b);
        }
        String byHand = HexFormat.of().formatHex(sha.digest());
        String fp = Fingerprint.of("item2vec", 1).add("dim", 32).add("liked", 3.5).add("data", "é").hex();
        assertEquals(byHand, fp);

        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,2,3.5,4\n");
        Files.writeString(data.resolve("movies.csv"), "movieId,title,genres\n2,Heat (1995),Action\n");
        String text = "of(item2vec,1).dim=32.liked=3.5.data=é " + fp + "\n"
                + "ofFolder(ratings.csv, movies.csv) " + Fingerprint.ofFolder(data) + "\n"
                + "ofFile(ratings.csv) " + Fingerprint.ofFile(data.resolve("ratings.csv")) + "\n"
                + "ofBytes(empty) " + Fingerprint.ofBytes(new byte[0]) + "\n";
        Golden.assertSameBytes(text.getBytes(StandardCharsets.UTF_8), "workdir/fingerprints-v1.txt");
        // the SHA-256 of no bytes, a known answer
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Fingerprint.ofBytes(new byte[0]));
    }
}
