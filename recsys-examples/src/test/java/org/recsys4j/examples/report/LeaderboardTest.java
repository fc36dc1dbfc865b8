package org.recsys4j.examples.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaderboardTest {
    private static Leaderboard board() {
        return new Leaderboard("Protocol T — tiny", "3 users.",
                List.of(new Leaderboard.Column("HR@10", "%.4f"), new Leaderboard.Column("fit s", "%.1f")),
                "anchor HR@10 / NDCG@10",
                List.of(new Leaderboard.Row("ItemPop", "ItemPop", "train counts", "—", new double[] {0.5, 0.01},
                                new Leaderboard.Anchor(0.25, "0.2500 / 0.1000")),
                        new Leaderboard.Row("EASE λ=50", "EASE", "λ=50 | dual", "—", new double[] {2.0 / 3, Double.NaN}, null),
                        new Leaderboard.Row("iALS", "iALS", "f=8", "0, 1", new double[] {1, 12.345}, null)));
    }

    @Test
    void markdownHasTheSettingsSeedsFiguresAndAnchorOfEveryRow() {
        assertEquals("#### Protocol T — tiny\n\n3 users.\n\n"
                + "| model | settings | seeds | HR@10 | fit s | anchor HR@10 / NDCG@10 |\n"
                + "|---|---|---|---:|---:|---:|\n"
                + "| ItemPop | train counts | — | 0.5000 | 0.0 | 0.2500 / 0.1000 |\n"
                + "| EASE | λ=50 \\| dual | — | 0.6667 | — | — |\n"
                + "| iALS | f=8 | 0, 1 | 1.0000 | 12.3 | — |\n", board().markdown());
        assertEquals(1, board().rowsOf("EASE").size());
    }

    @Test
    void aTableWithoutAnchorsHasNoAnchorColumn() {
        Leaderboard b = new Leaderboard("R", "", List.of(new Leaderboard.Column("RMSE", "%.3f")), null,
                List.of(new Leaderboard.Row("ALS", "ALS", "f=10", "0", new double[] {0.9081}, null)));
        assertEquals("#### R\n\n| model | settings | seeds | RMSE |\n|---|---|---|---:|\n| ALS | f=10 | 0 | 0.908 |\n",
                b.markdown());
    }

    @Test
    void badShapesAreRejected() {
        List<Leaderboard.Column> one = List.of(new Leaderboard.Column("HR@10", "%.4f"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Leaderboard("t", "", one, null,
                List.of(new Leaderboard.Row("a", "a", "", "—", new double[] {1, 2}, null))));
        assertTrue(e.getMessage().contains("2 values for 1 columns"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Leaderboard("t", "", one, null,
                List.of(new Leaderboard.Row("a", "a", "", "—", new double[] {1}, null),
                        new Leaderboard.Row("a", "b", "", "—", new double[] {1}, null))));
        assertTrue(e.getMessage().contains("row label a appears twice"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> board().chart(Path.of("x.png"), 5));
    }

    @Test
    void theChartIsAPngWithOurBarsAndTheAnchorsBars(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("img/leaderboard-t-tiny.png");
        board().chart(png, 0);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Plots.WIDTH, img.getWidth());
        assertEquals(Plots.HEIGHT, img.getHeight());
        // the anchor's bars are drawn: without the anchors the picture differs
        Leaderboard b = board();
        Leaderboard noAnchor = new Leaderboard(b.title(), b.notes(), b.columns(), b.anchorHeader(), b.rows().stream()
                .map(r -> new Leaderboard.Row(r.label(), r.model(), r.settings(), r.seeds(), r.values(), null)).toList());
        Path plain = dir.resolve("plain.png");
        noAnchor.chart(plain, 0);
        BufferedImage other = ImageIO.read(plain.toFile());
        int differing = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                differing += img.getRGB(x, y) != other.getRGB(x, y) ? 1 : 0;
            }
        }
        assertTrue(differing > 1000, "anchor bars and legend drawn: " + differing + " pixels differ");
        // a value axis from 0.2 stretches the bars: another picture
        Path from = dir.resolve("from.png");
        b.chart(from, 0, 0.2);
        BufferedImage stretched = ImageIO.read(from.toFile());
        int moved = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                moved += img.getRGB(x, y) != stretched.getRGB(x, y) ? 1 : 0;
            }
        }
        assertTrue(moved > 1000, "axis from 0.2 redraws the bars: " + moved + " pixels differ");
        assertThrows(IllegalArgumentException.class, () -> b.chart(from, 0, Double.POSITIVE_INFINITY));
    }
}
