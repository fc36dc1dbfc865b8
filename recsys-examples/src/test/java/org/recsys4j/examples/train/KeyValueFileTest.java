package org.recsys4j.examples.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.recall.channel.MultiChannelRecall;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The settings files of the validation searches, written and read by {@link KeyValueFile}. */
class KeyValueFileTest {
    @TempDir
    Path dir;

    @Test
    void theFilesKeepTheirFormat() throws Exception {
        Path lift = dir.resolve("als-lift.txt");
        new ServedAls.Lift(0.2, "chosen\non a split").save(lift);
        assertEquals("# the served ALS ranker's popularity lift\nbeta=0.2\nnotes=chosen on a split\n",
                Files.readString(lift, StandardCharsets.UTF_8));
        Path weight = dir.resolve("neuralcf-gmf.txt");
        new NeuMf.Weight(30, "w").save(weight);
        assertEquals("# the GMF (implicit ALS) weight of the served NeuMF\nweight=30.0\nnotes=w\n",
                Files.readString(weight, StandardCharsets.UTF_8));
        Path merge = dir.resolve("merge.txt");
        ServedRecall.Config c = new ServedRecall.Config(Map.of("item-cf", 1.0), 60, MultiChannelRecall.Fusion.SUM, "n");
        c.save(merge);
        assertEquals("# the served multi-channel recall's fusion settings\nweight.item-cf=1.0\nrrfK=60.0\nfusion=SUM\n"
                + "notes=n\n", Files.readString(merge, StandardCharsets.UTF_8));
        assertEquals(c, ServedRecall.Config.load(merge));
    }

    @Test
    void errorsNameTheFileLineAndField() throws Exception {
        Path f = dir.resolve("merge.txt");
        Files.writeString(f, "# c\n\nweight.item-cf=-1\n", StandardCharsets.UTF_8);
        DataFileException e = assertThrows(DataFileException.class, () -> ServedRecall.Config.load(f));
        assertEquals(3, e.line());
        assertEquals("weight.item-cf", e.field());
        Files.writeString(f, "rrfK=60\nno equals sign\n", StandardCharsets.UTF_8);
        e = assertThrows(DataFileException.class, () -> ServedRecall.Config.load(f));
        assertEquals(2, e.line());
        assertEquals("line", e.field());
        Files.writeString(f, "rrfK=60\nfusion=SUM\ncolour=red\n", StandardCharsets.UTF_8);
        e = assertThrows(DataFileException.class, () -> ServedRecall.Config.load(f));
        assertEquals("key", e.field());
        Files.writeString(f, "rrfK=60\nfusion=SUM\n", StandardCharsets.UTF_8);
        e = assertThrows(DataFileException.class, () -> ServedRecall.Config.load(f));
        assertEquals(0, e.line());
        Path lift = dir.resolve("als-lift.txt");
        Files.writeString(lift, "beta=x\n", StandardCharsets.UTF_8);
        e = assertThrows(DataFileException.class, () -> ServedAls.Lift.load(lift));
        assertEquals("beta", e.field());
        Files.writeString(lift, "alpha=1\n", StandardCharsets.UTF_8);
        e = assertThrows(DataFileException.class, () -> ServedAls.Lift.load(lift));
        assertEquals("line", e.field());
    }
}
