package org.recsys4j.core.feature;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.testing.Golden;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden files of the encoder format {@code R4JF} ({@link Golden}), version {@value EncoderFormat#VERSION} (and the
 * version-1 files, still read): one
 * file per encoder of {@link EncoderFormatTest#everyEncoder()} (every kind, with edge cases) and one fitted
 * {@link FittedSchema}; each is written byte for byte as committed, and each committed file loads back to
 * the same encoder and encodes rows as known.
 */
class EncoderFormatGoldenTest {
    /**
     * Returns the golden names of {@link EncoderFormatTest#everyEncoder()} in a format version, e.g.
     * {@code features/02-vocabulary-v2.r4jf}.
     */
    private static List<String> names(List<Encoder> encoders, int version) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < encoders.size(); i++) {
            names.add(String.format(Locale.ROOT, "features/%02d-%s-v%d.r4jf", i,
                    encoders.get(i).kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), version));
        }
        return names;
    }

    /** Returns the provenance golden encoder files record (pinned time and version). */
    private static ArtifactInfo pinned(Encoder e) {
        return Golden.info(ArtifactInfo.ENCODER).withProducer(e.getClass().getName())
                .withSetting("encoder", e.kind().name()).build();
    }

    /**
     * Saves every encoder (version 2), checks (or, updating, rewrites) its golden file and returns the committed
     * files.
     */
    private static List<Path> committed() {
        List<Encoder> encoders = EncoderFormatTest.everyEncoder();
        List<String> names = names(encoders, EncoderFormat.VERSION);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < encoders.size(); i++) {
            Encoder e = encoders.get(i);
            files.add(Golden.check(names.get(i), f -> EncoderFormat.save(e, f, pinned(e))));
        }
        return files;
    }

    @Test
    void everyEncoderKindIsWrittenAsCommittedAndReadBack() throws IOException {
        List<Encoder> encoders = EncoderFormatTest.everyEncoder();
        assertTrue(encoders.stream().map(Encoder::kind).distinct().count() >= EncoderKind.values().length - 1,
                "every kind but SCHEMA has a golden file");
        List<Path> files = committed();
        List<String> v1 = names(encoders, 1);
        for (int i = 0; i < encoders.size(); i++) {
            assertEquals(encoders.get(i), EncoderFormat.load(files.get(i)), files.get(i).toString());
            ArtifactInfo info = ArtifactInfo.read(files.get(i));
            assertEquals(EncoderFormat.info(encoders.get(i)).contentFingerprint(), info.contentFingerprint());
            assertEquals(Golden.CREATED, info.created().orElseThrow());
            // the version-1 files, written before the info block, still load to the same encoders
            Path old = Golden.file(v1.get(i));
            assertEquals(encoders.get(i), EncoderFormat.load(old), old.toString());
            assertFalse(ArtifactInfo.read(old).recorded());
            assertEquals(ArtifactInfo.ENCODER, ArtifactInfo.read(old).kind());
        }
    }

    @Test
    void committedEncodersGiveTheKnownAnswers() throws IOException {
        List<Path> files = committed();
        // -4, 3 and 7 occur twice (minCount 2): index 0 is out of vocabulary, then ascending ids
        Vocabulary v = EncoderFormat.load(files.get(0), Vocabulary.class);
        assertEquals(3, v.size());
        assertEquals(List.of(0, 1, 2, 3), List.of(v.index(9), v.index(-4), v.index(3), v.index(7)));
        MinMaxScaler mm = EncoderFormat.load(files.get(5), MinMaxScaler.class);
        assertEquals(0.5, mm.transform(3.25), 1e-12);   // (3.25 + 1.5) / 9.5
        QuantileBuckets q = EncoderFormat.load(files.get(8), QuantileBuckets.class);
        assertEquals(0, q.bucket(Double.NaN));           // missing
        assertTrue(q.bucket(2010) > q.bucket(1990));
        LabelThreshold lt = EncoderFormat.load(files.get(10), LabelThreshold.class);
        assertEquals(List.of(1, 0), List.of(lt.label(3.5), lt.label(3.4)));
        // the version-1 vocabulary file kept since the format was introduced
        assertEquals(Vocabulary.trainer().withMinCount(2).build().fit(new long[] {7, 3, 7, 9, 3, 12, 12}),
                EncoderFormat.load(Golden.file("features/vocabulary-v1.r4jf")));
    }

    @Test
    void aFittedSchemaIsWrittenAsCommittedAndEncodesAsKnown() throws IOException {
        FittedSchema<FeatureSchemaTest.Sample> fitted = FeatureSchemaTest.schema().fit(FeatureSchemaTest.TRAIN);
        FittedSchema<FeatureSchemaTest.Sample> pinned = fitted.withInfo(Golden.pinned(fitted.info()));
        Path golden = Golden.check("features/schema-v2.r4jf", pinned::save);
        FittedSchema<FeatureSchemaTest.Sample> back = FeatureSchemaTest.schema().load(golden);
        assertEquals(pinned.info(), back.info());
        assertEquals(pinned.info(), ArtifactInfo.read(golden));
        assertEquals(ArtifactInfo.FEATURE_SCHEMA, back.info().kind());
        assertEquals(fitted.numFields(), back.info().rows());
        assertEquals(fitted.info().contentFingerprint(), back.info().contentFingerprint());
        // the version-1 file still loads, encodes the same, and records nothing
        Path old = Golden.file("features/schema-v1.r4jf");
        FittedSchema<FeatureSchemaTest.Sample> before = FeatureSchemaTest.schema().load(old);
        assertFalse(ArtifactInfo.read(old).recorded());
        assertEquals(ArtifactInfo.FEATURE_SCHEMA, ArtifactInfo.read(old).kind());
        assertEquals(fitted.info().contentFingerprint(), before.info().contentFingerprint());
        for (FeatureSchemaTest.Sample t : FeatureSchemaTest.TRAIN) {
            assertArrayEquals(fitted.dense(t), before.dense(t));
        }
        assertEquals(fitted.featureNames(), back.featureNames());
        assertEquals(10_019, back.sparseDimension());
        assertEquals(12, back.denseWidth());
        FeatureSchemaTest.Sample s = new FeatureSchemaTest.Sample(2, 99, List.of("Drama", "Western"), new long[] {10, 55},
                2005, 8, FeatureSchemaTest.SAT_NOON);
        int cross = EncodersTest.crossBucket(99, 10);
        // the answers FeatureSchemaTest.encodesASampleSparseAndDense derives by hand
        assertArrayEquals(new int[] {2, 3, 5, 7, 8, 9, 12, 13, 14 + cross, 10_016, 10_018}, back.sparse(s).indices());
        assertArrayEquals(new double[] {2, 0, 1, 0, 1, 1, 1, 2, 2.0, cross, 2, 1}, back.dense(s));
        for (FeatureSchemaTest.Sample t : FeatureSchemaTest.TRAIN) {
            assertArrayEquals(fitted.dense(t), back.dense(t));
        }
    }
}
