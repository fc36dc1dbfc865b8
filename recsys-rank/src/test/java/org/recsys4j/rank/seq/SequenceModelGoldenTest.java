package org.recsys4j.rank.seq;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.testing.Golden;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden files of the sequence model format {@code R4JS} ({@link Golden}), version
 * {@value SequenceModel#FORMAT_VERSION}: a small SASRec (2 blocks, 2 heads) and a GRU4Rec whose parameters are a
 * fixed pattern of exact binary fractions, written byte for byte as committed; the committed files load with the
 * same parameters, ids, info and scores.
 */
class SequenceModelGoldenTest {
    private static final IdIndex IDS = IdIndex.ofLongs(10, 20, 30, 40, 50, 60, 70);

    static SequenceModel model(SeqNet net, String name) {
        float[] p = new float[net.params.count()];
        for (int i = 0; i < p.length; i++) {
            p[i] = ((37L * i) % 61 - 30) / 64f;
        }
        net.params.load(p);
        net.refresh();
        return new SequenceModel(net, IDS, Golden.info(ArtifactInfo.SEQUENCE_MODEL).withName(name)
                .withProducer("SequenceModelGoldenTest").withSetting("architecture", net.architecture()).build(), null);
    }

    @Test
    void bothArchitecturesAreWrittenAsCommittedAndLoadWithTheirScores() throws IOException {
        SequenceModel[] models = {model(new SasRecNet(7, 4, 5, 2, 2, 0.2f), "sasrec"),
                model(new Gru4RecNet(7, 3, 5, 0.2f, false), "gru4rec")};
        for (SequenceModel m : models) {
            Path file = Golden.check("seq/" + m.architecture() + "-v1.r4js", m::save);
            SequenceModel back = SequenceModel.load(file);
            assertArrayEquals(m.net.params.flatten(), back.net.params.flatten());
            assertEquals(IDS, back.items());
            assertEquals(m.net.settings(), back.net.settings());
            assertEquals(ArtifactInfo.read(file), back.info());
            int[] h = {6, 0, 3, 3, 5, 1, 2};
            assertArrayEquals(m.scoresOfIndices(h), back.scoresOfIndices(h));
            assertArrayEquals(m.stateOfIds(70L, 10L, 40L), back.stateOfIds(70L, 10L, 40L));
        }
    }
}
