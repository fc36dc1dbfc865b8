package org.recsys4j.rank.ctr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.feature.FittedSchema;
import org.recsys4j.core.sample.SampleFeatures;
import org.recsys4j.core.sample.SampleSet;
import org.recsys4j.core.testing.PlantedShop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A CTR model is bound to the encoders it was trained with (issue 15): the trainer records the fingerprints of its
 * training rows and of the fitted encoders that made them, the encoders' file (R4JF v2) records theirs, and a
 * swapped model / encoders pair is refused naming both fingerprints, instead of scoring rows whose vocabulary
 * indices mean other users, items and categories.
 */
class SwappedCtrArtifactsTest {
    @TempDir
    Path dir;

    /** A shop's samples (the shop of {@link ShopCtrTest}, its spec), encoded with encoders fitted on its train part. */
    private static CtrSamples shop(long seed) {
        PlantedShop shop = PlantedShop.generate(150, 6, 20, seed);
        return CtrSamples.of(SampleSet.build(shop.log(), ShopCtrTest.WEIGHTS, shop.catalog(), ShopCtrTest.spec()));
    }

    private static CtrModel train(CtrSamples data) {
        ModelSpec fm = ModelSpec.fm(data.fields(), data.numerics(), 4);
        return CtrTrainer.builder(fm).withMaxEpochs(2).withThreads(1).withSeed(3).build()
                .fit(data.fit(), data.validation()).model();
    }

    private static String abbreviated(FittedSchema<?> encoders) {
        return encoders.info().contentFingerprint().orElseThrow().substring(0, 12);
    }

    @Test
    void aModelRecordsItsTrainingRowsAndEncoders() {
        CtrSamples a = shop(1);
        CtrModel m = train(a);
        ArtifactInfo info = m.info();
        assertEquals(a.fit().fingerprint(), info.input(CtrTrainer.DATA).orElseThrow());
        assertEquals(a.validation().fingerprint(), info.input(CtrTrainer.VALIDATION).orElseThrow());
        assertEquals(a.features().info().contentFingerprint(), info.input(CtrTrainer.ENCODERS));
        assertEquals(a.features().info().contentFingerprint(), a.test().encoders());
        // the rows' fingerprint is their content: the same samples encoded again give it, other rows another
        assertEquals(a.fit().fingerprint(), shop(1).fit().fingerprint());
        assertNotEquals(a.fit().fingerprint(), a.validation().fingerprint());
        assertNotEquals(a.fit().fingerprint(), a.fit().select(new int[] {0, 1, 2}).fingerprint());
        assertEquals(a.fit().encoders(), a.fit().select(new int[] {0, 1, 2}).encoders());
        assertEquals(a.fit().encoders(), a.fit().withoutFields(java.util.List.of(a.fields().get(0))).encoders());
        assertThrows(IllegalArgumentException.class, () -> a.fit().withEncoders("not a fingerprint"));
    }

    @Test
    void aSwappedEncodersFileOrModelFileIsRefusedNamingBothFingerprints() throws IOException {
        CtrSamples a = shop(1);
        CtrSamples b = shop(2);
        assertNotEquals(a.features().info().contentFingerprint(), b.features().info().contentFingerprint());
        Path modelA = dir.resolve("a.ctr");
        Path modelB = dir.resolve("b.ctr");
        Path encodersA = dir.resolve("a.r4jf");
        Path encodersB = dir.resolve("b.r4jf");
        train(a).save(modelA);
        train(b).save(modelB);
        a.features().save(encodersA);
        b.features().save(encodersB);

        // as saved: the pair loads, and the loaded encoders are the fitted ones
        FittedSchema<Integer> loaded = SampleFeatures.schema(a.samples()).load(encodersA);
        assertEquals(a.features().info().contentFingerprint(), loaded.info().contentFingerprint());
        CtrModel back = CtrModel.load(modelA, loaded);
        assertArrayEquals(train(a).parameters(), back.parameters());

        // b's encoders copied over a's: they load (the same features, other vocabularies), the model refuses them
        Files.copy(encodersB, encodersA, StandardCopyOption.REPLACE_EXISTING);
        FittedSchema<Integer> swapped = SampleFeatures.schema(a.samples()).load(encodersA);
        DataFileException e = assertThrows(DataFileException.class, () -> CtrModel.load(modelA, swapped));
        assertEquals("a.ctr", e.file());
        assertEquals("input.encoders", e.field());
        assertTrue(e.getMessage().contains(abbreviated(a.features())) && e.getMessage().contains(abbreviated(b.features())),
                e.getMessage());

        // b's model copied over a's, with a's encoders: refused the same way
        Files.copy(modelB, modelA, StandardCopyOption.REPLACE_EXISTING);
        e = assertThrows(DataFileException.class, () -> CtrModel.load(modelA, a.features()));
        assertTrue(e.getMessage().contains(abbreviated(a.features())) && e.getMessage().contains(abbreviated(b.features())),
                e.getMessage());
        CtrModel.load(modelA, b.features());   // the unswapped pair of b's still loads
    }

    @Test
    void rowsOfOtherEncodersAreRefusedByTheTrainerAndUncheckedRowsStayUnchecked() throws IOException {
        CtrSamples a = shop(1);
        CtrSamples b = shop(2);
        ModelSpec fm = ModelSpec.fm(a.fields(), a.numerics(), 4);
        CtrTrainer trainer = CtrTrainer.builder(fm).withMaxEpochs(1).withThreads(1).build();
        // rows of the same schema (vocabularies of the same sizes) made by other encoders: only the fingerprint tells
        String other = b.features().info().contentFingerprint().orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.fit(a.fit(), a.validation().withEncoders(other)));
        assertTrue(e.getMessage().startsWith("validation: rows made by the encoders " + abbreviated(b.features())),
                e.getMessage());
        CtrModel m = trainer.fit(a.fit()).model();
        e = assertThrows(IllegalArgumentException.class, () -> trainer.fitFrom(m, a.fit().withEncoders(other)));
        assertTrue(e.getMessage().contains(abbreviated(a.features())) && e.getMessage().contains(abbreviated(b.features())),
                e.getMessage());

        // hand-made rows name no encoders: the model records none, and cannot be checked (it loads with any)
        CtrData tiny = TinyData.random(200, 3);
        CtrModel unbound = CtrTrainer.builder(TinyData.spec(ModelType.LOGISTIC_REGRESSION)).withMaxEpochs(1).build()
                .fit(tiny).model();
        assertTrue(unbound.info().input(CtrTrainer.ENCODERS).isEmpty());
        assertEquals(tiny.fingerprint(), unbound.info().input(CtrTrainer.DATA).orElseThrow());
        Path f = dir.resolve("tiny.ctr");
        unbound.save(f);
        assertArrayEquals(unbound.parameters(), CtrModel.load(f, a.features()).parameters());
    }
}
