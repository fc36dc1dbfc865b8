package org.recsys4j.rank.ctr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.recsys4j.core.data.DataFileException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {
    @TempDir
    Path dir;

    private CtrModel trained(ModelType t) {
        return CtrTrainer.builder(TinyData.spec(t)).withLearningRate(1e-2).withBatchSize(16).withMaxEpochs(2).build()
                .fit(TinyData.random(200, 1)).model();
    }

    @ParameterizedTest
    @EnumSource(ModelType.class)
    void saveLoadGivesIdenticalPredictions(ModelType t) throws IOException {
        CtrModel m = trained(t);
        Path f = dir.resolve(t + ".ctr");
        m.save(f);
        CtrModel back = CtrModel.load(f);
        assertEquals(m.spec(), back.spec());
        assertEquals(m.schema(), back.schema());
        assertArrayEquals(m.parameters(), back.parameters());
        CtrData d = TinyData.random(50, 2);
        assertArrayEquals(m.predict(d), back.predict(d), 0.0);
        // and the loaded model keeps training like the original (the transposed copies are restored)
        CtrTrainer c = CtrTrainer.builder(TinyData.spec(t)).withBatchSize(8).withMaxEpochs(1).build();
        c.fitFrom(m, d);
        c.fitFrom(back, d);
        assertArrayEquals(m.parameters(), back.parameters());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void wrongVersionCorruptionTruncationAndForeignFilesAreNamed() throws IOException {
        Path f = dir.resolve("m.ctr");
        trained(ModelType.DEEP_FM).save(f);
        byte[] good = Files.readAllBytes(f);

        byte[] v3 = good.clone();
        ByteBuffer.wrap(v3).putInt(4, 3);
        Files.write(f, v3);
        DataFileException e = assertThrows(DataFileException.class, () -> CtrModel.load(f));
        assertTrue(e.getMessage().contains("format version 3") && e.getMessage().contains(f.toString()), e.getMessage());
        assertEquals(f.toString(), e.file());
        assertEquals("version", e.field());

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        Files.write(f, flipped);
        e = assertThrows(DataFileException.class, () -> CtrModel.load(f));
        assertTrue(e.getMessage().contains("checksum=") && e.getMessage().contains("does not match"), e.getMessage());

        Files.write(f, Arrays.copyOf(good, good.length - 100));
        e = assertThrows(DataFileException.class, () -> CtrModel.load(f));
        assertTrue(e.getMessage().contains("checksum=") && e.getMessage().contains("corrupted or truncated"), e.getMessage());

        Files.writeString(f, "userId,movieId,rating,timestamp\n1,2,3.5,4\n");
        e = assertThrows(DataFileException.class, () -> CtrModel.load(f));
        assertTrue(e.getMessage().contains("not a CTR model file"), e.getMessage());

        Files.write(f, new byte[3]);
        e = assertThrows(DataFileException.class, () -> CtrModel.load(f));
        assertTrue(e.getMessage().contains("3 bytes"), e.getMessage());
    }
}
