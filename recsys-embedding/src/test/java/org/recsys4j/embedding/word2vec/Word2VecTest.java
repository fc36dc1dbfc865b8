package org.recsys4j.embedding.word2vec;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.model.ItemSimilarity;
import org.recsys4j.embedding.seq.SequenceCorpus;
import org.recsys4j.embedding.seq.SyntheticSequences;
import org.recsys4j.embedding.testing.LossCurves;
import org.recsys4j.embedding.testing.TopicPurity;
import org.opentest4j.AssertionFailedError;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Word2VecTest {
    /** 400 items in 8 topics, 15% uniform noise: ~50k tokens, trains in well under a second. */
    private static final SyntheticSequences PLANTED = SyntheticSequences.builder().withItems(400).withTopics(8)
            .withSequences(2500).withMinLength(10).withMaxLength(30).withNoise(0.15).withSeed(11).build();

    private static Word2Vec.Builder small() {
        return Word2Vec.builder().withDim(32).withWindow(5).withNegative(5).withEpochs(5).withSeed(42);
    }

    /** Returns the mean share of each item's 10 nearest neighbours that share its planted topic. */
    private static double purity(Word2VecModel m, SyntheticSequences s) {
        return purities(m, s)[0];
    }

    private static double[] purities(Word2VecModel m, SyntheticSequences s) {
        return TopicPurity.of(m, s);
    }

    /** Asserts that at least 9 of every item's 10 nearest neighbours are in its planted topic. */
    private static void assertPlanted(Word2VecModel m) {
        double[] p = purities(m, PLANTED);
        assertTrue(p[1] >= 0.9, "mean purity " + p[0] + ", worst item " + p[1]);
    }

    @Test
    void skipGramNegativeSamplingRecoversPlantedTopics() {
        Word2VecModel m = small().build().fit(PLANTED.corpus());
        assertPlanted(m);
    }

    @Test
    void perPairNegativesAsWord2vecCAlsoRecoverPlantedTopics() {
        Word2VecModel m = small().withSharedNegatives(false).withNegativeSampler(NegativeSampler.TABLE).build()
                .fit(PLANTED.corpus());
        assertPlanted(m);
    }

    @Test
    void cbowNegativeSamplingRecoversPlantedTopics() {
        Word2VecModel m = small().withCbow(true).withAlpha(0.05).build().fit(PLANTED.corpus());
        assertPlanted(m);
    }

    @Test
    void skipGramHierarchicalSoftmaxRecoversPlantedTopics() {
        Word2VecModel m = small().withNegative(0).withHierarchicalSoftmax(true).build().fit(PLANTED.corpus());
        assertPlanted(m);
    }

    @Test
    void aliasSamplerAndHsWithNegativesAlsoRecoverTopics() {
        Word2VecModel m = small().withNegativeSampler(NegativeSampler.ALIAS).withHierarchicalSoftmax(true).build()
                .fit(PLANTED.corpus());
        assertPlanted(m);
    }

    @Test
    void perPairNegativesWithHierarchicalSoftmaxRecoverTopics() {
        assertPlanted(small().withHierarchicalSoftmax(true).withSharedNegatives(false).build().fit(PLANTED.corpus()));
    }

    @Test
    void twoThreadsStillRecoverPlantedTopics() {
        // Hogwild: not reproducible, so a mean threshold with margin (single-thread runs reach 1.0)
        Word2VecModel m = small().withThreads(2).build().fit(PLANTED.corpus());
        double[] p = purities(m, PLANTED);
        assertTrue(p[0] >= 0.9 && p[1] >= 0.6, "mean purity " + p[0] + ", worst item " + p[1]);
        assertEquals(PLANTED.corpus().numTokens() * 5, m.stats().tokensProcessed());
    }

    @Test
    void heavyOverlapFailsThePurityThreshold() {
        // every non-noise token is as likely from the partner topic as from its own: clusters merge pairwise
        SyntheticSequences blurred = SyntheticSequences.builder().withItems(400).withTopics(8).withSequences(2500)
                .withMinLength(10).withMaxLength(30).withNoise(0.15).withOverlap(0.425).withSeed(11).build();
        Word2VecModel m = small().build().fit(blurred.corpus());
        assertTrue(purity(m, blurred) < 0.7, "purity " + purity(m, blurred)); // about 0.5: partners merge
    }

    @Test
    void oneThreadAndASeedGiveIdenticalBytes() {
        for (Word2Vec.Builder b : List.of(small().withEpochs(2), small().withEpochs(2).withSharedNegatives(false),
                small().withEpochs(2).withCbow(true), small().withEpochs(2).withNegative(2)
                        .withHierarchicalSoftmax(true),
                small().withEpochs(2).withNegative(2).withHierarchicalSoftmax(true).withSharedNegatives(false))) {
            byte[] a = bytes(b.build().fit(PLANTED.corpus()));
            byte[] c = bytes(b.build().fit(PLANTED.corpus()));
            assertArrayEquals(a, c);
            byte[] other = bytes(b.withSeed(43).build().fit(PLANTED.corpus()));
            assertFalse(Arrays.equals(a, other));
        }
    }

    @Test
    void theDefaultsAreReproducible() {
        assertEquals(1, Word2Vec.DEFAULT_THREADS, "Hogwild on several threads is not reproducible");
        Word2Vec defaults = Word2Vec.builder().withDim(16).withEpochs(1).build();
        assertEquals(Word2Vec.DEFAULT_THREADS, defaults.threads());
        assertArrayEquals(bytes(defaults.fit(PLANTED.corpus())), bytes(defaults.fit(PLANTED.corpus())));
        assertTrue(defaults.listener().isEmpty());
    }

    @Test
    void settersOnlyStoreAndBuildChecksEveryOption() {
        // a bad value that is corrected before build() is never seen
        assertEquals(8, Word2Vec.builder().withDim(0).withWindow(-3).withDim(8).withWindow(2).build().dim());
        assertEquals("negativeSampler",
                assertThrows(NullPointerException.class, () -> Word2Vec.builder().withNegativeSampler(null).build())
                        .getMessage());
    }

    private static byte[] bytes(Word2VecModel m) {
        ByteBuffer buf = ByteBuffer.allocate(m.vocabulary().size() * m.dim() * 4);
        for (int i = 0; i < m.vocabulary().size(); i++) {
            for (float f : m.vectorAt(i)) {
                buf.putFloat(f);
            }
        }
        return buf.array();
    }

    @Test
    void statsCountRawAndTrainedTokens() {
        Word2VecModel m = small().withEpochs(2).build().fit(PLANTED.corpus());
        TrainingStats s = m.stats();
        assertEquals(2 * PLANTED.corpus().numTokens(), s.tokensProcessed());
        assertTrue(s.tokensTrained() > 0 && s.tokensTrained() < s.tokensProcessed(), s.toString()); // subsampled
        assertTrue(s.seconds() > 0 && s.tokensPerSecond() > 0);
        assertEquals(2, s.epochLosses().size());
        assertEquals(s.epochLosses().get(1), s.finalLoss(), "the final loss is the last epoch's mean");
        TrainingStats noSample = small().withEpochs(1).withSample(0).build().fit(PLANTED.corpus()).stats();
        assertEquals(PLANTED.corpus().numTokens(), noSample.tokensTrained());
    }

    /**
     * The per-epoch mean loss falls on planted data (skip-gram with negatives, CBOW, hierarchical softmax), and the
     * same check fails for a model that does not learn, so it would catch a broken trainer.
     */
    @Test
    void thePerEpochMeanLossFallsAndAModelThatDoesNotLearnFailsTheCheck() {
        List<Supplier<Word2Vec.Builder>> settings = List.of(Word2VecTest::small, () -> small().withCbow(true),
                () -> small().withNegative(0).withHierarchicalSoftmax(true));
        for (Supplier<Word2Vec.Builder> b : settings) {
            TrainingStats s = b.get().build().fit(PLANTED.corpus()).stats();
            assertEquals(5, s.epochLosses().size());
            double untrained = LossCurves.untrained(b.get(), PLANTED.corpus());
            LossCurves.assertLearns(s.epochLosses(), untrained);

            TrainingStats flat = b.get().withAlpha(1e-9).withMinAlpha(1e-9).build().fit(PLANTED.corpus()).stats();
            assertThrows(AssertionFailedError.class, () -> LossCurves.assertLearns(flat.epochLosses(), untrained),
                    "a model that does not learn: " + flat.epochLosses());
        }
        // skip-gram with 5 negatives starts at (1 + 5)·ln 2 per pair (the output vectors start at 0)
        assertEquals(6 * Math.log(2), LossCurves.untrained(small(), PLANTED.corpus()), 0.05);
    }

    /** The loss curve comes from the epochs, not from the wall clock: one report per epoch, the same every run. */
    @Test
    void epochLossesAreReportedOncePerEpochAndRepeatOnOneThread() {
        for (int threads : new int[] {1, 2}) {
            List<TrainingListener.Progress> seen = new ArrayList<>();
            Word2VecModel m = small().withEpochs(4).withThreads(threads).withListener(p -> {
                synchronized (seen) {
                    seen.add(p);
                }
            }).withReportEveryNanos(Long.MAX_VALUE).build().fit(PLANTED.corpus());
            assertEquals(4, seen.size(), "timed reports off: one at the end of each epoch, the last one final");
            for (int i = 0; i < 4; i++) {
                assertEquals(i + 1, seen.get(i).epochLosses().size(), threads + " threads, report " + i);
                assertEquals(seen.get(i).epochLosses(), m.stats().epochLosses().subList(0, i + 1));
            }
            assertEquals(seen.get(3).tokensTotal(), seen.get(3).tokensDone());
        }
        List<Double> a = small().withEpochs(3).build().fit(PLANTED.corpus()).stats().epochLosses();
        List<Double> b = small().withEpochs(3).build().fit(PLANTED.corpus()).stats().epochLosses();
        assertEquals(a, b, "one thread: the same losses, to the bit, on every run");
    }

    @Test
    void keepProbabilityFollowsWord2vec() {
        // f = 1000 / 100000 = 0.01, t = 1e-3: (sqrt(10) + 1) * 0.1
        assertEquals((Math.sqrt(10) + 1) * 0.1, Trainer.keepProbability(1000, 100_000, 1e-3), 1e-12);
        assertEquals(0.41622776601683794, Trainer.keepProbability(1000, 100_000, 1e-3), 1e-12);
        assertEquals(1.0, Trainer.keepProbability(10, 100_000, 1e-3)); // rare: always kept
        assertEquals(1.0, Trainer.keepProbability(1000, 100_000, 0));  // off
    }

    @Test
    void minCountDropsRareTokens() {
        IdIndex vocab = IdIndex.ofLongs(10, 20, 30, 40);
        SequenceCorpus c = SequenceCorpus.of(vocab, new int[] {0, 1, 0, 1, 2}, new int[] {1, 0, 1, 0, 0});
        Word2VecModel m = Word2Vec.builder().withDim(8).withMinCount(2).withEpochs(2).withSample(0)
                .withSeed(1).build().fit(c);
        assertTrue(m.hasVectorAt(0));
        assertTrue(m.hasVectorAt(1));
        assertFalse(m.hasVectorAt(2));   // once
        assertFalse(m.hasVectorAt(3));   // never
        assertEquals(0.5, m.coverage(), 1e-12);
        EmbeddingTable t = m.table();
        assertEquals(2, t.size());
        assertEquals(10L, t.ids().longId(0));
        assertEquals(20L, t.ids().longId(1));
        assertArrayEquals(m.vectorAt(1), t.vector(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.vectorAt(2));
        assertTrue(e.getMessage().contains("index: 2"), e.getMessage());
        // by external id: an int or long argument is an id (20 is index 1), never an index; absent is empty
        int twenty = 20;
        assertArrayEquals(m.vectorAt(1), m.vector(twenty).orElseThrow());
        assertArrayEquals(m.vectorAt(1), m.vector("20").orElseThrow());
        assertTrue(m.vector(1).isEmpty(), "1 is not an id of the vocabulary");
        assertTrue(m.vector(30L).isEmpty(), "30 occurred once: no vector");
        assertTrue(m.vector("x").isEmpty());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Word2Vec.builder().withMinCount(100).build().fit(c));
        assertTrue(none.getMessage().startsWith("minCount: 100"), none.getMessage());

        ItemSimilarity sim = m.similarity();
        assertEquals(4, sim.numItems());
        assertTrue(sim.covers(0));
        assertFalse(sim.covers(2));
        double[][] out = new double[2][4];
        sim.similarities(new int[] {0, 2}, out);
        assertEquals(1.0, out[0][0], 1e-5);
        assertEquals(Double.NEGATIVE_INFINITY, out[0][2]);
        assertEquals(Double.NEGATIVE_INFINITY, out[0][3]);
        assertTrue(Double.isFinite(out[0][1]));
        for (double d : out[1]) {
            assertEquals(Double.NEGATIVE_INFINITY, d);
        }
    }

    @Test
    void mostSimilarExcludesTheQueryAndSortsByCosine() {
        Word2VecModel m = small().withEpochs(2).build().fit(PLANTED.corpus());
        long id = m.vocabulary().longId(5);
        List<Neighbor> nn = m.mostSimilar(id, 20);
        assertEquals(20, nn.size());
        double[][] out = new double[1][m.vocabulary().size()];
        m.similarity().similarities(new int[] {5}, out);
        for (int j = 0; j < nn.size(); j++) {
            Neighbor x = nn.get(j);
            assertTrue(x.index() != 5);
            assertEquals(m.vocabulary().id(x.index()), x.id());
            assertEquals(out[0][x.index()], x.similarity(), 1e-6);
            if (j > 0) {
                assertTrue(nn.get(j - 1).similarity() >= x.similarity());
            }
        }
        assertEquals(nn, m.mostSimilar(Long.toString(id), 20));
        assertEquals(nn, m.mostSimilarToIndex(5, 20));
        int intId = (int) id; // an int argument is an id, never an index
        assertEquals(nn, m.mostSimilar(intId, 20));
        assertEquals(m.vocabulary().size() - 1, m.mostSimilar(id, 10_000).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.mostSimilar(99_999L, 3));
        assertTrue(e.getMessage().contains("99999"), e.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> m.mostSimilar("nope", 3));
        assertTrue(s.getMessage().contains("'nope'"), s.getMessage());
    }

    @Test
    void moreThreadsThanSequencesAndSequencesLongerThanAPiece() {
        IdIndex vocab = IdIndex.ofLongs(1, 2, 3, 4, 5, 6);
        int[] longOne = new int[Trainer.MAX_SEQUENCE * 2 + 500];
        for (int p = 0; p < longOne.length; p++) {
            longOne[p] = (p * 7 + p / 3) % 6;
        }
        SequenceCorpus c = SequenceCorpus.of(vocab, longOne, new int[] {0, 1});
        Word2VecModel m = Word2Vec.builder().withDim(8).withEpochs(1).withThreads(4).withSeed(5).build().fit(c);
        assertEquals(longOne.length + 2, m.stats().tokensProcessed());
        assertEquals(1.0, m.coverage());
        for (int i = 0; i < 6; i++) {
            for (float f : m.vectorAt(i)) {
                assertTrue(Float.isFinite(f));
            }
        }
    }

    @Test
    void stringVocabulariesKeepTheirIds() {
        IdIndex vocab = IdIndex.ofStrings("a", "b", "c");
        SequenceCorpus c = SequenceCorpus.of(vocab, new int[] {0, 1, 2, 0, 1, 2}, new int[] {2, 1, 0});
        Word2VecModel m = Word2Vec.builder().withDim(4).withEpochs(1).withSeed(3).build().fit(c);
        assertEquals("b", m.table().ids().id(1));
        List<Neighbor> nn = m.mostSimilar("a", 5);
        assertEquals(2, nn.size());
        assertTrue(nn.stream().noneMatch(x -> x.id().equals("a")));
    }

    @Test
    void listenerSeesMonotoneProgressAndAFinalCall() {
        List<TrainingListener.Progress> seen = new ArrayList<>();
        // synchronised: with two threads the calls come from either (never two at a time)
        Word2VecModel m = small().withEpochs(3).withThreads(2).withListener(p -> {
            synchronized (seen) {
                seen.add(p);
            }
        }).withReportEveryNanos(0).build().fit(PLANTED.corpus());
        assertTrue(seen.size() > 5, "reports: " + seen.size());
        long total = 3 * PLANTED.corpus().numTokens();
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i).tokensDone() >= seen.get(i - 1).tokensDone());
            assertTrue(seen.get(i).epoch() >= seen.get(i - 1).epoch());
            assertTrue(seen.get(i).learningRate() <= seen.get(i - 1).learningRate());
        }
        assertEquals(1, seen.get(0).epoch());
        assertTrue(seen.get(0).tokensDone() < total);
        assertTrue(seen.stream().anyMatch(p -> Double.isFinite(p.loss()) && p.loss() > 0));
        TrainingListener.Progress last = seen.get(seen.size() - 1);
        assertEquals(total, last.tokensDone());
        assertEquals(m.stats().epochLosses(), last.epochLosses());
        assertEquals(3, last.epochLosses().size());
        assertEquals(total, last.tokensTotal());
        assertEquals(3, last.epoch());
        assertEquals(3, last.epochs());
        assertEquals(0.0, last.etaSeconds(), 1e-9);
        assertTrue(last.learningRate() > 0 && last.learningRate() <= 0.025);
        assertTrue(last.tokensPerSecond() > 0);
        assertEquals(total, m.stats().tokensProcessed());
    }

    @Test
    void centringAndRemovingTopDirectionsSpreadTheCosinesAndKeepTheTopics() {
        Word2VecModel raw = small().build().fit(PLANTED.corpus());
        Word2VecModel centred = raw.postProcessed(true, 0);
        Word2VecModel abtt = raw.postProcessed(true, 2);
        assertTrue(raw.postProcessed(false, 0) == raw, "no post-processing: the same model");
        int dim = raw.dim();
        double[] mean = new double[dim];
        int n = 0;
        for (int i = 0; i < raw.vocabulary().size(); i++) {
            if (raw.hasVectorAt(i)) {
                float[] v = raw.vectorAt(i);
                for (int j = 0; j < dim; j++) {
                    mean[j] += v[j];
                }
                n++;
            }
        }
        for (int i = 0; i < raw.vocabulary().size(); i++) {
            if (raw.hasVectorAt(i)) {
                float[] v = raw.vectorAt(i);
                float[] c = centred.vectorAt(i);
                for (int j = 0; j < dim; j++) {
                    assertEquals(v[j] - mean[j] / n, c[j], 1e-5, "centred = raw - mean, item " + i);
                }
            }
        }
        assertEquals(raw.numVectors(), abtt.numVectors());
        double rawCos = TopicPurity.meanCosine(raw, 20_000, 3);
        double centredCos = TopicPurity.meanCosine(centred, 20_000, 3);
        double abttCos = TopicPurity.meanCosine(abtt, 20_000, 3);
        assertTrue(rawCos > 0.2, "raw skip-gram vectors share a direction: mean cosine " + rawCos);
        assertTrue(Math.abs(centredCos) < 0.05 && Math.abs(abttCos) < 0.05, centredCos + " / " + abttCos);
        assertPlanted(centred);
        // the removed directions are gone: a fresh PCA of the result finds less variance along every axis than
        // the second largest before
        double[] before = org.recsys4j.embedding.projection.Pca.builder().withComponents(3).build()
                .fit(centred.table()).explainedVariance();
        double[] after = org.recsys4j.embedding.projection.Pca.builder().withComponents(1).build()
                .fit(abtt.table()).explainedVariance();
        assertEquals(before[2], after[0], before[2] * 1e-3, "the largest left is the third before");
    }

    @Test
    void theCentringOptionIsThePostProcessingAndIsRecorded() {
        Word2VecModel viaOption = small().withCentring(true).withTopDirectionsRemoved(1).build().fit(PLANTED.corpus());
        Word2VecModel after = small().build().fit(PLANTED.corpus()).postProcessed(true, 1);
        for (int i = 0; i < after.vocabulary().size(); i++) {
            if (after.hasVectorAt(i)) {
                assertArrayEquals(after.vectorAt(i), viaOption.vectorAt(i), "item " + i);
            }
        }
        assertTrue(viaOption.table().info().toString().contains("centred, top directions removed=1"),
                viaOption.table().info().toString());
        assertTrue(after.table().info().toString().contains("centre=true, topDirections=1"),
                after.table().info().toString());
        expect("topDirectionsRemoved: 1 needs withCentring(true)",
                () -> small().withTopDirectionsRemoved(1).build());
        expect("topDirectionsRemoved: 32, must be in [0, dim=32)",
                () -> small().withCentring(true).withTopDirectionsRemoved(32).build());
        expect("topDirections: 1 needs centring", () -> after.postProcessed(false, 1));
        expect("topDirections: -1, must be in [0, dim=32)", () -> after.postProcessed(true, -1));
    }

    @Test
    void badSettingsNameTheArgument() {
        expect("dim: 0", () -> Word2Vec.builder().withDim(0).build());
        expect("window: 0", () -> Word2Vec.builder().withWindow(0).build());
        expect("epochs: 0", () -> Word2Vec.builder().withEpochs(0).build());
        expect("alpha: 0.0", () -> Word2Vec.builder().withAlpha(0).build());
        expect("alpha: -1.0", () -> Word2Vec.builder().withAlpha(-1).build());
        expect("sample: -0.1", () -> Word2Vec.builder().withSample(-0.1).build());
        expect("negative: -1", () -> Word2Vec.builder().withNegative(-1).build());
        expect("negative: 0", () -> Word2Vec.builder().withNegative(0).build());
        expect("minCount: 0", () -> Word2Vec.builder().withMinCount(0).build());
        expect("threads: 0", () -> Word2Vec.builder().withThreads(0).build());
        expect("minAlpha: 0.5", () -> Word2Vec.builder().withMinAlpha(0.5).build());
        // negative 0 is fine with hierarchical softmax
        assertEquals(0, Word2Vec.builder().withNegative(0).withHierarchicalSoftmax(true).build().negative());
    }

    private static void expect(String prefix, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }

}
