package org.recsys4j.rank.ctr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.testing.Golden;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden files of the CTR model format {@code R4JC} ({@link Golden}), version {@value CtrModel#FORMAT_VERSION} (the
 * version-1 files are kept and must load the same models): one
 * model of every {@link ModelType} over {@link TinyData}'s schema, its parameters set to a fixed pattern of exact
 * binary fractions (so the file does not depend on the initialiser or the trainer), written byte for byte as
 * committed; each committed file loads with the same spec, schema and parameters and scores fixed rows with the
 * committed logits ({@code ctr/answers-v1.txt}; DIN and DIEN, which came with version 2's sequence part and have
 * no version-1 files, {@code ctr/answers-v2-sequence.txt}). Damaged copies (truncated, a flipped byte, a foreign
 * magic, a future version) fail naming the file.
 */
class CtrModelGoldenTest {
    @TempDir
    Path dir;

    /** Returns the golden file name of a model type in a format version, e.g. {@code ctr/deep-fm-v2.ctr}. */
    private static String name(ModelType t, int version) {
        return "ctr/" + t.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-v" + version + ".ctr";
    }

    private static String name(ModelType t) {
        return name(t, CtrModel.FORMAT_VERSION);
    }

    /** A model of type {@code t} whose parameter {@code i} is {@code ((37 i) mod 61 − 30) / 64}. */
    static CtrModel model(ModelType t) {
        CtrModel m = CtrModel.create(TinyData.spec(t), TinyData.SCHEMA, 1);
        float[] p = new float[m.paramCount()];
        for (int i = 0; i < p.length; i++) {
            p[i] = ((37L * i) % 61 - 30) / 64f;
        }
        m.setParameters(p);
        return m.withInfo(Golden.info(ArtifactInfo.CTR_MODEL).withName(t.name()).withProducer("CtrModelGoldenTest").build());
    }

    /** The types that existed in format version 1 (the later ones have no version-1 golden file). */
    private static boolean inVersion1(ModelType t) {
        return t.ordinal() <= ModelType.TWO_TOWER.ordinal();
    }

    private static Path committed(ModelType t) {
        CtrModel m = model(t);
        return Golden.check(name(t), m::save);
    }

    @Test
    void everyModelTypeIsWrittenAsCommittedAndLoadsWithItsParameters() throws IOException {
        for (ModelType t : ModelType.values()) {
            CtrModel m = model(t);
            CtrModel back = CtrModel.load(committed(t));
            assertEquals(m.spec(), back.spec(), t.toString());
            assertEquals(m.schema(), back.schema(), t.toString());
            assertArrayEquals(m.parameters(), back.parameters(), t.toString());
            assertEquals(m.info(), back.info(), t.toString());
            assertEquals(back.info(), ArtifactInfo.read(committed(t)), t.toString());
            assertEquals(t.name(), back.info().name());
            if (!inVersion1(t)) {
                continue;
            }
            // version 1 (no info block) still loads the same model
            CtrModel old = CtrModel.load(Golden.file(name(t, 1)));
            assertArrayEquals(m.parameters(), old.parameters(), t.toString());
            assertEquals(m.spec(), old.spec(), t.toString());
            assertEquals(m.info().contentFingerprint(), old.info().contentFingerprint(), t.toString());
            assertTrue(!ArtifactInfo.read(Golden.file(name(t, 1))).recorded());
        }
    }

    @Test
    void theCommittedModelsScoreFixedRowsAsKnown() throws IOException {
        CtrData rows = TinyData.random(6, 77);
        StringBuilder answers = new StringBuilder();
        StringBuilder sequenceAnswers = new StringBuilder();
        for (ModelType t : ModelType.values()) {
            CtrModel back2 = CtrModel.load(committed(t));
            CtrModel back = inVersion1(t) ? CtrModel.load(Golden.file(name(t, 1))) : back2;
            CtrModel m = model(t);
            StringBuilder out = inVersion1(t) ? answers : sequenceAnswers;
            out.append(name(t, inVersion1(t) ? 1 : 2)).append(" logits");
            for (int i = 0; i < rows.size(); i++) {
                double logit = back.logit(rows, i);
                assertEquals(m.logit(rows, i), logit, 0.0, t + " row " + i);
                assertEquals(logit, back2.logit(rows, i), 0.0, t + " row " + i + ", version 2");
                assertEquals(CtrModel.sigmoid(logit), back.predict(rows, i), 1e-15);
                out.append(String.format(Locale.ROOT, " %.6f", logit));
            }
            out.append('\n');
        }
        Golden.assertSameBytes(answers.toString().getBytes(StandardCharsets.UTF_8), "ctr/answers-v1.txt");
        Golden.assertSameBytes(sequenceAnswers.toString().getBytes(StandardCharsets.UTF_8),
                "ctr/answers-v2-sequence.txt");
    }

    /** Sets the format version (bytes 4..7) and recomputes the trailing CRC-32. */
    private static byte[] withVersion(byte[] good, int version) {
        byte[] b = good.clone();
        ByteBuffer buf = ByteBuffer.wrap(b);
        buf.putInt(4, version);
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        buf.putInt(b.length - 4, (int) crc.getValue());
        return b;
    }

    @Test
    void damagedCopiesOfEveryModelTypeNameTheFile() throws IOException {
        for (ModelType t : ModelType.values()) {
            byte[] good = Files.readAllBytes(committed(t));
            byte[] flipped = good.clone();
            flipped[good.length / 2] ^= 0x04;
            byte[] magic = good.clone();
            magic[3] = 'I';
            byte[][] damaged = {Arrays.copyOf(good, good.length - 7), flipped, magic, withVersion(good, 3), new byte[5]};
            String[] fields = {"checksum", "checksum", "magic", "version", "length"};
            String[] problems = {"corrupted or truncated", "corrupted or truncated", "not a CTR model file",
                    "format version 3, this library reads versions 1 to 2", "only 5 bytes"};
            for (int i = 0; i < damaged.length; i++) {
                Path f = Files.write(dir.resolve(t + "-damaged-" + i + ".ctr"), damaged[i]);
                DataFileException e = assertThrows(DataFileException.class, () -> CtrModel.load(f));
                assertTrue(e.getMessage().startsWith(f + ": " + fields[i] + "=") && e.getMessage().contains(problems[i]),
                        t + ": " + e.getMessage());
                assertEquals(f.toString(), e.file(), t.toString());
                assertEquals(fields[i], e.field(), t.toString());
            }
        }
    }
}
