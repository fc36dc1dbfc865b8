package org.recsys4j.rank.seq;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.eval.LeaveLastOutTask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fitted model's API: determinism across thread counts, online state and scores (indices, ids, the
 * {@code HistoryScorer} and evaluator paths agree), the exported item table, save/load and bad input.
 */
class SequenceModelTest {
    static Interactions train;
    static SequenceModel sas;
    static SequenceModel gru;

    @TempDir
    Path dir;

    @BeforeAll
    static void fit() {
        train = LeaveLastOutTask.of(PlantedSequences.generate(120, 60, 8, 30, 0.2, 3)).train();
        sas = SasRec.builder().withDim(16).withBlocks(2).withHeads(2).withMaxLength(12).withMaxEpochs(3).withThreads(2)
                .build().fit(train);
        gru = Gru4Rec.builder().withDim(12).withMaxLength(12).withMaxEpochs(3).withThreads(2).build().fit(train);
    }

    @Test
    void theFitIsBitIdenticalForAnyThreadCountAndDependsOnTheSeed() {
        for (SequenceLoss loss : SequenceLoss.values()) {
            List<SequenceEpoch> e1 = new ArrayList<>();
            List<SequenceEpoch> e3 = new ArrayList<>();
            SasRec.Builder b = SasRec.builder().withDim(8).withBlocks(1).withMaxLength(10).withMaxEpochs(2)
                    .withLoss(loss).withNegatives(5);
            SequenceModel one = b.withThreads(1).withListener(e1::add).build().fit(train);
            SequenceModel three = b.withThreads(3).withListener(e3::add).build().fit(train);
            assertArrayEquals(one.net.params.flatten(), three.net.params.flatten(), loss.toString());
            assertEquals(e1.get(1).trainLoss(), e3.get(1).trainLoss(), loss.toString());
            SequenceModel other = b.withThreads(1).withSeed(1).build().fit(train);
            assertNotEquals(Arrays.hashCode(one.net.params.flatten()), Arrays.hashCode(other.net.params.flatten()));
        }
        SequenceModel g1 = Gru4Rec.builder().withDim(8).withMaxLength(10).withMaxEpochs(2).withThreads(1).build().fit(train);
        SequenceModel g2 = Gru4Rec.builder().withDim(8).withMaxLength(10).withMaxEpochs(2).withThreads(2).build().fit(train);
        assertArrayEquals(g1.net.params.flatten(), g2.net.params.flatten());
    }

    @Test
    void stateTimesItemEmbeddingsIsTheScoreAndEveryPathAgrees() {
        for (SequenceModel m : List.of(sas, gru)) {
            int[] h = {5, 17, 3, 42, 8};
            float[] s = m.scoresOfIndices(h);
            float[] q = m.stateOfIndices(h);
            EmbeddingTable t = m.itemEmbeddings();
            assertEquals(m.dim(), t.dim());
            assertEquals(m.dim(), q.length);
            assertEquals(m.items(), t.ids());
            assertEquals(m.architecture().equals("gru4rec") ? 13 : 16, m.dim());
            for (int i = 0; i < m.numItems(); i++) {
                float dot = 0;
                float[] v = t.vector(i);
                for (int k = 0; k < v.length; k++) {
                    dot += q[k] * v[k];
                }
                assertEquals(s[i], dot, 1e-4f * (1 + Math.abs(s[i])), m.architecture() + " item " + i);
            }
            // ids: the same history by external id; unknown ids are skipped
            long[] ids = Arrays.stream(h).mapToLong(i -> m.items().longId(i)).toArray();
            assertArrayEquals(s, m.scoresOfIds(ids));
            long[] withUnknown = {ids[0], ids[1], 999_999L, ids[2], ids[3], ids[4]};
            assertArrayEquals(s, m.scoresOfIds(withUnknown));
            assertArrayEquals(q, m.stateOfIds(ids));
            String[] sids = Arrays.stream(ids).mapToObj(Long::toString).toArray(String[]::new);
            assertArrayEquals(s, m.scoresOfIds(sids));
            // HistoryScorer
            double[] d = new double[m.numItems()];
            m.scoreHistory(h, d);
            for (int i = 0; i < d.length; i++) {
                assertEquals(s[i], d[i], 0.0);
            }
            // order matters; a history longer than maxLength reads its last maxLength items
            int[] rev = {8, 42, 3, 17, 5};
            assertTrue(!Arrays.equals(s, m.scoresOfIndices(rev)), "order must matter");
            int[] longer = new int[m.maxLength() + 7];
            for (int k = 0; k < longer.length; k++) {
                longer[k] = (k * 7) % m.numItems();
            }
            assertArrayEquals(m.scoresOfIndices(Arrays.copyOfRange(longer, 7, longer.length)), m.scoresOfIndices(longer));
            // online: the state after new feedback is the state of the extended history
            int[] more = Arrays.copyOf(h, h.length + 1);
            more[h.length] = 30;
            assertTrue(!Arrays.equals(q, m.stateOfIndices(more)));
        }
    }

    @Test
    void theEvaluatorsUserScorerReadsEachUsersTrainSequence() {
        double[][] rows = new double[2][train.numItems()];
        sas.userScorer(train).score(new int[]{4, 9}, rows);
        int[] h = train.byUser().othersOf(9);
        float[] s = sas.scoresOfIndices(h);
        for (int i = 0; i < s.length; i++) {
            assertEquals(s[i], rows[1][i], 0.0);
        }
    }

    @Test
    void aHistorysStateIsComputedOnceForTheRecallQueryAndTheScores() throws IOException {
        for (SequenceModel m : List.of(sas, gru)) {
            Path f = dir.resolve("memo-" + m.architecture() + ".r4js");
            m.save(f);
            SequenceModel fresh = SequenceModel.load(f);     // computes everything: the expected answers
            int[] h = {5, 17, 3, 42, 8};
            long before = m.statesComputed();
            float[] q = m.encode(h);                          // a pipeline's recall query ...
            double[] d = new double[m.numItems()];
            m.scoreHistory(h.clone(), d);                     // ... and its ranker's scores, one network run
            assertEquals(before + 1, m.statesComputed(), m.architecture());
            assertArrayEquals(fresh.encode(h), q);
            float[] expected = fresh.scoresOfIndices(h);
            for (int i = 0; i < d.length; i++) {
                assertEquals(expected[i], d[i], 0.0);
            }
            // only the last maxLength items are read, so a longer history ending in them reuses the state;
            // one new item (new feedback) is a new state
            int[] longer = new int[m.maxLength() + 3];
            for (int k = 0; k < longer.length; k++) {
                longer[k] = (k * 11 + 1) % m.numItems();
            }
            m.scoresOfIndices(longer);
            long after = m.statesComputed();
            assertArrayEquals(fresh.scoresOfIndices(longer), m.scoresOfIndices(Arrays.copyOfRange(longer, 3, longer.length)));
            assertEquals(after, m.statesComputed());
            int[] more = Arrays.copyOf(h, h.length + 1);
            more[h.length] = 30;
            assertArrayEquals(fresh.encode(more), m.encode(more));
            assertEquals(after + 1, m.statesComputed());
        }
    }

    @Test
    void rememberedStatesNeverMixUpHistoriesAcrossThreads() throws Exception {
        SplittableRandomHistories pool = new SplittableRandomHistories(sas.numItems(), 3 * SequenceModel.MEMO_SLOTS, 7);
        Path f = dir.resolve("memo.r4js");
        sas.save(f);
        SequenceModel shared = SequenceModel.load(f);
        float[][] expected = new float[pool.size()][];
        SequenceModel reference = SequenceModel.load(f);
        for (int k = 0; k < pool.size(); k++) {
            expected[k] = reference.scoresOfIndices(pool.get(k));
        }
        java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                done.add(ex.submit(() -> {
                    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
                    int wrong = 0;
                    for (int k = 0; k < 600; k++) {
                        int j = r.nextInt(pool.size());
                        wrong += Arrays.equals(expected[j], shared.scoresOfIndices(pool.get(j))) ? 0 : 1;
                    }
                    return wrong;
                }));
            }
            for (var d : done) {
                assertEquals(0, d.get());
            }
        } finally {
            ex.shutdownNow();
        }
        assertTrue(shared.statesComputed() < 2400, "some answers came from the memo: " + shared.statesComputed());
    }

    /** A fixed pool of random histories of 1 to 15 items. */
    private static final class SplittableRandomHistories {
        private final int[][] pool;

        SplittableRandomHistories(int numItems, int size, long seed) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            pool = new int[size][];
            for (int k = 0; k < size; k++) {
                pool[k] = r.ints(1 + r.nextInt(15), 0, numItems).toArray();
            }
        }

        int size() {
            return pool.length;
        }

        int[] get(int k) {
            return pool[k].clone();
        }
    }

    @Test
    void theLogQSamplerDrawsInProportionToCountPlusOneAndStoresItsCorrection() {
        long[] counts = {0, 9, 99, 4, 0, 387};
        OutputLayer.Sampler s = new OutputLayer.Sampler(counts, 8);
        long total = 0;
        for (long c : counts) {
            total += c + 1;
        }
        int[] drawn = new int[counts.length];
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        int n = 200_000;
        for (int k = 0; k < n; k++) {
            drawn[s.next(r)]++;
        }
        for (int j = 0; j < counts.length; j++) {
            double q = (counts[j] + 1) / (double) total;
            double sd = Math.sqrt(n * q * (1 - q));
            assertEquals(n * q, drawn[j], 5 * sd + 1, "item " + j);
            assertEquals(Math.log(8 * q), s.logExpected[j], 1e-5);
        }
    }

    @Test
    void badHistoriesAreRefusedNamingTheProblem() {
        var e = assertThrows(IllegalArgumentException.class, () -> sas.scoresOfIndices(new int[0]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sas.scoresOfIndices(new int[]{1, 60}));
        assertTrue(e.getMessage().contains("history[1]") && e.getMessage().contains("60"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gru.stateOfIds(-5L, 123_456L));
        assertTrue(e.getMessage().contains("none of its 2 ids"), e.getMessage());
        assertThrows(NullPointerException.class, () -> sas.stateOfIndices(null));
        double[] zeros = new double[sas.numItems()];
        Arrays.fill(zeros, 7);
        sas.scoreHistory(new int[0], zeros);
        assertEquals(0.0, Arrays.stream(zeros).map(Math::abs).sum());
        assertThrows(IllegalArgumentException.class, () -> sas.scoreHistory(new int[]{1}, new double[3]));
    }

    @Test
    void builderValidationNamesTheOption() {
        var e = assertThrows(IllegalArgumentException.class, () -> SasRec.builder().withHeads(3).build());
        assertEquals("heads: 3, must divide dim 64", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SasRec.builder().withDropout(1).build());
        assertTrue(e.getMessage().startsWith("dropout: 1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gru4Rec.builder().withLearningRate(0).build());
        assertTrue(e.getMessage().startsWith("learningRate: 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gru4Rec.builder().withMaxLength(0).build());
        assertTrue(e.getMessage().startsWith("maxLength: 0"), e.getMessage());
        var n = assertThrows(NullPointerException.class, () -> SasRec.builder().withLoss(null).build());
        assertEquals("loss", n.getMessage());
        n = assertThrows(NullPointerException.class, () -> Gru4Rec.builder().withListener(null).build());
        assertEquals("listener", n.getMessage());
        // data that cannot be learned from
        Interactions one = PlantedSequences.generate(5, 10, 1, 1, 0, 1);
        e = assertThrows(IllegalArgumentException.class, () -> SasRec.builder().build().fit(one));
        assertTrue(e.getMessage().contains("validation"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SasRec.builder().withValidation(false).build().fit(one));
        assertTrue(e.getMessage().contains("no user has a next-item transition"), e.getMessage());
    }

    @Test
    void savedModelsLoadWithTheSameScoresAndDescribeThemselves() throws IOException {
        for (SequenceModel m : List.of(sas, gru)) {
            Path f = dir.resolve(m.architecture() + ".r4js");
            m.save(f);
            SequenceModel back = SequenceModel.load(f);
            int[] h = {1, 2, 3, 59};
            assertArrayEquals(m.scoresOfIndices(h), back.scoresOfIndices(h));
            assertEquals(m.items(), back.items());
            assertEquals(m.toString(), back.toString());
            ArtifactInfo info = ArtifactInfo.read(f);
            assertEquals(ArtifactInfo.SEQUENCE_MODEL, info.kind());
            assertEquals(m.architecture(), info.settings().get("architecture"));
            assertEquals(m.info().input("data"), info.input("data"));
            assertTrue(info.contentFingerprint().isPresent());
            assertTrue(back.fit().isEmpty() && m.fit().isPresent());
        }
    }

    @Test
    void damagedFilesFailNamingTheFileAndThePart() throws IOException {
        Path f = dir.resolve("m.r4js");
        sas.save(f);
        byte[] good = Files.readAllBytes(f);
        assertEquals("checksum", damaged(good, b -> b[b.length / 2] ^= 0x10, "flip"));
        assertEquals("checksum", damaged(Arrays.copyOf(good, good.length - 9), b -> { }, "truncated"));
        assertEquals("magic", damaged(good, b -> b[0] = 'X', "magic"));
        assertEquals("length", damaged(new byte[5], b -> { }, "short"));
        Path other = dir.resolve("table.r4je");
        org.recsys4j.core.data.EmbeddingFormats.class.getName();   // an artifact of another kind
        assertThrows(DataFileException.class, () -> SequenceModel.load(Files.write(other, new byte[]{'R', '4', 'J', 'E', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})));
        // a future version, with a valid checksum
        byte[] future = good.clone();
        future[7] = 9;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(future, 0, future.length - 4);
        java.nio.ByteBuffer.wrap(future).putInt(future.length - 4, (int) crc.getValue());
        assertEquals("version", damaged(future, b -> { }, "future"));
    }

    private String damaged(byte[] bytes, java.util.function.Consumer<byte[]> edit, String name) throws IOException {
        byte[] b = bytes.clone();
        edit.accept(b);
        Path f = Files.write(dir.resolve(name + ".r4js"), b);
        DataFileException e = assertThrows(DataFileException.class, () -> SequenceModel.load(f));
        assertTrue(e.getMessage().contains(name + ".r4js"), e.getMessage());
        return e.field();
    }
}
