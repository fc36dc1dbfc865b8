package org.recsys4j.embedding.seq;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticSequencesTest {
    private static SyntheticSequences.Builder base() {
        return SyntheticSequences.builder().withItems(103).withTopics(10).withSequences(500)
                .withMinLength(5).withMaxLength(15).withSeed(9);
    }

    @Test
    void sameSeedSameCorpusOtherSeedOther() {
        SequenceCorpus a = base().build().corpus();
        SequenceCorpus b = base().build().corpus();
        assertArrayEquals(a.tokensView(), b.tokensView());
        assertTrue(!java.util.Arrays.equals(a.tokensView(), base().withSeed(10).build().corpus().tokensView()));
        assertEquals(500, a.numSequences());
        for (int s = 0; s < a.numSequences(); s++) {
            assertTrue(a.length(s) >= 5 && a.length(s) <= 15);
        }
        assertEquals(1L, a.vocabulary().longId(0));
        assertEquals(103L, a.vocabulary().longId(102));
    }

    @Test
    void tokensComeFromTheSequenceTopicUpToNoise() {
        SyntheticSequences g = base().withNoise(0.2).build();
        SequenceCorpus c = g.corpus();
        long own = 0;
        for (int s = 0; s < c.numSequences(); s++) {
            for (int p = c.start(s); p < c.end(s); p++) {
                if (g.topicAt(c.tokenAt(p)) == g.sequenceTopic(s)) {
                    own++;
                }
            }
        }
        double share = own / (double) c.numTokens();
        // 80% from the topic, plus a tenth of the 20% noise landing there by chance
        assertEquals(0.82, share, 0.03);
        assertEquals(3, g.topicAt(13));
        assertEquals(10, g.numTopics());
        assertEquals(1, g.partnerOf(0));
        assertEquals(0, g.partnerOf(1));
    }

    @Test
    void popularityIsSkewedWithinATopic() {
        SyntheticSequences g = base().withNoise(0).withZipf(1).build();
        int[] counts = g.corpus().tokenCounts();
        assertTrue(counts[0] > 3 * counts[90], counts[0] + " vs " + counts[90]); // rank 0 vs rank 9 of topic 0
    }

    @Test
    void writesOneLinePerSequence(@TempDir Path dir) throws Exception {
        SyntheticSequences g = base().withSequences(3).build();
        Path f = dir.resolve("sub/seq.txt");
        g.write(f);
        List<String> lines = Files.readAllLines(f);
        assertEquals(3, lines.size());
        SequenceCorpus c = g.corpus();
        for (int s = 0; s < 3; s++) {
            String[] ids = lines.get(s).split(" ");
            assertEquals(c.length(s), ids.length);
            for (int p = 0; p < ids.length; p++) {
                assertEquals(c.vocabulary().longId(c.tokenAt(c.start(s) + p)), Long.parseLong(ids[p]));
            }
        }
        try (var files = Files.list(f.getParent())) {
            assertEquals(1, files.count()); // no temporary file left
        }
        // a folder that cannot be created (a file is in the way): a checked IOException, the target untouched
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a file");
        assertThrows(java.io.IOException.class, () -> g.write(blocked.resolve("seq.txt")));
        assertEquals("a file", Files.readString(blocked));
        g.write(f);   // over an existing file: replaced whole
        assertEquals(3, Files.readAllLines(f).size());
    }

    @Test
    void protocolWCorpusIsAbout20MillionTokensOver50kItems() {
        long t0 = System.nanoTime();
        SequenceCorpus c = SyntheticSequences.protocolW().build().corpus();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(50_000, c.vocabulary().size());
        assertEquals(400_000, c.numSequences());
        assertEquals(20_000_000, c.numTokens(), 200_000);
        assertTrue(c.distinctTokens() > 49_000);
        assertTrue(seconds < 30, "took " + seconds + " s"); // a few seconds; generous for a loaded machine
    }

    @Test
    void badSettingsNameTheArgument() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SyntheticSequences.builder()
                .withItems(0).build())
                .getMessage().startsWith("items: 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SyntheticSequences.builder()
                .withNoise(1.5).build())
                .getMessage().startsWith("noise: 1.5"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SyntheticSequences.builder().withItems(5).withTopics(6)
                        .build()).getMessage().startsWith("topics: 6"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SyntheticSequences.builder()
                .withMinLength(3).withMaxLength(2).build())
                .getMessage().startsWith("length: [3, 2]"));
    }
}
