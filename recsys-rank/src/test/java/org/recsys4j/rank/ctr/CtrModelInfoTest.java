package org.recsys4j.rank.ctr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.EmbeddingFormats;
import org.recsys4j.core.data.EmbeddingTable;
import org.recsys4j.core.data.IdIndex;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A CTR model's {@link ArtifactInfo}: recorded by the trainer, saved, read from the header; wrong files named. */
class CtrModelInfoTest {
    @TempDir
    Path dir;

    @Test
    void aTrainedModelRecordsItsTrainerAndSettingsAndKeepsThemThroughAFile() throws IOException {
        CtrData data = TinyData.random(400, 3);
        CtrModel m = CtrTrainer.builder(TinyData.spec(ModelType.FM)).withMaxEpochs(2).withSeed(5).withThreads(1)
                .build().fit(data).model();
        ArtifactInfo info = m.info();
        assertEquals(ArtifactInfo.CTR_MODEL, info.kind());
        assertEquals(CtrTrainer.class.getName(), info.producer());
        assertEquals("5", info.settings().get("seed"));
        assertEquals("2", info.settings().get("maxEpochs"));
        assertEquals(ArtifactInfo.LIBRARY_VERSION, info.libraryVersion());
        assertTrue(info.idsFingerprint().isEmpty(), "a CTR model has no item ids");
        Path f = dir.resolve("fm.ctr");
        m.save(f);
        assertEquals(info, ArtifactInfo.read(f));
        CtrModel back = CtrModel.load(f);
        assertEquals(info, back.info());
        // the content fingerprint follows the parameters
        float[] p = back.parameters();
        p[0] += 1;
        back.setParameters(p);
        assertNotEquals(info.contentFingerprint(), back.info().contentFingerprint());
    }

    @Test
    void anEmbeddingFilePassedAsAModelNamesWhatItIs() throws IOException {
        Path f = dir.resolve("deepfm.ctr");
        EmbeddingFormats.save(EmbeddingTable.of(IdIndex.ofLongs(1, 2), 2, new float[] {1, 2, 3, 4}), f,
                EmbeddingFormats.Format.BINARY);
        DataFileException e = assertThrows(DataFileException.class, () -> CtrModel.load(f));
        assertEquals("magic", e.field());
        assertTrue(e.getMessage().contains("not a CTR model file; found: embedding-table, 2 rows"), e.getMessage());
    }
}
