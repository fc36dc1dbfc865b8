package org.recsys4j.embedding;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.data.ArtifactInfo;
import org.recsys4j.core.data.Fingerprints;
import org.recsys4j.core.data.IdIndex;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.embedding.mf.Als;
import org.recsys4j.embedding.mf.ImplicitAls;
import org.recsys4j.embedding.seq.SequenceCorpus;
import org.recsys4j.embedding.word2vec.Word2Vec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tables the trainers return record who made them, with which settings, from which data (issue 15). */
class TrainedTablesProvenanceTest {
    @Test
    void word2vecTablesRecordTheTrainerSettingsAndCorpus() {
        IdIndex vocab = IdIndex.ofLongs(10, 20, 30, 40);
        SequenceCorpus a = SequenceCorpus.of(vocab, new int[] {0, 1, 2, 3}, new int[] {3, 2, 1, 0}, new int[] {0, 2, 1});
        SequenceCorpus b = SequenceCorpus.of(vocab, new int[] {0, 1, 2, 3}, new int[] {3, 2, 1, 0}, new int[] {0, 2, 3});
        Word2Vec w2v = Word2Vec.builder().withDim(4).withMinCount(1).withEpochs(1).withThreads(1).build();
        ArtifactInfo ia = w2v.fit(a).table().info();
        ArtifactInfo ib = w2v.fit(b).table().info();
        assertEquals(ArtifactInfo.EMBEDDING_TABLE, ia.kind());
        assertEquals(Word2Vec.class.getName(), ia.producer());
        assertEquals(w2v.toString(), ia.settings().get("config"));
        assertTrue(ia.input("data").isPresent());
        assertNotEquals(ia.input("data"), ib.input("data"), "another corpus is another data fingerprint");
        assertEquals(ia.input("data"), w2v.fit(a).table().info().input("data"));
    }

    @Test
    void factorTablesRecordTheTrainerAndTheInteractions() {
        Interactions log = Interactions.builder(IdIndex.ofLongs(1, 2, 3), IdIndex.ofLongs(7, 8, 9))
                .add(0, 0, 5, 1).add(0, 1, 3, 2).add(1, 1, 4, 3).add(2, 2, 5, 4).add(1, 2, 2, 5).build();
        ImplicitAls ials = ImplicitAls.builder().withFactors(2).withIterations(2).withThreads(1).build();
        ArtifactInfo items = ials.fit(log).itemFactors().info();
        ArtifactInfo users = ials.fit(log).userFactors().info();
        assertEquals(ImplicitAls.class.getName(), items.producer());
        assertEquals("items", items.settings().get("factors"));
        assertEquals("users", users.settings().get("factors"));
        assertEquals(Fingerprints.interactions(log), items.input("data").orElseThrow());
        ArtifactInfo als = Als.builder().withFactors(2).withIterations(2).withThreads(1).build().fit(log).itemFactors().info();
        assertEquals(Als.class.getName(), als.producer());
        assertEquals(Fingerprints.interactions(log), als.input("data").orElseThrow());
    }
}
