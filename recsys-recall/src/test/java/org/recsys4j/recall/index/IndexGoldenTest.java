package org.recsys4j.recall.index;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.testing.Golden;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden files of the index container {@code R4JI} ({@link Golden}), one per index kind at its format version 2
 * (with the info block; the version-1 files are kept and must still load and answer the same):
 * a small deterministic index of each kind is saved and compared byte for byte with the committed file, and the
 * committed file, loaded through {@link VectorIndexes#load}, gives the known answers (the exact neighbours where
 * the settings make the kind exact, and the committed answer list {@code index/answers-v1.txt} for all). Then
 * every kind's committed file is damaged the four usual ways (truncated, a flipped byte, a foreign magic, a
 * future version) and each load must fail with a {@link DataFileException} naming the file.
 *
 * <p>The vectors are multiples of 1/16 in [−4, 4], so L2 distances are exact in {@code float} and do not depend on
 * the summation order of the vector kernels.
 */
public class IndexGoldenTest {
    private static final int N = 64;
    private static final int DIM = 8;
    private static final int K = 5;

    @TempDir
    Path dir;

    /** 64 rows of 8 multiples of 1/16 in [−4, 4] (java.util.Random: the same values on every JDK). */
    static EmbeddingTable table(boolean textIds) {
        Random r = new Random(2024);
        float[] v = new float[N * DIM];
        for (int i = 0; i < v.length; i++) {
            v[i] = (r.nextInt(129) - 64) / 16f;
        }
        IdIndex ids;
        if (textIds) {
            String[] s = new String[N];
            for (int i = 0; i < N; i++) {
                s[i] = "item-" + i + (i % 7 == 0 ? "-é" : "");
            }
            ids = IdIndex.ofStrings(s);
        } else {
            long[] l = new long[N];
            for (int i = 0; i < N; i++) {
                l[i] = 1000 + 3L * i;
            }
            ids = IdIndex.ofLongs(l);
        }
        return EmbeddingTable.of(ids, DIM, v);
    }

    /** Eight queries: three rows of the table, five other multiples of 1/16. */
    static float[][] queries() {
        EmbeddingTable t = table(false);
        float[][] q = new float[8][];
        q[0] = t.vector(3);
        q[1] = t.vector(17);
        q[2] = t.vector(40);
        Random r = new Random(99);
        for (int i = 3; i < q.length; i++) {
            q[i] = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                q[i][d] = (r.nextInt(129) - 64) / 16f;
            }
        }
        return q;
    }

    /** The golden file name of each kind and the index saved in it. */
    static Map<String, VectorIndex> indexes() {
        Map<String, VectorIndex> m = new LinkedHashMap<>();
        m.put("index/brute-force-v2.r4ji", BruteForceIndex.of(table(true), Metric.L2));
        HnswIndex hnsw = HnswIndex.builder(table(false), Metric.COSINE).withM(4).withEfConstruction(32)
                .withEf(N).withSeed(7).withThreads(1).build();
        hnsw.markDeletedAt(5);   // tombstones are part of the format
        m.put("index/hnsw-v2.r4ji", hnsw);
        m.put("index/ivf-flat-v2.r4ji", IvfFlatIndex.builder(table(false), Metric.L2).withNlist(4)
                .withNprobe(4).withSeed(7).withThreads(1).build());
        m.put("index/e2lsh-v2.r4ji", E2LshIndex.builder(table(false), Metric.L2).withWidth(4)
                .withProjections(2).withTables(6).withSeed(7).withThreads(1).build());
        m.put("index/sign-lsh-v2.r4ji", SignLshIndex.builder(table(false)).withBits(4).withTables(6)
                .withSeed(7).withThreads(1).build());
        m.replaceAll((name, index) -> pinned(index));
        return m;
    }

    /** Returns the index with its creation time and library version pinned ({@link Golden#pinned}). */
    static VectorIndex pinned(VectorIndex index) {
        ArtifactInfo p = Golden.pinned(index.info());
        if (index instanceof BruteForceIndex b) {
            return b.withInfo(p);
        } else if (index instanceof HnswIndex h) {
            return h.withInfo(p);
        } else if (index instanceof IvfFlatIndex i) {
            return i.withInfo(p);
        } else if (index instanceof E2LshIndex e) {
            return e.withInfo(p);
        }
        return ((SignLshIndex) index).withInfo(p);
    }

    /** The committed version-1 file of each kind, by its version-2 name. */
    static Map<String, Path> version1() {
        Map<String, Path> m = new LinkedHashMap<>();
        for (String name : indexes().keySet()) {
            m.put(name, Golden.file(name.replace("-v2.", "-v1.")));
        }
        return m;
    }

    /**
     * Saves each kind's index and checks the bytes against (or, updating, rewrites) its golden file; returns the
     * committed files by name.
     */
    static Map<String, Path> committed() {
        Map<String, Path> files = new LinkedHashMap<>();
        indexes().forEach((name, index) -> files.put(name, Golden.check(name, index::save)));
        return files;
    }

    @Test
    void everyKindIsWrittenAsCommitted() {
        assertEquals(5, committed().size());
    }

    @Test
    void theCommittedFilesLoadAndGiveTheKnownAnswers() throws IOException {
        StringBuilder answers = new StringBuilder();
        float[][] queries = queries();
        Map<String, Path> files = committed();
        Map<String, Path> v1 = version1();
        for (Map.Entry<String, VectorIndex> e : indexes().entrySet()) {
            VectorIndex built = e.getValue();
            VectorIndex back = VectorIndexes.load(files.get(e.getKey()));
            // version 2 records the info; the loaded index reports it, and the header alone gives it too
            assertEquals(built.info(), back.info(), e.getKey());
            assertEquals(back.info(), ArtifactInfo.read(files.get(e.getKey())), e.getKey());
            assertEquals(table(e.getKey().contains("brute-force")).info().contentFingerprint(),
                    back.info().input("vectors"), e.getKey() + ": the index records the vectors it was built from");
            VectorIndex old = VectorIndexes.load(v1.get(e.getKey()));
            assertEquals(built.ids(), old.ids(), e.getKey());
            assertEquals(false, ArtifactInfo.read(v1.get(e.getKey())).recorded());
            assertEquals(built.getClass(), back.getClass(), e.getKey());
            assertEquals(built.metric(), back.metric(), e.getKey());
            assertEquals(DIM, back.dim());
            assertEquals(N, back.size());
            assertEquals(built.ids(), back.ids(), e.getKey());
            answers.append(e.getKey().replace("-v2.", "-v1.")).append('\n');
            for (int q = 0; q < queries.length; q++) {
                Neighbors a = old.search(queries[q], K);
                assertEquals(built.search(queries[q], K), a, e.getKey() + " query " + q + ": the version-1 file answers as built");
                assertEquals(a, back.search(queries[q], K), e.getKey() + " query " + q + ": and so does version 2");
                answers.append(String.format(Locale.ROOT, "  q%d rows %s scores", q, Arrays.toString(a.rows())));
                for (float s : a.scores()) {
                    answers.append(String.format(Locale.ROOT, " %.6f", s));
                }
                answers.append('\n');
            }
        }
        Golden.assertSameBytes(answers.toString().getBytes(StandardCharsets.UTF_8), "index/answers-v1.txt");
    }

    @Test
    void theExactSettingsGiveTheExactNeighbours() throws IOException {
        Map<String, Path> files = committed();
        EmbeddingTable t = table(false);
        BruteForceIndex cosine = BruteForceIndex.of(t, Metric.COSINE);
        for (float[] q : queries()) {
            // L2 by hand, in double (exact for these values): the 5 smallest squared distances
            double[] d2 = new double[N];
            for (int r = 0; r < N; r++) {
                double s = 0;
                for (int d = 0; d < DIM; d++) {
                    double x = t.vector(r)[d] - q[d];
                    s += x * x;
                }
                d2[r] = s;
            }
            double[] best = Arrays.stream(d2).sorted().limit(K).map(x -> -x).toArray();
            for (String name : new String[] {"index/brute-force-v2.r4ji", "index/ivf-flat-v2.r4ji"}) {
                Neighbors n = VectorIndexes.load(files.get(name)).search(q, K);
                double[] got = new double[K];
                for (int i = 0; i < K; i++) {
                    got[i] = n.scores()[i];
                    assertEquals(-d2[n.rows()[i]], got[i], 0.0, name + ": a row's score is its squared distance");
                }
                assertArrayEquals(best, got, 0.0, name);
            }
            // HNSW with ef = n on a connected graph visits every row: exact cosine, never the deleted row 5
            Neighbors h = VectorIndexes.load(files.get("index/hnsw-v2.r4ji")).search(q, K);
            Neighbors exact = cosine.search(q, K, r -> r != 5);
            assertArrayEquals(exact.scores(), h.scores(), 1e-6f);
            assertTrue(Arrays.stream(h.rows()).noneMatch(r -> r == 5));
        }
        // a row's own vector finds it first, at distance 0, in every kind
        for (Map.Entry<String, Path> e : files.entrySet()) {
            VectorIndex back = VectorIndexes.load(e.getValue());
            Neighbors n = back.search(t.vector(40), 1);
            assertEquals(40, n.rows()[0], e.getKey());
        }
    }

    // ---- damaged files: each fails naming the file ------------------------------------------------------

    private DataFileException loadFails(String kindFile, byte[] bytes, String name) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        DataFileException e = assertThrows(DataFileException.class, () -> VectorIndexes.load(f), kindFile);
        assertTrue(e.getMessage().startsWith(name + ": "), kindFile + ": " + e.getMessage());
        return e;
    }

    /** Returns a copy of an R4JI file with the kind's format version (after the magic and the kind) set and the checksum recomputed. */
    public static byte[] withVersion(byte[] good, int version) {
        byte[] b = good.clone();
        ByteBuffer buf = ByteBuffer.wrap(b);
        int kindBytes = buf.getShort(4) & 0xFFFF;
        buf.putInt(6 + kindBytes, version);
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 8);
        buf.putLong(b.length - 8, crc.getValue());
        return b;
    }

    @Test
    void damagedFilesOfEveryKindNameTheFile() throws IOException {
        Map<String, Path> all = new LinkedHashMap<>(committed());
        version1().forEach((name, file) -> all.put(name.replace("-v2.", "-v1."), file));
        for (Map.Entry<String, Path> committed : all.entrySet()) {
            String kindFile = committed.getKey();
            byte[] good = Files.readAllBytes(committed.getValue());
            assertEquals("checksum", loadFails(kindFile, Arrays.copyOf(good, good.length - 9), "truncated.r4ji").field());
            assertEquals("length", loadFails(kindFile, Arrays.copyOf(good, 10), "stub.r4ji").field());
            byte[] flipped = good.clone();
            flipped[good.length / 2] ^= 0x20;
            assertEquals("checksum", loadFails(kindFile, flipped, "flipped.r4ji").field());
            byte[] magic = good.clone();
            magic[3] = 'E';   // R4JE: an embedding file is not an index
            assertEquals("magic", loadFails(kindFile, magic, "magic.r4ji").field());
            DataFileException v = loadFails(kindFile, withVersion(good, 3), "future.r4ji");
            assertEquals("version", v.field(), v.getMessage());
            assertEquals("3", v.value());
            // the version is read from the file, so the same file with its own version again loads
            int own = kindFile.contains("-v1.") ? 1 : 2;
            assertEquals(N, VectorIndexes.load(Files.write(dir.resolve("again.r4ji"), withVersion(good, own))).size());
        }
    }
}
