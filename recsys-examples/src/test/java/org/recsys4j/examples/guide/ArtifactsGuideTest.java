package org.recsys4j.examples.guide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.IdMatch;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.recall.channel.ItemNeighbors;
import org.recsys4j.recall.index.HnswIndex;
import org.recsys4j.recall.index.Metric;
import org.recsys4j.recall.index.VectorIndex;
import org.recsys4j.recall.index.VectorIndexes;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Runs the snippets of docs/formats.md's section on self-describing artifacts. */
class ArtifactsGuideTest {
    @TempDir
    Path dir;

    @Test
    void thePageMatchesThisTest() throws IOException {
        GuideSnippets.assertPageMatchesTest("../docs/formats.md", ArtifactsGuideTest.class);
    }

    @Test
    void anIndexSaysWhatItWasBuiltFromAndANeighbourTableFollowsItsIds() throws IOException {
        IdIndex skus = IdIndex.ofStrings("sku-1", "sku-2", "sku-3", "sku-4");
        EmbeddingTable vectors = EmbeddingTable.of(skus, 2, new float[] {1, 0, 0.8f, 0.6f, 0, 1, -1, 0});
        Interactions views = Interactions.builder(IdIndex.ofStrings("u1", "u2"), skus)
                .add(0, 0, 1, 1).add(0, 1, 1, 2).add(1, 1, 1, 3).add(1, 2, 1, 4).build();
        IdIndex newCatalogue = IdIndex.ofStrings("sku-0", "sku-1", "sku-2", "sku-3", "sku-4");
        EmbeddingTable rebuilt = EmbeddingTable.of(skus, 2, new float[] {0, 1, 0.6f, 0.8f, 1, 0, 0, -1});

        HnswIndex index = HnswIndex.builder(vectors, Metric.COSINE).build();
        index.save(dir.resolve("items.hnsw"));
        ArtifactInfo info = ArtifactInfo.read(dir.resolve("items.hnsw"));    // the header only
        System.out.println(info);          // kind hnsw, rows, ids and content fingerprints, settings, version
        VectorIndex same = VectorIndexes.load(dir.resolve("items.hnsw"), vectors);   // built from these vectors?

        ItemNeighbors cf = ItemNeighbors.builder(views).withNeighbors(20).build();
        cf.save(dir.resolve("item-cf.nbr"));
        // later, the catalogue has gained an item: lists are found by id, the new item has none
        ItemNeighbors fitted = ItemNeighbors.read(dir.resolve("item-cf.nbr"), newCatalogue, IdMatch.BY_ID);
        System.out.println(fitted.missingItems() + " item(s) without a saved list");

        assertEquals("hnsw", info.kind());
        assertEquals(vectors.info().contentFingerprint(), info.input("vectors"));
        assertEquals(4, same.size());
        assertEquals(1, fitted.missingItems());
        assertEquals("sku-1", newCatalogue.id(fitted.neighbors(newCatalogue.indexOf("sku-2"))[0]));
        assertThrows(DataFileException.class, () -> VectorIndexes.load(dir.resolve("items.hnsw"), rebuilt));
        assertThrows(DataFileException.class,
                () -> ItemNeighbors.read(dir.resolve("item-cf.nbr"), newCatalogue, IdMatch.EXACT));
    }
}
