package org.recsys4j.examples.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.io.LoadOptions;
import org.recsys4j.core.movielens.MovieLens;
import org.recsys4j.core.movielens.MovieLensData;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.recall.channel.ItemNeighbors;
import org.recsys4j.recall.index.HnswIndex;
import org.recsys4j.recall.index.Metric;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's work folder against swapped artifact files (issue 15): a file put in another's place with its key
 * file left as it was used to be "used as found". Each artifact now says what it is, so the load refuses it naming
 * the file, the expected and the found name or fingerprint, and the folder rebuilds it.
 */
class SwappedArtifactsTest {
    @TempDir
    Path dir;

    private static EmbeddingTable vectors(long seed) {
        Random r = new Random(seed);
        float[] v = new float[30 * 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        long[] ids = new long[30];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 100 + i;
        }
        return EmbeddingTable.of(IdIndex.ofLongs(ids), 4, v);
    }

    private static EmbeddingTable obtainTable(WorkDir w, String name, long seed, AtomicInteger builds) {
        return w.obtain(name, name + ".emb", "key-" + name, ServingModels.embeddingsCodec(name), notes -> {
            builds.incrementAndGet();
            return vectors(seed);
        });
    }

    private static HnswIndex obtainIndex(WorkDir w, String name, EmbeddingTable t, AtomicInteger builds) {
        return w.obtain(name + " hnsw", name + ".hnsw", "key-hnsw-" + name, ServingModels.hnswCodec(t), notes -> {
            builds.incrementAndGet();
            return HnswIndex.builder(t, Metric.COSINE).withM(4).build();
        });
    }

    @Test
    void item2vecFileInDeepwalksPlaceIsRefusedAndRebuilt() throws IOException {
        AtomicInteger builds = new AtomicInteger();
        WorkDir w = WorkDir.at(dir);
        obtainTable(w, "item2vec", 1, builds);
        EmbeddingTable deepwalk = obtainTable(w, "deepwalk", 2, builds);
        assertEquals(2, builds.get());
        Files.copy(dir.resolve("item2vec.emb"), dir.resolve("deepwalk.emb"), StandardCopyOption.REPLACE_EXISTING);

        WorkDir again = WorkDir.at(dir);
        EmbeddingTable back = obtainTable(again, "deepwalk", 2, builds);
        assertEquals(3, builds.get(), "the swapped file is rebuilt, not used as found");
        WorkDir.Entry e = again.entry("deepwalk");
        assertFalse(e.reused());
        assertTrue(e.why().contains("deepwalk.emb") && e.why().contains("expected the embedding-table 'deepwalk'")
                && e.why().contains("found 'item2vec'"), e.why());
        assertEquals(deepwalk.info().contentFingerprint(), back.info().contentFingerprint());
        assertEquals("deepwalk", org.recsys4j.core.data.ArtifactInfo.read(dir.resolve("deepwalk.emb")).name(),
                "the rebuilt file is deepwalk's again");
    }

    @Test
    void anHnswFileOfOtherVectorsIsRefusedNamingBothFingerprints() throws IOException {
        AtomicInteger builds = new AtomicInteger();
        WorkDir w = WorkDir.at(dir);
        EmbeddingTable item2vec = obtainTable(w, "item2vec", 1, builds);
        EmbeddingTable deepwalk = obtainTable(w, "deepwalk", 2, builds);
        obtainIndex(w, "item2vec", item2vec, builds);
        obtainIndex(w, "deepwalk", deepwalk, builds);
        assertEquals(4, builds.get());
        Files.copy(dir.resolve("deepwalk.hnsw"), dir.resolve("item2vec.hnsw"), StandardCopyOption.REPLACE_EXISTING);

        WorkDir again = WorkDir.at(dir);
        HnswIndex index = obtainIndex(again, "item2vec", item2vec, builds);
        assertEquals(5, builds.get());
        String why = again.entry("item2vec hnsw").why();
        String expected = item2vec.info().contentFingerprint().orElseThrow().substring(0, 12);
        String found = deepwalk.info().contentFingerprint().orElseThrow().substring(0, 12);
        assertTrue(why.contains("item2vec.hnsw") && why.contains(expected) && why.contains(found), why);
        assertEquals(item2vec.info().contentFingerprint(), index.info().input("vectors"));
        // unswapped, both are reused
        WorkDir third = WorkDir.at(dir);
        obtainIndex(third, "item2vec", item2vec, builds);
        obtainIndex(third, "deepwalk", deepwalk, builds);
        assertEquals(5, builds.get());
    }

    @Test
    void aNeighbourTableOfAnotherCatalogueIsRefused() throws IOException {
        IdIndex before = IdIndex.ofLongs(1, 2, 3, 4, 5);
        IdIndex after = IdIndex.ofLongs(1, 2, 3, 4, 5, 6);
        Interactions log = Interactions.builder(IdIndex.ofLongs(7, 8), before).add(0, 0, 1, 1).add(0, 1, 1, 2)
                .add(1, 1, 1, 3).add(1, 2, 1, 4).build();
        AtomicInteger builds = new AtomicInteger();
        WorkDir.Codec<ItemNeighbors> codec = ServingModels.neighborsCodec(after);
        WorkDir w = WorkDir.at(dir);
        w.obtain("item-cf", "item-cf.nbr", "k", ServingModels.neighborsCodec(before), n -> {
            builds.incrementAndGet();
            return ItemNeighbors.builder(log).withThreads(1).build();
        });
        WorkDir again = WorkDir.at(dir);
        again.obtain("item-cf", "item-cf.nbr", "k", codec, n -> {
            builds.incrementAndGet();
            return ItemNeighbors.builder(log).withThreads(1).build();
        });
        assertEquals(2, builds.get());
        assertTrue(again.entry("item-cf").why().contains("1 of the ids at hand are not in the artifact"),
                again.entry("item-cf").why());
    }

    @Test
    void aDeepFmModelOfOtherEncodersIsRefusedNamingBothFingerprintsAndRebuilt() throws Exception {
        TrainingSettings tiny = new TrainingSettings(8, 2, 2, 6, 3, 2, 2, 7);
        MovieLensData[] sets = new MovieLensData[2];
        String[] keys = new String[2];
        ServingModels[] trained = new ServingModels[2];
        for (int s = 0; s < 2; s++) {
            Path data = Files.createDirectories(dir.resolve("data" + s));
            SyntheticMovieLens.builder(80, 120, 4_000, 11 + s).withClusters(4).build().writeLatestCsv(data);
            sets[s] = MovieLens.load(data, LoadOptions.lenient());
            keys[s] = Fingerprint.ofFolder(data);
            trained[s] = ServingModels.obtain(sets[s], keys[s], tiny, WorkDir.at(dir.resolve("work" + s)), Progress.silent());
        }
        String a = trained[0].rankerSamples().features().info().contentFingerprint().orElseThrow();
        String b = trained[1].rankerSamples().features().info().contentFingerprint().orElseThrow();
        assertTrue(!a.equals(b), "two data sets, two fits of the encoders");
        assertEquals(a, trained[0].deepFm().info().input("encoders").orElseThrow(), "the model records its encoders");
        // the other data set's model put in the first folder's place (its key file left as it was)
        Files.copy(dir.resolve("work1").resolve("deepfm.ctr"), dir.resolve("work0").resolve("deepfm.ctr"),
                StandardCopyOption.REPLACE_EXISTING);
        ServingModels again = ServingModels.obtain(sets[0], keys[0], tiny, WorkDir.at(dir.resolve("work0")), Progress.silent());
        WorkDir.Entry deepfm = again.entries().stream().filter(e -> e.name().equals("deepfm")).findFirst().orElseThrow();
        assertFalse(deepfm.reused(), "the swapped model is rebuilt, not used as found");
        assertTrue(deepfm.why().contains("deepfm.ctr") && deepfm.why().contains(a.substring(0, 12))
                && deepfm.why().contains(b.substring(0, 12)), deepfm.why());
        assertEquals(1, again.entries().stream().filter(e -> !e.reused()).count(), again.entries().toString());
        assertEquals(a, again.deepFm().info().input("encoders").orElseThrow());
    }

    @Test
    void aSequenceModelOfAnotherCatalogueIsRefusedAndRetrained() throws IOException {
        IdIndex before = IdIndex.ofLongs(1, 2, 3, 4, 5);
        IdIndex after = IdIndex.ofLongs(1, 2, 3, 4, 5, 6);
        Interactions log = Interactions.builder(IdIndex.ofLongs(7, 8), before).add(0, 0, 1, 1).add(0, 1, 1, 2)
                .add(0, 2, 1, 3).add(1, 1, 1, 4).add(1, 2, 1, 5).add(1, 3, 1, 6).build();
        Interactions log6 = Interactions.builder(IdIndex.ofLongs(7, 8), after).add(0, 0, 1, 1).add(0, 1, 1, 2)
                .add(0, 2, 1, 3).add(1, 1, 1, 4).add(1, 2, 1, 5).add(1, 5, 1, 6).build();
        org.recsys4j.rank.seq.SasRec tiny = org.recsys4j.rank.seq.SasRec.builder().withDim(4).withMaxLength(4)
                .withMaxEpochs(1).withThreads(1).withValidation(false).build();
        AtomicInteger builds = new AtomicInteger();
        WorkDir w = WorkDir.at(dir);
        w.obtain("sasrec", "sasrec.r4js", "k", ServingModels.sequenceCodec(before), n -> {
            builds.incrementAndGet();
            return tiny.fit(log);
        });
        // the same key, the catalogue grew: the saved model (5 items) is not the catalogue's, so it is retrained
        WorkDir again = WorkDir.at(dir);
        org.recsys4j.rank.seq.SequenceModel back = again.obtain("sasrec", "sasrec.r4js", "k",
                ServingModels.sequenceCodec(after), n -> {
                    builds.incrementAndGet();
                    return tiny.fit(log6);
                });
        assertEquals(2, builds.get(), "the model of the other catalogue is retrained, not used as found");
        assertEquals(6, back.numItems());
        String why = again.entry("sasrec").why();
        assertTrue(why.contains("sasrec.r4js") && why.contains("ids"), why);
        // the retrained one is reused
        WorkDir third = WorkDir.at(dir);
        third.obtain("sasrec", "sasrec.r4js", "k", ServingModels.sequenceCodec(after), n -> {
            builds.incrementAndGet();
            return tiny.fit(log6);
        });
        assertEquals(2, builds.get());
    }
}
