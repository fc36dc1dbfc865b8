package org.recsys4j.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.synth.SyntheticMovieLens;
import org.recsys4j.examples.ConsoleCapture;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code generate --planted} writes the one planted shape ({@link SyntheticMovieLens#plantedBuilder}), byte for byte. */
class GeneratePlantedCliTest {
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @Test
    void generatePlantedWritesThePlantedShapeAndGivenOptionsOverrideItsParts(@TempDir Path dir) throws Exception {
        int status = Recsys4jCli.run("generate", "--out", dir.resolve("cli").toString(), "--planted", "--users", "300",
                "--items", "450", "--ratings", "9000", "--seed", "3");
        assertEquals(0, status, console.err.toString(StandardCharsets.UTF_8));
        SyntheticMovieLens gen = SyntheticMovieLens.plantedBuilder(300, 450, 9_000, 3).build();
        gen.writeLatestCsv(dir.resolve("api"));
        for (String f : new String[] {"ratings.csv", "movies.csv", "links.csv"}) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("api").resolve(f)), Files.readAllBytes(dir.resolve("cli")
                    .resolve(f)), f);
        }
        String out = console.out.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("independentGenres") && out.contains("blockbusters=20"), out);
    }
}
