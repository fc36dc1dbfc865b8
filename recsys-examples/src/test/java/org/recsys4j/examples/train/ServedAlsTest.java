package org.recsys4j.examples.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.data.Interactions;
import org.recsys4j.core.synth.SyntheticMovieLens;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The served implicit ALS's popularity lift: chosen on a validation split, binding only where items most users like exist. */
class ServedAlsTest {
    private static final TrainingSettings S = new TrainingSettings(32, 5, 2, 6, 8, 1, 2, 7);

    @Test
    void onPlantedBlockbustersTheLiftKeepsCommonItemsOutOfTheLists() {
        Interactions r = SyntheticMovieLens.plantedBuilder(400, 600, 30_000, 7).build().generate().interactions();
        ServedAls.Lift lift = ServedAls.chooseLift(ServedAls.movieLens(S, ServingModels.ALS_REGULARIZATION), r,
                ServingModels.LIKED, 42);
        assertTrue(lift.beta() > 0, lift.toString());
        assertTrue(lift.notes().startsWith("chosen on a validation split of 400 users"), lift.notes());
        // the blockbusters (items 0..19) are liked by most users: they, and only they, are the common items (a later
        // one may fall short of half the users: a user rates at most half their count of blockbusters)
        boolean[] common = ServedAls.commonItems(r.filter(k -> r.value(k) >= ServingModels.LIKED), r.numItems());
        int n = 0;
        for (int i = 0; i < common.length; i++) {
            if (common[i]) {
                assertTrue(i < SyntheticMovieLens.PLANTED_BLOCKBUSTERS, "common item " + i + " is no blockbuster");
                n++;
            }
        }
        assertTrue(n >= SyntheticMovieLens.PLANTED_BLOCKBUSTERS - 2, n + " common items");
    }

    @Test
    void withoutItemsMostUsersLikeTheCapNeverBindsAndHrChooses() {
        Interactions r = SyntheticMovieLens.builder(400, 600, 30_000, 7).withClusters(15).build().generate()
                .interactions();
        ServedAls.Lift lift = ServedAls.chooseLift(ServedAls.movieLens(S, ServingModels.ALS_REGULARIZATION), r,
                ServingModels.LIKED, 42);
        assertFalse(lift.notes().contains("none kept it"), lift.notes());
        for (double beta : ServedAls.LIFT_GRID) {
            assertTrue(lift.notes().contains(String.format(java.util.Locale.ROOT, "β %.2g: HR@10", beta)), lift.notes());
        }
        assertTrue(lift.notes().contains("common slots 0.000"), lift.notes());
    }

    @Test
    void theLiftFileRoundTripsAndABadOneIsNamed(@TempDir Path dir) throws Exception {
        ServedAls.Lift lift = new ServedAls.Lift(0.3, "chosen somewhere");
        Path f = dir.resolve("als-lift.txt");
        lift.save(f);
        assertEquals(lift, ServedAls.Lift.load(f));
        Files.writeString(f, "beta=-1\n");
        DataFileException e = assertThrows(DataFileException.class, () -> ServedAls.Lift.load(f));
        assertTrue(e.getMessage().contains("als-lift.txt") && e.getMessage().contains("beta"), e.getMessage());
        Files.writeString(f, "notes=x\n");
        assertThrows(DataFileException.class, () -> ServedAls.Lift.load(f));
        assertThrows(IllegalArgumentException.class, () -> new ServedAls.Lift(Double.NaN, ""));
    }
}
