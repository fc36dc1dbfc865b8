package org.recsys4j.examples.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.recall.channel.MultiChannelRecall;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The served recall's fusion settings file: a round trip, and bad files named by file, line and field. */
class ServedRecallTest {
    @Test
    void theConfigRoundTripsAndBadFilesAreNamed(@TempDir Path dir) throws Exception {
        ServedRecall.Config c = new ServedRecall.Config(Map.of("item-cf", 4.0, "item2vec", 0.5, "genre", 0.0), 10,
                MultiChannelRecall.Fusion.MAX, "chosen on a validation split: test");
        Path f = dir.resolve("merge.txt");
        c.save(f);
        assertEquals(c, ServedRecall.Config.load(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "written through a temporary file");
        }

        Files.writeString(f, "weight.item-cf=2\nrrfK=60\nfusion=SUM\nweight.genre=-1\n");
        DataFileException e = assertThrows(DataFileException.class, () -> ServedRecall.Config.load(f));
        assertTrue(e.getMessage().contains("merge.txt") && e.getMessage().contains("4") && e.getMessage().contains("weight.genre"),
                e.getMessage());
        Files.writeString(f, "weight.item-cf=2\nrrfK=60\nfusion=MEAN\n");
        e = assertThrows(DataFileException.class, () -> ServedRecall.Config.load(f));
        assertTrue(e.getMessage().contains("fusion") && e.getMessage().contains("MEAN"), e.getMessage());
        Files.writeString(f, "weight.item-cf=2\nrrfK=60\n");
        e = assertThrows(DataFileException.class, () -> ServedRecall.Config.load(f));
        assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
        Files.writeString(f, "weight.item-cf=2\nrrfK=60\nfusion=SUM\ncolour=blue\n");
        e = assertThrows(DataFileException.class, () -> ServedRecall.Config.load(f));
        assertTrue(e.getMessage().contains("colour"), e.getMessage());
        Files.writeString(f, "no equals sign\n");
        assertThrows(DataFileException.class, () -> ServedRecall.Config.load(f));
    }
}
