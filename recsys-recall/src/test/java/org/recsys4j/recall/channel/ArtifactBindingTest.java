package org.recsys4j.recall.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingFormats;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.IdMatch;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.pipeline.Candidate;
import org.recsys4j.core.pipeline.RecRequest;
import org.recsys4j.core.testing.Golden;
import org.recsys4j.recall.index.BruteForceIndex;
import org.recsys4j.recall.index.HnswIndex;
import org.recsys4j.recall.index.Metric;
import org.recsys4j.recall.index.VectorIndex;
import org.recsys4j.recall.index.VectorIndexes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Saved artifacts against the ids at hand (issue 15, item 4): a neighbour table reloaded after SKUs were added to
 * the catalogue is fitted by id or refused, a channel whose ids match nothing or whose vectors are not its
 * index's fails at build, and a file of the wrong kind or of other vectors is refused naming what it is.
 */
class ArtifactBindingTest {
    @TempDir
    Path dir;

    /** A shop catalogue: 40 sorted string SKUs. */
    private static IdIndex skus(int n, String... extra) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(String.format("sku-%03d", i * 10));
        }
        ids.addAll(Arrays.asList(extra));
        return IdIndex.stringBuilder().addAll(ids).withSorted(true).build();
    }

    /** Sessions of 3-5 items out of 8 groups of 5 consecutive SKUs: co-occurrence within a group. */
    private static Interactions views(IdIndex items) {
        Random r = new Random(5);
        IdIndex users = IdIndex.ofLongs(java.util.stream.LongStream.range(0, 200).toArray());
        Interactions.Builder b = Interactions.builder(users, items);
        for (int u = 0; u < 200; u++) {
            int group = r.nextInt(8);
            int len = 3 + r.nextInt(3);
            for (int k = 0; k < len; k++) {
                b.add(u, group * 5 + r.nextInt(5), 1, k);
            }
        }
        return b.build();
    }

    private static List<String> neighbourIds(ItemNeighbors t, IdIndex items, String id) {
        List<String> out = new ArrayList<>();
        for (int j : t.neighbors(items.indexOf(id))) {
            out.add(items.id(j));
        }
        return out;
    }

    /**
     * The defect: a table saved, then five SKUs added to the catalogue (sorted ids, so the dense indices of most
     * items shift), then the table read back, gave the neighbours of other items. Fitted by id it gives every
     * item's own neighbours and counts the five new SKUs; read exactly it is refused naming both fingerprints.
     */
    @Test
    void neighbourTableReloadedAfterFiveNewSkusIsFittedByIdOrRefused() throws IOException {
        IdIndex before = skus(40);
        ItemNeighbors cf = ItemNeighbors.builder(views(before)).withNeighbors(4).withThreads(1).build();
        Path file = dir.resolve("item-cf.nbr");
        cf.save(file);
        IdIndex after = skus(40, "sku-005", "sku-105", "sku-205", "sku-305", "sku-999");
        assertTrue(after.indexOf("sku-390") != before.indexOf("sku-390"), "the new SKUs shift the dense indices");

        ItemNeighbors fitted = ItemNeighbors.read(file, after, IdMatch.BY_ID);
        assertEquals(after.size(), fitted.numItems());
        assertEquals(5, fitted.missingItems());
        assertEquals(0, fitted.droppedNeighbors());
        int compared = 0;
        for (int i = 0; i < before.size(); i++) {
            String id = before.id(i);
            assertEquals(neighbourIds(cf, before, id), neighbourIds(fitted, after, id), id);
            compared += cf.neighbors(i).length;
        }
        assertTrue(compared > 100);
        assertEquals(0, fitted.neighbors(after.indexOf("sku-105")).length, "a new SKU has no saved list");
        assertEquals(after, fitted.items().orElseThrow());

        DataFileException e = assertThrows(DataFileException.class, () -> ItemNeighbors.read(file, after, IdMatch.EXACT));
        assertEquals("item-cf.nbr", e.file());
        String fpBefore = org.recsys4j.core.data.Fingerprints.abbreviate(org.recsys4j.core.data.Fingerprints.ids(before));
        String fpAfter = org.recsys4j.core.data.Fingerprints.abbreviate(org.recsys4j.core.data.Fingerprints.ids(after));
        assertTrue(e.getMessage().contains(fpBefore) && e.getMessage().contains(fpAfter), e.getMessage());
        assertTrue(e.getMessage().contains("5 of the ids at hand are not in the artifact"), e.getMessage());
        // the same catalogue passes both ways, unchanged
        assertArrayEquals(cf.neighbors(7), ItemNeighbors.read(file, before, IdMatch.EXACT).neighbors(7));
        assertEquals(0, ItemNeighbors.read(file, before, IdMatch.BY_ID).missingItems());
    }

    /** A version-1 table records no ids: it loads as before, says so, and a check can only compare sizes. */
    @Test
    void versionOneTableWithoutIdsIsComparedBySizeOnly() throws IOException {
        Path v1 = Golden.file("item-neighbors/cosine-top3-v1.nbr");
        ItemNeighbors old = ItemNeighbors.read(v1);
        assertTrue(old.items().isEmpty());
        assertTrue(!old.info().recorded());
        IdIndex six = IdIndex.ofLongs(1, 2, 3, 4, 5, 6);
        assertEquals(6, ItemNeighbors.read(v1, six, IdMatch.EXACT).numItems());
        IdIndex eleven = IdIndex.ofLongs(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        DataFileException e = assertThrows(DataFileException.class, () -> ItemNeighbors.read(v1, eleven, IdMatch.EXACT));
        assertTrue(e.getMessage().contains("records no ids") && e.getMessage().contains("6 rows"), e.getMessage());
        e = assertThrows(DataFileException.class, () -> ItemNeighbors.read(v1, six, IdMatch.BY_ID));
        assertTrue(e.getMessage().contains("cannot be fitted by id"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> old.save(dir.resolve("x.nbr")));
    }

    private static EmbeddingTable vectors(IdIndex ids, long seed) {
        Random r = new Random(seed);
        float[] v = new float[ids.size() * 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return EmbeddingTable.of(ids, 4, v);
    }

    @Test
    void embeddingChannelWhoseIdsMatchNothingFailsAtBuild() {
        IdIndex items = skus(10);
        VectorIndex numeric = BruteForceIndex.of(vectors(IdIndex.ofLongs(1, 2, 3), 1), Metric.COSINE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddingChannel.builder(numeric, items).build());
        assertTrue(e.getMessage().startsWith("index: none of its 3 ids") && e.getMessage().contains("numeric")
                && e.getMessage().contains("text"), e.getMessage());
        EmbeddingTable table = vectors(items, 2);
        VectorIndex ok = BruteForceIndex.of(table, Metric.COSINE);
        e = assertThrows(IllegalArgumentException.class, () -> EmbeddingChannel.builder(ok, items)
                .withItemVectors(vectors(IdIndex.ofStrings("x", "y"), 3)).build());
        assertTrue(e.getMessage().startsWith("itemVectors: none of its 2 ids"), e.getMessage());
        // matching ids build, and answer
        EmbeddingChannel ch = EmbeddingChannel.builder(ok, items).withItemVectors(table).build();
        List<Candidate> got = ch.recall(RecRequest.builder(5).withSeedItem(3).build(), 5);
        assertEquals(5, got.size());
    }

    /** A rebuilt embedding is never served through an index of its old vectors. */
    @Test
    void indexOfOldVectorsWithRebuiltVectorsFailsNamingBothFingerprints(@TempDir Path tmp) throws IOException {
        IdIndex items = skus(30);
        EmbeddingTable old = vectors(items, 1).withInfo(ArtifactInfo.builder(ArtifactInfo.EMBEDDING_TABLE)
                .withName("item2vec").build());
        EmbeddingTable rebuilt = vectors(items, 2);
        HnswIndex index = HnswIndex.builder(old, Metric.COSINE).withM(4).build();
        String oldFp = old.info().contentFingerprint().orElseThrow();
        String newFp = rebuilt.info().contentFingerprint().orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddingChannel.builder(index, items).withItemVectors(rebuilt).build());
        assertTrue(e.getMessage().contains(oldFp.substring(0, 12)) && e.getMessage().contains(newFp.substring(0, 12))
                && e.getMessage().contains("'item2vec'"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ItemNeighbors.builder(index, rebuilt, items).withThreads(1).build());
        EmbeddingChannel.builder(index, items).withItemVectors(old).build();   // its own vectors: fine

        // saved and loaded: the same, and the file can be checked against the vectors at hand
        Path file = tmp.resolve("item2vec.hnsw");
        index.save(file);
        assertEquals(oldFp, VectorIndexes.load(file, old).info().input("vectors").orElseThrow());
        DataFileException d = assertThrows(DataFileException.class, () -> VectorIndexes.load(file, rebuilt));
        assertEquals("item2vec.hnsw", d.file());
        assertTrue(d.getMessage().contains(oldFp.substring(0, 12)) && d.getMessage().contains(newFp.substring(0, 12)),
                d.getMessage());
        VectorIndex loaded = VectorIndexes.load(file);
        assertThrows(IllegalArgumentException.class,
                () -> EmbeddingChannel.builder(loaded, items).withItemVectors(rebuilt).build());
    }

    /** Files passed as the wrong kind are refused naming the file, what was expected and what it is. */
    @Test
    void swappedFilesNameTheExpectedAndTheFoundKind() throws IOException {
        IdIndex items = skus(12);
        EmbeddingTable t = vectors(items, 1);
        Path hnsw = dir.resolve("item2vec.hnsw");
        HnswIndex.builder(t, Metric.COSINE).withM(4).build().save(hnsw);
        Path emb = dir.resolve("item2vec.emb");
        EmbeddingFormats.save(t, emb, EmbeddingFormats.Format.BINARY);
        Path nbr = dir.resolve("item-cf.nbr");
        ItemNeighbors.builder(views(skus(40))).withThreads(1).build().save(nbr);

        DataFileException e = assertThrows(DataFileException.class,
                () -> EmbeddingFormats.load(hnsw, EmbeddingFormats.Format.BINARY));
        assertTrue(e.getMessage().startsWith("item2vec.hnsw: magic=") && e.getMessage().contains("found: hnsw, 12 rows"),
                e.getMessage());
        e = assertThrows(DataFileException.class, () -> ItemNeighbors.read(hnsw));
        assertTrue(e.getMessage().contains("expected item-neighbors") && e.getMessage().contains("found: hnsw"), e.getMessage());
        e = assertThrows(DataFileException.class, () -> VectorIndexes.load(nbr));
        assertTrue(e.getMessage().startsWith("item-cf.nbr: kind=item-neighbors: unknown index kind, not a vector index")
                && e.getMessage().contains("found: item-neighbors, 40 rows"), e.getMessage());
        e = assertThrows(DataFileException.class, () -> HnswIndex.read(nbr));
        assertTrue(e.getMessage().contains("not an HNSW index"), e.getMessage());
        e = assertThrows(DataFileException.class, () -> VectorIndexes.load(emb));
        assertEquals("magic", e.field());
        e = assertThrows(DataFileException.class, () -> EmbeddingFormats.load(hnsw, EmbeddingFormats.Format.WORD2VEC));
        assertTrue(e.getMessage().contains("the file is binary: hnsw"), e.getMessage());
        assertEquals("hnsw", ArtifactInfo.read(hnsw).kind());
        assertEquals(ArtifactInfo.ITEM_NEIGHBORS, ArtifactInfo.read(nbr).kind());
    }
}
